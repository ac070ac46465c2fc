/* Unit tests of lib/auth: address normalisation, the built-in rules line
 * by line (service, kind, address, user), connections (pending failures,
 * PAM de-duplication, bounds), HTTP records, rule files, hostile input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "tap.h"

static void norm(const char *in, int kind, const char *want)
{
	char out[AUTH_IP_MAX], what[200];
	int k = auth_norm_ip(in, strlen(in), out);
	snprintf(what, sizeof what, "norm_ip \"%s\" -> \"%s\" (%d)", in, want, kind);
	ok(k == kind && strcmp(out, want) == 0, what);
	if (k != kind || strcmp(out, want) != 0)
		printf("#   got \"%s\" (%d)\n", out, k);
}

struct line {
	const char *process;   /* NULL: none */
	const char *message;
	int kind;              /* AUTH_NONE, AUTH_FAILURE, AUTH_SUCCESS */
	const char *service, *ip, *user;
};

/* One line of each family, as lparse gives them (message, process). */
static const struct line lines[] = {
	{ "sshd", "Failed password for invalid user admin from 203.0.113.9 port 4242 ssh2", AUTH_FAILURE, "sshd", "203.0.113.9", "admin" },
	{ "sshd", "Failed password for root from 2001:DB8::1 port 22 ssh2", AUTH_FAILURE, "sshd", "2001:db8::1", "root" },
	{ "sshd", "Failed keyboard-interactive/pam for bob from ::ffff:192.0.2.4 port 1 ssh2", AUTH_FAILURE, "sshd", "192.0.2.4", "bob" },
	{ "sshd", "Accepted publickey for alice from 192.0.2.8 port 51234 ssh2: ED25519 SHA256:x", AUTH_SUCCESS, "sshd", "192.0.2.8", "alice" },
	{ "sshd", "Invalid user oracle from 198.51.100.2 port 5", AUTH_FAILURE, "sshd", "198.51.100.2", "oracle" },
	{ "sshd", "error: maximum authentication attempts exceeded for root from 192.0.2.7 port 4 ssh2 [preauth]", AUTH_FAILURE, "sshd", "192.0.2.7", "root" },
	{ "sshd", "Failed publickey for git from 192.0.2.1 port 57904 ssh2: RSA x", AUTH_NONE, NULL, NULL, NULL },
	{ "sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.3  user=root", AUTH_NONE, NULL, NULL, NULL },
	{ "sshd", "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)", AUTH_NONE, NULL, NULL, NULL },
	{ "dropbear", "Bad password attempt for 'root' from 198.51.100.87:5543", AUTH_FAILURE, "dropbear", "198.51.100.87", "root" },
	{ "vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=test rhost=58.254.172.161", AUTH_FAILURE, "vsftpd", "58.254.172.161", NULL },
	{ "login", "pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=/dev/tty1 ruser= rhost=  user=carol", AUTH_FAILURE, "login", "", "carol" },
	{ "sudo", "   carol : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/carol ; USER=root ; COMMAND=/bin/ls", AUTH_FAILURE, "sudo", "", "carol" },
	{ "sudo", "pam_unix(sudo:auth): authentication failure; logname=carol uid=1000 euid=0 tty=/dev/pts/0 ruser=carol rhost=  user=carol", AUTH_NONE, NULL, NULL, NULL },
	{ "proftpd", "host (1.2.3.4[1.2.3.4]) - USER bob: no such user found from 1.2.3.4 [1.2.3.4] to 5.6.7.8:21", AUTH_FAILURE, "proftpd", "1.2.3.4", "bob" },
	{ "pure-ftpd", "(?@24.79.92.194) [WARNING] Authentication failed for user [Administrator]", AUTH_FAILURE, "pure-ftpd", "24.79.92.194", "Administrator" },
	{ "dovecot", "imap-login: Disconnected (auth failed, 2 attempts): user=<bob>, method=PLAIN, rip=49.176.98.87, lip=1.2.3.4, TLS", AUTH_FAILURE, "dovecot", "49.176.98.87", "bob" },
	{ "postfix/smtpd", "warning: unknown[192.0.2.150]: SASL PLAIN authentication failed:", AUTH_FAILURE, "postfix", "192.0.2.150", NULL },
	{ "postfix/smtpd", "warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server", AUTH_NONE, NULL, NULL, NULL },
	{ NULL, "2013-06-12 03:57:58 login authenticator failed for (ylmf-pc) [120.196.140.45]: 535 Incorrect authentication data", AUTH_FAILURE, "exim", "120.196.140.45", NULL },
	{ "sm-mta", "s1GNXHYB005133: [190.5.230.178]: possible SMTP attack: command=AUTH, count=5", AUTH_FAILURE, "sendmail", "190.5.230.178", NULL },
	{ "imapd", "LOGIN FAILED, user=sales@example.com, ip=[::ffff:1.2.3.4]", AUTH_FAILURE, "courier", "1.2.3.4", "sales@example.com" },
	{ "cyrus/imap", "badlogin: localhost [198.51.100.23] plaintext administrator SASL(-13): authentication failure: checkpass failed", AUTH_FAILURE, "cyrus", "198.51.100.23", "administrator" },
	{ NULL, "130324  0:04:00 [Warning] Access denied for user 'root'@'192.168.1.35' (using password: NO)", AUTH_FAILURE, "mysqld", "192.168.1.35", "root" },
	{ "ovpn-server", "192.0.2.254:64480 TLS Auth Error: Auth Username/Password verification failed for peer", AUTH_FAILURE, "openvpn", "192.0.2.254", NULL },
	{ NULL, "[20220407-12:11:06] [INFO ] AUTHFAIL: user=badtypist ip=::ffff:10.171.161.151 time=1649351466", AUTH_FAILURE, "xrdp", "10.171.161.151", "badtypist" },
	{ NULL, "[Thu Jul 11 01:21:43 2013] [error] [client 194.228.20.113] user dsfasdf not found: /", AUTH_FAILURE, "apache", "194.228.20.113", "dsfasdf" },
	{ NULL, "2012/04/09 11:53:36 [error] 2865#0: *66647 user \"xyz\": password mismatch, client: 192.0.43.10, server: www.myhost.com, request: \"GET / HTTP/1.1\"", AUTH_FAILURE, "nginx", "192.0.43.10", "xyz" },
	{ NULL, "this line mentions nothing of interest", AUTH_NONE, NULL, NULL, NULL },
	/* bare messages: "host prog[pid]: msg" as journalctl -o short gives them */
	{ NULL, "srv sshd[31602]: Failed password for invalid user ROOT from 194.117.26.69 port 50273 ssh2", AUTH_FAILURE, "sshd", "194.117.26.69", "ROOT" },
	{ NULL, "Failed password for root from 192.0.2.9 port 22 ssh2", AUTH_FAILURE, "sshd", "192.0.2.9", "root" },
};

