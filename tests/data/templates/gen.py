import random, sys, os
random.seed(4)
R=random
users=['root','admin','alice','bob','deploy','git','oracle','test','ubuntu','postgres','www-data','jenkins']
words=['alpha','beta','gamma','delta','omega','kappa','zeta']
hosts=['web01','db-2','cache3','api-gateway','worker-17','mail','ns1','lb-east']
svc=['nginx.service','ssh.service','cron.service','docker.service','postgresql@15-main.service','systemd-journald.service']
def ip(): return '%d.%d.%d.%d'%(R.randint(1,223),R.randint(0,255),R.randint(0,255),R.randint(1,254))
def ip6(): return '2001:db8:%x::%x'%(R.randint(1,65535),R.randint(1,65535))
def port(): return str(R.randint(1024,65535))
def num(a=1,b=100000): return str(R.randint(a,b))
def hexs(n=12): return ''.join(R.choice('0123456789abcdef') for _ in range(n))
def uuid(): return '%s-%s-%s-%s-%s'%(hexs(8),hexs(4),hexs(4),hexs(4),hexs(12))
def path(): return '/'+'/'.join(R.choice(['var','log','srv','data','home','tmp','etc','opt','app','cache'])+('' if R.random()<.6 else str(R.randint(1,9))) for _ in range(R.randint(1,4)))
def fname(): return R.choice(['config','index','report','image','backup'])+'.'+R.choice(['yaml','html','csv','png','tar.gz'])
def dur(): return '%.3f'%R.uniform(0,20)
def ms(): return num(1,5000)+'ms'
def ts(): return '2026-11-%02dT%02d:%02d:%02d.%03dZ'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59),R.randint(0,999))
def email(): return R.choice(users).replace('-','')+'@'+R.choice(['example.com','corp.example.org','mail.test'])
def url(): return R.choice(['https','http'])+'://'+R.choice(['api','cdn','auth'])+'.example.com'+path()
def user(): return R.choice(users)
def word(): return R.choice(words)
def host(): return R.choice(hosts)
def pid(): return num(100,65000)
def phrase(): return ' '.join(R.choice(['disk','full','timeout','reset','by','peer','denied','unknown'] ) for _ in range(R.randint(2,4)))
# Each program: list of (template-with-{} placeholders, [generator functions])
# True template: placeholders -> <*>
progs = {
'sshd': [
 ('Failed password for {} from {} port {} ssh2',[user,ip,port]),
 ('Failed password for invalid user {} from {} port {} ssh2',[user,ip,port]),
 ('Accepted publickey for {} from {} port {} ssh2: RSA SHA256:{}',[user,ip,port,lambda:hexs(43)]),
 ('Accepted password for {} from {} port {} ssh2',[user,ip,port]),
 ('Invalid user {} from {} port {}',[user,ip,port]),
 ('Connection closed by {} port {} [preauth]',[ip,port]),
 ('Received disconnect from {} port {}:11: Bye Bye [preauth]',[ip,port]),
 ('pam_unix(sshd:session): session opened for user {}(uid={}) by (uid=0)',[user,lambda:num(0,2000)]),
 ('pam_unix(sshd:session): session closed for user {}',[user]),
 ('Disconnected from user {} {} port {}',[user,ip,port]),
 ('error: maximum authentication attempts exceeded for {} from {} port {} ssh2 [preauth]',[user,ip,port]),
 ('Server listening on {} port {}.',[lambda:R.choice(['0.0.0.0','::']),lambda:'22']),
],
'kernel': [
 ('[UFW BLOCK] IN=eth0 OUT= MAC={} SRC={} DST={} LEN={} TOS=0x00 PREC=0x00 TTL={} ID={} PROTO=TCP SPT={} DPT={} WINDOW={} RES=0x00 SYN URGP=0',[lambda:':'.join(hexs(2) for _ in range(14)),ip,ip,lambda:num(40,1500),lambda:num(30,128),lambda:num(1,65535),port,lambda:R.choice(['22','80','443','3389']),lambda:num(1000,65535)]),
 ('Out of memory: Killed process {} ({}) total-vm:{}kB, anon-rss:{}kB, file-rss:{}kB, shmem-rss:0kB',[pid,lambda:R.choice(['java','python3','node','postgres']),num,num,num]),
 ('EXT4-fs ({}): mounted filesystem with ordered data mode. Quota mode: none.',[lambda:R.choice(['sda1','sdb2','nvme0n1p3','dm-0'])]),
 ('usb {}: new high-speed USB device number {} using xhci_hcd',[lambda:'%d-%d'%(R.randint(1,4),R.randint(1,9)),lambda:num(1,30)]),
 ('{}[{}]: segfault at {} ip {} sp {} error {} in {}[{}+{}]',[lambda:R.choice(['php-fpm','chrome','a.out']),pid,lambda:hexs(12),lambda:'0000'+hexs(12),lambda:'00007ff'+hexs(9),lambda:R.choice(['4','6','14']),lambda:R.choice(['libc.so.6','libz.so.1']),lambda:hexs(12),lambda:hexs(5)]),
 ('TCP: request_sock_TCP: Possible SYN flooding on port {}. Sending cookies.  Check SNMP counters.',[lambda:R.choice(['80','443','8080'])]),
 ('nf_conntrack: nf_conntrack: table full, dropping packet',[]),
 ('e1000e {}: eth0: NIC Link is Up {} Mbps Full Duplex, Flow Control: Rx/Tx',[lambda:'0000:00:%02x.0'%R.randint(0,31),lambda:R.choice(['100','1000'])]),
],
'nginx_error': [
 ('{} [error] {}#{}: *{} open() "{}" failed (2: No such file or directory), client: {}, server: {}, request: "GET {} HTTP/1.1", host: "{}"',[lambda:'2026/11/%02d %02d:%02d:%02d'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59)),pid,lambda:num(0,8),num,path,ip,lambda:R.choice(['example.com','_']),path,lambda:R.choice(['example.com','www.example.com'])]),
 ('{} [error] {}#{}: *{} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {}, server: {}, request: "POST {} HTTP/1.1", upstream: "http://{}:{}{}", host: "{}"',[lambda:'2026/11/%02d %02d:%02d:%02d'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59)),pid,lambda:num(0,8),num,ip,lambda:'example.com',path,ip,port,path,lambda:'example.com']),
 ('{} [warn] {}#{}: *{} an upstream response is buffered to a temporary file {} while reading upstream, client: {}, server: {}, request: "GET {} HTTP/1.1"',[lambda:'2026/11/%02d %02d:%02d:%02d'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59)),pid,lambda:num(0,8),num,lambda:'/var/cache/nginx/proxy_temp/'+num(1,9)+'/'+num(10,99)+'/'+num(1000000,9999999),ip,lambda:'example.com',path]),
 ('{} [notice] {}#{}: signal process started',[lambda:'2026/11/%02d %02d:%02d:%02d'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59)),pid,lambda:'0']),
 ('{} [crit] {}#{}: *{} SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {}, server: {}:443',[lambda:'2026/11/%02d %02d:%02d:%02d'%(R.randint(1,28),R.randint(0,23),R.randint(0,59),R.randint(0,59)),pid,lambda:num(0,8),num,ip,lambda:'0.0.0.0']),
],
'postgres': [
 ('connection received: host={} port={}',[ip,port]),
 ('connection authorized: user={} database={} application_name={}',[user,lambda:R.choice(['app','analytics','postgres','billing']),lambda:R.choice(['psql','pgbouncer','django'])]),
 ('duration: {} ms  statement: SELECT * FROM {} WHERE id = {}',[dur,lambda:R.choice(['users','orders','items']),num]),
 ('password authentication failed for user "{}"',[user]),
 ('relation "{}" does not exist at character {}',[lambda:R.choice(['public.orders','tmp_import','users_old','audit']),lambda:num(1,200)]),
 ('checkpoint complete: wrote {} buffers ({}%); 0 WAL file(s) added, {} removed, {} recycled; write={} s, sync={} s, total={} s',[num,lambda:'%.1f'%R.uniform(0,100),lambda:num(0,5),lambda:num(0,5),dur,dur,dur]),
 ('automatic vacuum of table "{}": index scans: {}',[lambda:R.choice(['app.public.users','app.public.orders','billing.public.invoices']),lambda:num(0,3)]),
 ('could not receive data from client: Connection reset by peer',[]),
 ('disconnection: session time: {} user={} database={} host={} port={}',[lambda:'0:%02d:%02d.%03d'%(R.randint(0,59),R.randint(0,59),R.randint(0,999)),user,lambda:R.choice(['app','analytics']),ip,port]),
],
'pyapp': [
 ('Request {} {} completed in {} with status {}',[lambda:R.choice(['GET','POST','PUT','DELETE']),path,ms,lambda:R.choice(['200','201','404','500'])]),
 ('User {} logged in from {}',[user,ip]),
 ('User {} logged out',[user]),
 ('Cache miss for key {}',[lambda:'session:'+hexs(16)]),
 ('Task {} finished in {} seconds',[uuid,dur]),
 ('Task {} failed: {}',[uuid,lambda:R.choice(['timeout','connection refused','worker lost'])]),
 ('Retrying request to {} (attempt {} of {})',[url,lambda:num(1,5),lambda:'5']),
 ('Sent email to {} with subject "{}"',[email,lambda:R.choice(['Your invoice','Password reset','Welcome aboard','Weekly report for team'])]),
 ('Uploaded {} to bucket {} ({} bytes)',[fname,lambda:R.choice(['media','backups','exports']),num]),
 ('Worker {} started with pid {}',[lambda:'worker-'+num(1,32),pid]),
 ('Config reloaded from {}',[lambda:'/etc/app/'+fname()]),
 ('Slow query detected: {} took {}',[lambda:R.choice(['get_user','list_orders','search']),ms]),
],
'hdfs': [
 ('Receiving block {} src: /{}:{} dest: /{}:{}',[lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18),ip,port,ip,lambda:'50010']),
 ('PacketResponder {} for block {} terminating',[lambda:num(0,2),lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18)]),
 ('Received block {} of size {} from /{}',[lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18),num,ip]),
 ('BLOCK* NameSystem.addStoredBlock: blockMap updated: {}:{} is added to {} size {}',[ip,lambda:'50010',lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18),num]),
 ('BLOCK* NameSystem.allocateBlock: {}. {}',[lambda:'/user/root/rand/_temporary/_task_%s_r_%06d_0/part-%05d'%(num(200811092030,200811092039),R.randint(0,999),R.randint(0,999)),lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18)]),
 ('Deleting block {} file {}',[lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18),lambda:'/mnt/hadoop/dfs/data/current/subdir'+num(1,60)+'/blk_'+num(10**17,10**18)]),
 ('{}:Served block {} to /{}',[lambda:ip()+':50010',lambda:'blk_'+R.choice(['','-'])+num(10**17,10**18),ip]),
],
'systemd': [
 ('Started {}.',[lambda:R.choice(['Session '+num(1,999)+' of User '+user(), 'Daily apt upgrade and clean activities','Rotate log files'])]),
 ('{}: Deactivated successfully.',[lambda:R.choice(svc)]),
 ('{}: Main process exited, code=exited, status={}/{}',[lambda:R.choice(svc),lambda:R.choice(['1','2','127']),lambda:R.choice(['FAILURE','INVALIDARGUMENT'])]),
 ('{}: Failed with result \'exit-code\'.',[lambda:R.choice(svc)]),
 ('{}: Consumed {} CPU time.',[lambda:R.choice(svc),lambda:'%.3fs'%R.uniform(0,100)]),
 ('Reloading {}...',[lambda:R.choice(['nginx','docker','postfix'])]),
 ('New session {} of user {}.',[lambda:num(1,9999),user]),
 ('Removed session {}.',[lambda:num(1,9999)]),
],
'k8s': [
 ('Pulling image "{}"',[lambda:R.choice(['nginx','redis','registry.example.com/app/api','busybox'])+':'+R.choice(['latest','1.25.3','v2.14.0','7.2'])]),
 ('Successfully pulled image "{}" in {} (includes {} waiting)',[lambda:R.choice(['nginx','redis','registry.example.com/app/api'])+':'+R.choice(['latest','1.25.3']),ms,ms]),
 ('Created container {}',[lambda:R.choice(['api','sidecar','init-db','web'])]),
 ('Back-off restarting failed container {} in pod {}',[lambda:R.choice(['api','worker']),lambda:R.choice(['api','worker'])+'-'+hexs(10)+'-'+''.join(R.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))+'_'+R.choice(['default','prod'])+'('+uuid()+')']),
 ('Liveness probe failed: Get "{}": dial tcp {}:{}: connect: connection refused',[lambda:'http://'+ip()+':8080/healthz',ip,lambda:'8080']),
 ('Readiness probe failed: HTTP probe failed with statuscode: {}',[lambda:R.choice(['500','503','404'])]),
 ('Scaled up replica set {} to {}',[lambda:R.choice(['api','worker','web'])+'-'+hexs(10),lambda:num(1,10)]),
],
'postfix': [
 ('connect from {}[{}]',[lambda:R.choice(['unknown','mail.example.com','mx1.example.net']),ip]),
 ('disconnect from {}[{}] ehlo=1 auth=0/1 quit=1 commands=2/3',[lambda:R.choice(['unknown','mail.example.com']),ip]),
 ('lost connection after AUTH from {}[{}]',[lambda:'unknown',ip]),
 ('warning: {}[{}]: SASL LOGIN authentication failed: authentication failure',[lambda:'unknown',ip]),
 ('{}: client={}[{}], sasl_method=PLAIN, sasl_username={}',[lambda:hexs(10).upper(),lambda:'unknown',ip,email]),
 ('{}: from=<{}>, size={}, nrcpt={} (queue active)',[lambda:hexs(10).upper(),email,num,lambda:num(1,3)]),
 ('{}: to=<{}>, relay={}[{}]:25, delay={}, delays={}/{}/{}/{}, dsn=2.0.0, status=sent (250 2.0.0 OK)',[lambda:hexs(10).upper(),email,lambda:R.choice(['mx.example.org','aspmx.l.google.com']),ip,dur,dur,dur,dur,dur]),
 ('{}: removed',[lambda:hexs(10).upper()]),
 ('NOQUEUE: reject: RCPT from {}[{}]: 554 5.7.1 <{}>: Relay access denied; from=<{}> to=<{}> proto=ESMTP helo=<{}>',[lambda:'unknown',ip,email,email,email,lambda:R.choice(['localhost','example.com','WIN-'+hexs(6).upper()])]),
],
'java': [
 ('Connection to {} established',[lambda:R.choice(['db-primary','cache','queue'])+':'+port()]),
 ('Connection to {} closed',[lambda:R.choice(['db-primary','cache','queue'])+':'+port()]),
 ('Connection to {} refused',[lambda:R.choice(['db-primary','cache','queue'])+':'+port()]),
 ('Started {} in {} seconds (JVM running for {})',[lambda:R.choice(['Application','OrderService','BillingApp']),dur,dur]),
 ('HikariPool-{} - Starting...',[lambda:num(1,4)]),
 ('HikariPool-{} - Start completed.',[lambda:num(1,4)]),
 ('Exception in thread "{}" java.lang.{}: {}',[lambda:R.choice(['main','pool-1-thread-3','http-nio-8080-exec-7']),lambda:R.choice(['NullPointerException','IllegalStateException']),lambda:R.choice(['null','closed','bad state'])]),
 ('Tomcat started on port(s): {} (http) with context path \'{}\'',[lambda:R.choice(['8080','8443']),lambda:R.choice(['','/api'])]),
 ('Completed initialization in {} ms',[lambda:num(1,900)]),
 ('Resolved [org.springframework.web.{}: {}]',[lambda:R.choice(['HttpRequestMethodNotSupportedException','bind.MissingServletRequestParameterException']),lambda:R.choice(["Request method 'GET' is not supported","Required parameter 'id' is not present"])]),
],
}
out=sys.argv[1]
os.makedirs(out,exist_ok=True)
for name,tpls in progs.items():
    lines=[]
    N=R.randint(70,90)
    weights=[R.choice([1,2,3,5,8]) for _ in tpls]
    for i in range(N):
        t,gens=R.choices(tpls,weights)[0]
        vals=[g() for g in gens]
        msg=t.format(*vals)
        truth=t.replace('{}','<*>')
        assert '\t' not in msg
        lines.append(truth+'\t'+msg)
    with open(os.path.join(out,name+'.tsv'),'w') as f:
        f.write('template\tmessage\n')
        f.write('\n'.join(lines)+'\n')