static void check_line(struct auth *a, const struct line *l)
{
	struct auth_in in = AUTH_IN_INIT;
	in.message = span_str(l->message);
	if (l->process) {
		in.process = span_str(l->process);
		in.hostname = span_str("host");
		in.pid = 100;
	}
	struct auth_event ev[2];
	int n = auth_recognise(a, &in, ev);
	char what[160];
	snprintf(what, sizeof what, "%.100s", l->message);
	if (l->kind == AUTH_NONE) {
		is_int(n, 0, what);
		return;
	}
	bool good = n == 1 && ev[0].kind == (enum auth_kind)l->kind && strcmp(ev[0].service, l->service) == 0 &&
		    strcmp(ev[0].ip, l->ip) == 0 && (!l->user || strcmp(ev[0].user, l->user) == 0);
	ok(good, what);
	if (!good && n > 0)
		printf("#   got n=%d kind=%d service=%s ip=%s user=%s rule=%s\n", n, ev[0].kind,
		       ev[0].service, ev[0].ip, ev[0].user, ev[0].rule);
	else if (!good)
		printf("#   no event\n");
}

static int recognise_msg(struct auth *a, const char *proc, long long pid, const char *msg,
			 struct auth_event ev[2])
{
	struct auth_in in = AUTH_IN_INIT;
	in.message = span_str(msg);
	in.process = span_str(proc);
	in.hostname = span_str("h");
	in.pid = pid;
	return auth_recognise(a, &in, ev);
}

static int http(struct auth *a, const char *method, const char *path, int status, const char *user,
		struct auth_event ev[2])
{
	struct auth_in in = AUTH_IN_INIT;
	in.message = span_str("GET / HTTP/1.1");
	in.ip = span_str("203.0.113.50");
	in.method = span_str(method);
	in.path = span_str(path);
	in.status = status;
	if (user)
		in.user = span_str(user);
	return auth_recognise(a, &in, ev);
}

int main(void)
{
	norm("1.2.3.4", 1, "1.2.3.4");
	norm("[::ffff:1.2.3.4]", 1, "1.2.3.4");
	norm("::ffff:1.2.3.4:8080", 1, "1.2.3.4");
	norm("198.51.100.87:5543", 1, "198.51.100.87");
	norm("2001:DB8:0:0::1", 1, "2001:db8::1");
	norm("[2001:db8::1]:443", 1, "2001:db8::1");
	norm("1.2.3.4.", 1, "1.2.3.4");
	norm("Example.COM", 2, "example.com");
	norm("192.030.0.6", 2, "192.030.0.6");
	norm("b@d!", 0, "");
	norm("localhost", 2, "localhost");
	norm("", 0, "");

	struct auth *a = auth_new();
	is_int(auth_rule_count(a), auth_builtin_count(), "every built-in rule compiles");
	ok(auth_builtin_count() > 100, "over a hundred built-in rules");
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		check_line(a, &lines[i]);

	/* a failure whose address comes later on the same connection */
	struct auth_event ev[2];
	is_int(recognise_msg(a, "sshd", 77, "Disconnecting: Too many authentication failures for root [preauth]", ev), 0,
	       "too many failures without an address: held");
	is_int(recognise_msg(a, "sshd", 78, "Connection closed by 192.0.2.1 port 1 [preauth]", ev), 0,
	       "another connection closing: nothing");
	int n = recognise_msg(a, "sshd", 77, "Connection closed by 198.51.100.7 port 1 [preauth]", ev);
	ok(n == 1 && strcmp(ev[0].ip, "198.51.100.7") == 0 && strcmp(ev[0].user, "root") == 0 &&
	   strcmp(ev[0].rule, "sshd.too_many") == 0, "the connection's address releases the held failure");
	is_int(recognise_msg(a, "sshd", 77, "Connection closed by 198.51.100.7 port 1 [preauth]", ev), 0,
	       "released once only");
	/* the address known first, then the failure without one */
	recognise_msg(a, "sshd", 80, "Connection from 192.0.2.66 port 5 on 10.0.0.1 port 22", ev);
	n = recognise_msg(a, "sshd", 80, "Disconnecting: Too many authentication failures [preauth]", ev);
	ok(n == 1 && strcmp(ev[0].ip, "192.0.2.66") == 0, "the address from an earlier line of the connection");
	/* mongodb: the connection is [connN] of the message */
	is_int(recognise_msg(a, "mongod", -1, "[conn5] Failed to authenticate root@admin with mechanism MONGODB-CR: AuthenticationFailed", ev), 0,
	       "mongodb failure held");
	n = recognise_msg(a, "mongod", -1, "[conn5] end connection 192.0.2.171:53276 (0 connections now open)", ev);
	ok(n == 1 && strcmp(ev[0].ip, "192.0.2.171") == 0 && strcmp(ev[0].service, "mongodb") == 0,
	   "mongodb: released when the connection ends");

	/* bounded connection memory */
	auth_set_max_conns(a, 16);
	for (int i = 0; i < 5000; i++)
		recognise_msg(a, "sshd", 1000 + i, "Disconnecting: Too many authentication failures [preauth]", ev);
	is_int(recognise_msg(a, "sshd", 1000, "Connection closed by 192.0.2.1 port 1 [preauth]", ev), 0,
	       "old pending failures were dropped to stay in bounds");
	is_int(recognise_msg(a, "sshd", 5999, "Connection closed by 192.0.2.1 port 1 [preauth]", ev), 1,
	       "recent ones are kept");

	/* HTTP access records */
	ok(http(a, "GET", "/admin", 401, "bob", ev) == 1 && strcmp(ev[0].rule, "http.401") == 0 &&
	   strcmp(ev[0].user, "bob") == 0 && strcmp(ev[0].ip, "203.0.113.50") == 0, "401 with a user");
	is_int(http(a, "GET", "/admin", 401, NULL, ev), 0, "401 without a user is the challenge");
	ok(http(a, "POST", "/wp-login.php", 200, NULL, ev) == 1 && strcmp(ev[0].rule, "http.login_post") == 0,
	   "POST to wp-login.php answered 200");
	ok(http(a, "POST", "/blog/wp-login.php?redirect_to=x", 403, NULL, ev) == 1, "login path with a prefix and a query");
	is_int(http(a, "POST", "/wp-login.php", 302, NULL, ev), 0, "a redirect after the login is no failure");
	is_int(http(a, "POST", "/mylogin", 200, NULL, ev), 0, "a path that only ends like one is not a login path");
	is_int(http(a, "GET", "/wp-login.php", 200, NULL, ev), 0, "GET of the login form is nothing");
	auth_clear_login_paths(a);
	auth_add_login_path(a, "/sso/auth");
	is_int(http(a, "POST", "/wp-login.php", 200, NULL, ev), 0, "defaults replaced");
	is_int(http(a, "POST", "/sso/auth", 200, NULL, ev), 1, "a configured login path");

	/* hostile input: NULs, invalid UTF-8, a huge line, a long user */
	static const char nul[] = "Failed password for ro\0ot from 192.0.2.1 port 1 ssh2";
	struct auth_in in = AUTH_IN_INIT;
	in.message = span_make(nul, sizeof nul - 1);
	n = auth_recognise(a, &in, ev);
	ok(n == 1 && strcmp(ev[0].ip, "192.0.2.1") == 0, "a NUL inside the message");
	size_t big = 1 << 20;
	char *huge = malloc(big + 64);
	char line[1024];
	memset(line, 'a', sizeof line);
	memcpy(line, "Failed password for ", 20);
	strcpy(line + 600, " from 192.0.2.1 port 1 ssh2");
	in.message = span_str(line);
	n = auth_recognise(a, &in, ev);
	ok(n == 1 && strlen(ev[0].user) == AUTH_USER_MAX - 1, "a long user name is cut to size");
	for (size_t i = 20; i < 600; i += 2) {
		line[i] = (char)0xC3;
		line[i + 1] = (char)0xA9;   /* "é" repeated */
	}
	in.message = span_str(line);
	n = auth_recognise(a, &in, ev);
	size_t ul = n == 1 ? strlen(ev[0].user) : 0;
	ok(n == 1 && ul > 0 && ul < AUTH_USER_MAX && (unsigned char)ev[0].user[ul - 1] == 0xA9,
	   "a long UTF-8 user is cut at a character boundary");
	memset(huge, 'a', big);
	memcpy(huge, "Failed password for ", 20);
	strcpy(huge + big, " from 192.0.2.1 port 1 ssh2");
	in.message = span_str(huge);
	n = auth_recognise(a, &in, ev);
	ok(n <= 1, "a 1 MB line: no crash (the match limit may give up)");
	/* many " from " make lazy patterns work hard: the match limit holds */
	for (size_t i = 0; i + 6 < big; i += 6)
		memcpy(huge + i, " from ", 6);
	memcpy(huge, "Failed password for ", 20);
	huge[big] = '\0';
	in.message = span_str(huge);
	n = auth_recognise(a, &in, ev);
	ok(n == 0, "a line built to backtrack ends without a match");
	free(huge);
	auth_free(a);

	/* rule files */
	char path[] = "/tmp/t_auth.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "# local rules\nmyapp.bad_login\tauth_failure\tmedium\tmessage\tLOGIN REFUSED user=(?<user>\\S+) addr=(?<ip>\\S+)\tmy application\n");
	fclose(f);
	a = auth_new();
	char err[256];
	is_int(auth_add_rules(a, path, err, sizeof err), 1, "a rule file loads");
	n = recognise_msg(a, "myapp", 1, "LOGIN REFUSED user=eve addr=192.0.2.77", ev);
	ok(n == 1 && strcmp(ev[0].service, "myapp") == 0 && strcmp(ev[0].ip, "192.0.2.77") == 0 &&
	   strcmp(ev[0].user, "eve") == 0 && strcmp(ev[0].rule, "myapp.bad_login") == 0, "a rule from a file");
	f = fopen(path, "w");
	fprintf(f, "x.y\tsql_injection\thigh\tmessage\tfoo\tnot ours\n");
	fclose(f);
	is_int(auth_add_rules(a, path, err, sizeof err), -1, "a type lbrute does not know is refused");
	ok(strstr(err, ":1: type \"sql_injection\"") != NULL, "the error names FILE:LINE");
	f = fopen(path, "w");
	fprintf(f, "bad\tauth_failure\thigh\tmessage\t(unclosed\t\n");
	fclose(f);
	is_int(auth_add_rules(a, path, err, sizeof err), -1, "a bad pattern is refused");
	ok(strncmp(err, path, strlen(path)) == 0, "with the file's name");
	unlink(path);
	auth_free(a);
	return tap_done();
}
