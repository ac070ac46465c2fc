/*
 * auth: recognising authentication events in records (see auth.h).
 *
 * Speed: each built-in rule names a trigger, a lower-case literal that any
 * line it matches must contain.  One pass over the message (a bigram
 * bitmap rejects most positions at once) finds which triggers occur; only
 * rules whose trigger is present run their regular expression.  Most lines
 * of a real auth log run no regular expression at all.
 */
#include "auth.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "ipaddr.h"
#include "rules.h"
#include "xalloc.h"

/* ---- the built-in rules ---- */

/* Pieces of patterns.  ADDR: an address or host name token; the
 * normaliser strips brackets, ports and ::ffff:. */
#define ADDR "(?<ip>[^\\s,;()<>\\[\\]'\"]+)"
#define BADDR "\\[(?<ip>[^\\]\\s]+)\\]"
#define USER "(?<user>\\S+)"

struct builtin {
	const char *trigger;      /* lower-case literal every match contains */
	const char *id, *type, *pattern, *desc;
};

/* A rule for parsed records (the table "parsed" below). */
struct pbuiltin {
	struct builtin r;
	const char *on;           /* record formats the rule reads (space-separated) */
	const char *ipf, *userf;  /* fields giving the address / user when the pattern has none */
	const char *unless;       /* "FIELD:text": not when the field holds the text */
};

static const struct builtin builtins[] = {
	/* --- sshd --- */
	{ "failed ", "sshd.failed", "auth_failure",
	  "(?i)Failed (?:password|keyboard-interactive(?:/pam)?|hostbased|unknown|none|gssapi-with-mic) for (?:invalid user |illegal user |user (?!from ))?(?<user>.*?) from " ADDR "(?: port \\d+)?(?: ssh\\d)?(?::|$| \\[preauth\\])",
	  "sshd: a password, keyboard-interactive or host-based attempt failed" },
	{ "failed ", "sshd.failed_pubkey_invalid", "auth_failure",
	  "Failed publickey for (?:invalid|illegal) user (?<user>.*?) from " ADDR " port \\d+",
	  "sshd: a public key offered for a user that does not exist" },
	{ "failed ", "sshd.pubkey_offered", "auth_conn",
	  "Failed publickey for (?<user>.*?) from " ADDR " port \\d+",
	  "sshd: a key offered and refused for a valid user (clients try several keys; not counted)" },
	{ "accepted ", "sshd.accepted", "auth_success",
	  "^Accepted (?:password|publickey|keyboard-interactive(?:/pam)?|hostbased|gssapi-with-mic|gssapi-keyex) for (?<user>.*?) from " ADDR " port \\d+",
	  "sshd: a successful login" },
	{ "invalid user", "sshd.invalid_user", "auth_failure",
	  "^(?:Invalid|Illegal) user (?<user>.*?) from " ADDR "(?: port \\d+)?\\s*$",
	  "sshd: a login attempt for a user that does not exist" },
	{ "invalid user", "sshd.disconnect_invalid", "auth_failure",
	  "^Disconnecting invalid user (?<user>\\S+) " ADDR " port \\d+: Change of username",
	  "sshd: changing the user name in the middle of authentication" },
	{ "not allowed because", "sshd.not_allowed", "auth_failure",
	  "^(?:User )?(?<user>\\S+) from " ADDR " not allowed because",
	  "sshd: a user refused by AllowUsers/DenyUsers/AllowGroups/DenyGroups" },
	{ "not allowed because", "sshd.locked", "auth_pending",
	  "^User (?<user>\\S+) not allowed because account is locked",
	  "sshd: a locked account tried; counted when the connection's address is known" },
	{ "login refused", "sshd.root_refused", "auth_failure",
	  "(?i)^ROOT LOGIN REFUSED FROM " ADDR,
	  "sshd: root login refused" },
	{ "refused connect", "sshd.refused_connect", "auth_failure",
	  "refused connect from \\S+ \\(" ADDR "\\)",
	  "sshd (tcp wrappers): a connection refused" },
	{ "pam: ", "sshd.pam_error", "auth_failure",
	  "(?i)^error: PAM: (?:authentication (?:failure|error)|User not known to the underlying authentication module) for (?:illegal user |invalid user )?(?<user>.*?) from " ADDR "(?: via \\S+)?\\s*$",
	  "sshd (PAM through sshd): an authentication failure" },
	{ "auth fail", "sshd.auth_fail_disconnect", "auth_failure",
	  "Received disconnect from " ADDR "(?: port \\d+)?:\\s*3: .*Auth fail",
	  "sshd: the client gave up after failing authentication" },
	{ "authentication failures", "sshd.too_many", "auth_pending",
	  "^(?:error: )?Disconnecting(?: authenticating user (?<user>\\S+) " ADDR " port \\d+)?: Too many authentication failures(?: for (?:invalid user )?(?<user2>\\S+))?",
	  "sshd: too many authentication failures in one connection" },
	{ "maximum authentication", "sshd.max_attempts", "auth_failure",
	  "maximum authentication attempts exceeded for (?:invalid user )?(?<user>.*?) from " ADDR " port \\d+",
	  "sshd: MaxAuthTries exceeded" },
	{ "received disconnect", "sshd.disconnect_preauth", "auth_conn",
	  "Received disconnect from " ADDR "(?: port \\d+)?:\\s*11: .*\\[preauth\\]",
	  "sshd: a client disconnecting before authentication (address of a pending failure)" },
	{ "connection closed by", "sshd.closed_preauth", "auth_conn",
	  "^Connection closed by " ADDR "(?: port \\d+)? \\[preauth\\]",
	  "sshd: connection closed before authentication (address of a pending failure)" },
	{ "connection from", "sshd.connection", "auth_conn",
	  "^Connection from " ADDR "(?: port \\d+)",
	  "sshd: a new connection (its address)" },
	{ "pam_unix(sshd:", "sshd.pam_duplicate", "auth_ignore",
	  "pam_unix\\(sshd:auth\\): authentication failure;",
	  "PAM for sshd: the same attempt sshd reports itself with \"Failed ...\" (not counted twice)" },
	/* --- audit (SELinux) records of sshd --- */
	{ "type=user_", "sshd.audit_failed", "auth_failure",
	  "^type=USER_(?:AUTH|ERR) msg=audit\\([^)]*\\): .*op=(?:PAM:\\w+|password|pubkey)\\b.*acct=\"?(?<user>[^\"\\s]*)\"?.*exe=\"/usr/sbin/sshd\".*hostname=\\S+ addr=" ADDR ".* res=failed",
	  "auditd: an sshd authentication that failed" },
	/* --- dropbear --- */
	{ "password attempt", "dropbear.bad_password", "auth_failure",
	  "(?i)bad password attempt for '(?<user>.*)' from " ADDR,
	  "dropbear: a wrong password" },
	{ "nonexistent user", "dropbear.no_user", "auth_failure",
	  "(?i)login attempt for nonexistent user(?: '(?<user>.*)')? from " ADDR,
	  "dropbear: a user that does not exist" },
	{ "max auth tries", "dropbear.max_tries", "auth_failure",
	  "Exit before auth(?: from <" ADDR ">)?:? \\(user '(?<user>[^']*)', \\d+ fails\\): Max auth tries reached(?: - user '[^']*' from " "(?<ip2>[^\\s,;()<>\\[\\]'\"]+))?",
	  "dropbear: maximum authentication attempts" },
	{ "max auth tries", "dropbear.max_tries2", "auth_failure",
	  "Exit before auth from <" ADDR ">: Max auth tries reached - user '(?<user>[^']*)'",
	  "dropbear: maximum authentication attempts" },
	/* --- PAM (any service but sshd, sudo and su: they log their own line) --- */
	{ "pam_unix(sudo|pam_unix(su", "pam.duplicate", "auth_ignore",
	  "pam_unix\\((?:sudo|sudo-i|su|su-l):auth\\): authentication failure;",
	  "PAM for sudo and su: the same attempt the program reports itself (not counted twice)" },
	{ "authentication failure;", "pam.unix", "auth_failure",
	  "(?:pam_unix\\((?<service>[\\w.-]+):auth\\): |\\(pam_unix\\) )?authentication failure; logname=\\S* uid=\\d* euid=\\d* tty=\\S* ruser=(?<ruser>.*?)\\s*rhost=" ADDR "(?:\\s+user=(?<user>.*?))?\\s*$",
	  "PAM (pam_unix and friends): an authentication failure with a remote host" },
	{ "authentication failure;", "pam.proxmox", "auth_failure",
	  "authentication failure; rhost=" ADDR " user=(?<user>\\S+) msg=",
	  "Proxmox VE (pvedaemon): an authentication failure" },
	{ "authentication failure", "pam.local", "auth_failure",
	  "pam_unix\\((?:su|su-l|sudo|login|sshd|polkit-1|passwd)[^:)]*:auth\\): authentication failure;.*\\buser=(?<user>\\S+)",
	  "PAM (su, sudo, login): a local authentication failure (no address)" },
	{ "incorrect password", "sudo.incorrect", "auth_failure",
	  "^\\s*(?<user>\\S+) : (?:\\d+ )?incorrect password attempts? ;",
	  "sudo: wrong passwords (local, no address)" },
	{ "failed su", "su.failed", "auth_failure",
	  "^FAILED SU \\(to (?<target>\\S+)\\) (?<user>\\S+) on",
	  "su: a failed switch of user (local, no address)" },
	/* --- FTP --- */
	{ "fail login", "vsftpd.fail_login", "auth_failure",
	  "(?:\\[(?<user>[^\\]]*)\\] )?FAIL LOGIN: Client \"" "(?<ip>[^\"]+)\"",
	  "vsftpd: a failed login" },
	{ "login failed", "proftpd.login_failed", "auth_failure",
	  "\\(\\S*\\[" "(?<ip>[^\\]]+)\\]\\)(?::| -) USER (?<user>\\S+?):? \\(Login failed\\)",
	  "proftpd: a failed login" },
	{ "no such user", "proftpd.no_user", "auth_failure",
	  "(?:^|\\]:? )\\S+ \\(\\S*\\[" "(?<ip>[^\\]]+)\\]\\)(?::| -) USER (?<user>.+?): no such user found",
	  "proftpd: a user that does not exist" },
	{ "security violation", "proftpd.root_login", "auth_failure",
	  "\\(\\S*\\[" "(?<ip>[^\\]]+)\\]\\)(?::| -) SECURITY VIOLATION: (?i:root) login attempted",
	  "proftpd: a root login attempt" },
	{ "maximum login attempts", "proftpd.max_attempts", "auth_failure",
	  "\\(\\S*\\[" "(?<ip>[^\\]]+)\\]\\) - Maximum login attempts",
	  "proftpd: maximum login attempts" },
	{ "authentication failed for user", "pure-ftpd.failed", "auth_failure",
	  "\\(\\S*?@" ADDR "\\) \\[WARNING\\] Authentication failed for user \\[(?<user>.*)\\]",
	  "pure-ftpd: a failed login" },
	{ "failed login from", "wu-ftpd.failed", "auth_failure",
	  "^failed login from \\S* ?\\[" "(?<ip>[^\\]]+)\\]",
	  "wu-ftpd: a failed login" },
	{ "repeated login failures", "ftpd.repeated", "auth_failure",
	  "^repeated login failures from " ADDR,
	  "ftpd (gss): repeated login failures" },
	/* --- mail --- */
	{ "auth failed", "dovecot.auth_failed", "auth_failure",
	  "(?:-login: |^)(?:Info: )?(?:Aborted login|Disconnected|Login aborted|Remote closed connection|Client has quit the connection)\\b.*\\((?:auth failed, \\d+ attempts?[^)]*|proxy dest auth failed)\\)(?: \\(auth_failed\\))?:(?: user=<(?<user>[^>]*)>,)?.* rip=" ADDR,
	  "dovecot: a login that failed authentication" },
	{ "plaintext auth", "dovecot.plaintext", "auth_failure",
	  "-login: (?:Info: )?(?:Aborted login|Disconnected)\\b.*\\(tried to use (?:disabled|disallowed) \\w+ auth\\):(?: user=<(?<user>[^>]*)>,)?.* rip=" ADDR,
	  "dovecot: a client that tried a disallowed authentication" },
	{ "tried to use", "dovecot.disallowed", "auth_failure",
	  "-login: (?:Info: )?(?:Aborted login|Disconnected)\\b.*\\(tried to use (?:disabled|disallowed) \\w+ auth\\):(?: user=<(?<user>[^>]*)>,)?.* rip=" ADDR,
	  "dovecot: a client that tried a disallowed authentication" },
	{ "pam_authenticate() failed", "dovecot.pam", "auth_failure",
	  "pam\\((?<user>[^,)]*),(?<ip>[^,)]+)[,)].*pam_authenticate\\(\\) failed",
	  "dovecot: PAM refused the password" },
	{ "unknown user", "dovecot.unknown_user", "auth_failure",
	  "(?:pam|passwd-file|sql|ldap|passwd|shadow|checkpassword)\\((?<user>[^,)]*),(?<ip>[^,)]+)[,)].*: unknown user",
	  "dovecot: a user that does not exist" },
	{ "password mismatch", "dovecot.mismatch", "auth_failure",
	  "(?:pam|passwd-file|sql|ldap|passwd|shadow|checkpassword)\\((?<user>[^,)]*),(?<ip>[^,)]+)[,)].*: Password mismatch",
	  "dovecot: a wrong password" },
	{ "password mismatch", "dovecot.auth_mismatch", "auth_failure",
	  "^auth\\((?<user>[^,)]*),(?<ip>[^,)]+)[,)].*: Password mismatch",
	  "dovecot: a wrong password" },
	{ "invalid credentials", "dovecot.ldap", "auth_failure",
	  "ldap\\((?<user>[^,)]*),(?<ip>[^,)]+)[,)].*: invalid credentials",
	  "dovecot: LDAP refused the credentials" },
	{ "authentication failed", "postfix.sasl", "auth_failure",
	  "warning: [-._\\w]+\\[" "(?<ip>[^\\]]+)\\](?::\\d+)?: SASL (?:LOGIN|PLAIN|(?:CRAM|DIGEST)-MD5|[\\w-]+) authentication failed:(?! Connection lost| Invalid authentication mechanism)(?:.*sasl_username=(?<user>\\S+))?",
	  "postfix/smtpd: SASL authentication failed" },
	{ "authenticator failed", "exim.auth", "auth_failure",
	  "\\w+ authenticator failed for .*?\\[" "(?<ip>[^\\]]+)\\](?::\\d+)?(?: I=\\[[^\\]]*\\](?::\\d+)?)?(?: Ci=\\d+)?: 535 Incorrect authentication data(?: \\(set_id=(?<user>[^)]*)\\))?",
	  "exim: SMTP AUTH failed" },
	{ "possible smtp attack", "sendmail.attack", "auth_failure",
	  "\\[" "(?<ip>[^\\]]+)\\](?: \\(may be forged\\))?: possible SMTP attack: command=AUTH",
	  "sendmail: repeated AUTH commands" },
	{ "auth failure", "sendmail.auth", "auth_failure",
	  "AUTH failure \\([^)]*\\): .*?(?:user=(?<user>[^,]*), )?relay=(?:\\S+ )?\\[(?:IPv6:)?(?<ip>[^\\]]+)\\](?: \\(may be forged\\))?$",
	  "sendmail: SASL authentication failed" },
	{ "login failed", "courier.login", "auth_failure",
	  "LOGIN FAILED, (?:user=(?<user>[^,]*), )?(?:method=\\S+, )?ip=\\[" "(?<ip>[^\\]]+)\\]",
	  "courier: IMAP/POP login failed" },
	{ "error,relay=", "courier.smtp", "auth_failure",
	  "^error,relay=" ADDR ",(?:port=\\d+,)?(?:.*: 550 User (?:<[^>]*> )?unknown|msg=\"535 Authentication failed)",
	  "courier-esmtpd: authentication failed or unknown user" },
	{ "badlogin", "cyrus.badlogin", "auth_failure",
	  "badlogin: [^\\[]*\\[" "(?<ip>[^\\]]+)\\] \\S+ (?:(?<user>[^\\[\\s]\\S*) )?\\[?SASL\\(-13\\): (?:authentication failure|user not found)",
	  "cyrus imapd: a failed login" },
	{ "badlogin", "sieve.badlogin", "auth_failure",
	  "badlogin: [^\\[]*\\[" "(?<ip>[^\\]]+)\\] \\S+ authentication failure",
	  "cyrus timsieved: a failed login" },
	{ "authentication failed", "solid-pop3d.failed", "auth_failure",
	  "^(?:APOP )?authentication failed(?: for (?:mapped )?user (?<user>\\S+)|: (?:no such user|can't map user name): (?<user2>\\S+)) - " ADDR "$",
	  "solid-pop3d: a failed login" },
	{ "root login not allowed|apop secret", "solid-pop3d.other", "auth_failure",
	  "^(?:root login not allowed|can't find APOP secret for user (?<user>\\S+)) - " ADDR "$",
	  "solid-pop3d: a refused login" },
	{ "login failed user=|login excessive|login disabled", "uw-imap.failed", "auth_failure",
	  "Login (?:failed|excessive login failures|disabled) user=(?<user>\\S+) auth=\\S* host=.*\\[" "(?<ip>[^\\]]+)\\]",
	  "uw-imap: a failed login" },
	{ "override of user", "uw-imap.override", "auth_failure",
	  "Failed \\S+ override of user=(?<user>\\S+) +host=.*\\[" "(?<ip>[^\\]]+)\\]",
	  "uw-imap: a failed administrator override" },
	{ "auth: ", "perdition.auth", "auth_failure",
	  "^Auth: " ADDR "->\\S+ .*authentication_id=\"(?<user>[^\"]*)\".* status=\"failed",
	  "perdition: a failed login" },
	{ "reading authentication information", "perdition.fatal", "auth_failure",
	  "Fatal Error reading authentication information from client " ADDR "->",
	  "perdition: a client that broke off authentication" },
	{ "authentication failure using internet password", "domino.auth", "auth_failure",
	  "smtp: (?<user>.*?) \\[?" ADDR "\\]? authentication failure using internet password",
	  "Lotus Domino SMTP: a failed login" },
	{ "authentication failed for user", "domino.auth2", "auth_failure",
	  "SMTP Server(?: \\[[^\\]]*\\])?:? Authentication failed for user (?<user>.*?) ; connecting host \\[?" ADDR "\\]?$",
	  "Lotus Domino SMTP: a failed login" },
	{ "bad password", "oracleims.auth", "auth_failure",
	  "tr=\"TCP\\|[^|]*\\|\\d+\\|(?<ip>[^|]+)\\|\\d+\" ap=\"[^\"]*\" mi=\"Bad password\"(?: us=\"(?<user>[^\"]*)\")?",
	  "Oracle Communications IMS: a wrong password" },
	/* --- web servers --- */
	{ " not found", "apache.user_not_found", "auth_failure",
	  "^(?:\\[(?![^\\]]*evasive)[^\\]]*\\] )*\\[(?:client|remote) \\[?" ADDR "\\]?(?::\\d+)?\\] (?:AH0\\d+: )?(?:Digest: )?user [`]?(?<user>.*?)'?(?: in realm `[^']*')? not found(?::|$)",
	  "Apache: basic/digest authentication for an unknown user" },
	{ "password mismatch|realm mismatch", "apache.password_mismatch", "auth_failure",
	  "(?i)^(?:\\[[^\\]]*\\] )*\\[(?:client|remote) \\[?" ADDR "\\]?(?::\\d+)?\\] (?:AH0\\d+: )?(?:Digest: )?(?:user (?<user>.*?): (?:authentication failure for \"[^\"]*\": )?password mismatch|realm mismatch)",
	  "Apache: a wrong password" },
	{ "authorization of user|authorization failure", "apache.authz", "auth_failure",
	  "\\[(?:client|remote) \\[?" ADDR "\\]?(?::\\d+)?\\] (?:AH0\\d+: )?(?:Authorization of user (?<user>\\S+) to access .* failed|user (?<user2>\\S+): authorization failure for)",
	  "Apache: an authorization failure" },
	{ "wrong authentication scheme|unknown algorithm|invalid qop|invalid nonce|client denied|via sni", "apache.other", "auth_failure",
	  "^(?:\\[(?![^\\]]*evasive)[^\\]]*\\] )*\\[(?:client|remote) \\[?" ADDR "\\]?(?::\\d+)?\\] (?:AH0\\d+: )?(?:Digest: )?(?:client used wrong authentication scheme|unknown algorithm|invalid qop|invalid nonce \\S+ received - (?:length|user attempted)|client denied by server configuration|Hostname \\S+ provided via SNI|No hostname was provided via SNI)",
	  "Apache: other authentication and access failures" },
	{ "password mismatch|was not found in|not authenticated", "nginx.basic", "auth_failure",
	  "\\[error\\] \\d+#\\d+: \\*\\d+ (?:user \"(?<user>.*?)\"(?:: password mismatch| was not found in \"[^\"]*\")|PAM: user '(?<user2>[^']*)' - not authenticated: ).*, client: " ADDR ", server: ",
	  "nginx: basic authentication failed" },
	{ ", ip: | ip: ", "lighttpd.auth", "auth_failure",
	  "(?:password doesn't match for \\S+ username: (?<user>\\S+?),?|auth failed for\\s+(?<user2>\\S*) : wrong password,|get_password failed,|digest: auth failed: uri mismatch [^,]*,) IP: " ADDR "$",
	  "lighttpd: authentication failed" },
	{ " 401 ", "haproxy.401", "auth_failure",
	  "^(?<ip>\\S+):\\d+ \\[[^\\]]+\\] \\S+ \\S+ \\S+ 401 ",
	  "haproxy: a 401 answer" },
	{ " 401 ", "http.401_raw", "auth_failure",
	  "^" ADDR " \\S+ +(?<user>(?!-\\s)\\S+) +\\[[^\\]]+\\] \"[^\"]*\" 401 ",
	  "an access-log line lparse could not parse: 401 for a request with a user" },
	/* --- web applications --- */
	{ "failed login attempt", "bitwarden.failed", "auth_failure",
	  "Failed login attempt(?:, 2FA invalid)?\\. " ADDR "$",
	  "Bitwarden: a failed login" },
	{ "authentication failed for", "centreon.failed", "auth_failure",
	  "\\[WEB\\] \\[" "(?<ip>[^\\]]+)\\] Authentication failed for '(?<user>[^']*)'",
	  "Centreon: a failed login" },
	{ "failed login attempt", "directadmin.failed", "auth_failure",
	  "'" "(?<ip>[^']+)' \\d+ failed login attempts?\\. (?:Invalid )?[Aa]ccount '(?<user>[^']*)'",
	  "DirectAdmin: failed logins" },
	{ "login attempt failed", "drupal.failed", "auth_failure",
	  "\\|\\d+\\|user\\|" "(?<ip>[^|]+)\\|.*\\|\\d+\\|[^|]*\\|Login attempt failed (?:for|from) (?<user>[^|]*?)\\.?$",
	  "Drupal: a failed login" },
	{ "tried to login", "froxlor.failed", "auth_failure",
	  "\\[Login Action " ADDR "\\] (?:Unknown user '(?<user>[^']*)'|User '(?<user2>[^']*)') tried to login",
	  "Froxlor: a failed login" },
	{ "tried to login", "froxlor.failed_json", "auth_failure",
	  "(?:Unknown user|User) tried to login(?: with wrong password)?\\. \\{\"source\":\"login\",\"action\":\"\\d+\",\"user\":\"" "(?<ip>[^\"]+)\"",
	  "Froxlor: a failed login" },
	{ "failed login", "gitlab.failed", "auth_failure",
	  "Failed Login: username=(?<user>.*) ip=" ADDR "$",
	  "GitLab: a failed login" },
	{ "invalid username or password", "grafana.failed", "auth_failure",
	  "msg=\"Invalid username or password\".*? uname=(?<user>\\S*).* remote_addr=" ADDR,
	  "Grafana: a failed login" },
	{ "login failed", "groupoffice.failed", "auth_failure",
	  "LOGIN FAILED for user: \"(?<user>[^\"]*)\" from IP: " ADDR,
	  "Group-Office: a failed login" },
	{ "authentication attempt from", "guacamole.failed", "auth_failure",
	  "Authentication attempt from " ADDR " for user \"(?<user>[^\"]*)\" failed",
	  "Apache Guacamole: a failed login" },
	{ "failed login", "horde.failed", "auth_failure",
	  "FAILED LOGIN for (?<user>\\S+) \\[" "(?<ip>[^\\]]+)\\] to",
	  "Horde: a failed login" },
	{ "supplied ", "monit.client", "auth_failure",
	  "Client '" "(?<ip>[^']+)' supplied (?:unknown user '(?<user>[^']*)'|wrong password for user '(?<user2>[^']*)')",
	  "monit: a failed login" },
	{ "access denied -- client", "monit.denied", "auth_failure",
	  "access denied -- client \\[?" ADDR "\\]?: (?:empty password|unknown user '(?<user>[^']+)'|wrong password for user '(?<user2>[^']*)')",
	  "monit: a failed login" },
	{ "login error|userinfo error", "openwebmail.failed", "auth_failure",
	  "(?:^| - )\\[\\d+\\] \\(" ADDR "\\) (?<user>\\S+) - (?:login error|userinfo error) - ",
	  "Open WebMail: a failed login" },
	{ "user denied", "phpmyadmin.denied", "auth_failure",
	  "user denied: (?<user>\\S+) \\([^)]*\\) from " ADDR,
	  "phpMyAdmin: a failed login" },
	{ "failed login|login failed", "roundcube.failed", "auth_failure",
	  "(?:FAILED login|Login failed|Failed login) for (?<user>\\S+)(?: against \\S+)?.* from " ADDR "(?:\\. AUTHENTICATE|\\(X-Real-IP|\\s+in session|\\s*$)",
	  "Roundcube: a failed login" },
	{ "login_error", "squirrelmail.failed", "auth_failure",
	  "\\[LOGIN_ERROR\\] (?<user>\\S+) \\([^)]*\\) from " ADDR ": Unknown user or password incorrect",
	  "SquirrelMail: a failed login" },
	{ "might not have worked", "sogo.failed", "auth_failure",
	  "SOGoRootPage Login from '" "(?<ip>[^',]+)(?:, [^']*)?' for user '(?<user>[^']*)' might not have worked",
	  "SOGo: a failed login" },
	{ "login with username", "tine20.failed", "auth_failure",
	  "Tinebase_Controller::login::\\d+ Login with username (?<user>\\S+) from " ADDR " failed",
	  "Tine 2.0: a failed login" },
	{ "ip: ", "vaultwarden.failed", "auth_failure",
	  "(?:Username or password is incorrect\\. Try again|Invalid admin token!?|Invalid TOTP code!.*?)\\.? IP: " ADDR "(?:\\.? Username: (?<user>.*?)\\.?)?$",
	  "Vaultwarden: a failed login" },
	{ "login as", "webmin.failed", "auth_failure",
	  "(?:Invalid|Non-existent) login as (?<user>\\S+) from " ADDR,
	  "Webmin: a failed login" },
	{ "login denied", "zoneminder.failed", "auth_failure",
	  "\\[client " ADDR "(?::\\d+)?\\] (?:WAR|ERR) \\[(?:Login denied for user \"(?<user>[^\"]*)\"|Could not retrieve user (?<user2>\\S+) details)",
	  "ZoneMinder: a failed login" },
	{ "could not retrieve user", "zoneminder.unknown", "auth_failure",
	  "\\[client " ADDR "(?::\\d+)?\\] (?:WAR|ERR) \\[Could not retrieve user (?<user>\\S+) details",
	  "ZoneMinder: an unknown user" },
	/* --- databases --- */
	{ "access denied for user", "mysqld.denied", "auth_failure",
	  "\\[(?:Warning|Note)\\] (?:\\[[^\\]]*\\] )*Access denied for user '(?<user>[^']*)'@'" "(?<ip>[^']+)'(?: \\(using password: (?:YES|NO)\\))?\\s*$",
	  "MySQL/MariaDB: access denied" },
	{ "login failed for user", "mssql.failed", "auth_failure",
	  "^(?:\\S+ \\S+ )?Logon\\s+Login failed for user '(?<user>.*)'\\. Reason: .* \\[CLIENT: " ADDR "\\]",
	  "Microsoft SQL Server: a failed login" },
	{ "failed to authenticate", "mongodb.failed", "auth_pending",
	  "\\[(?<conn>conn\\d+)\\] Failed to authenticate (?<user>\\S+?)(?:@\\S+)? with mechanism",
	  "MongoDB: a failed authentication; the address comes when the connection ends" },
	{ "end connection", "mongodb.end", "auth_conn",
	  "\\[(?<conn>conn\\d+)\\] end connection " ADDR,
	  "MongoDB: a connection ends (address of a pending failure)" },
	{ "err=49", "slapd.bind", "auth_pending",
	  "conn=(?<conn>\\d+) op=\\d+ RESULT tag=97 err=49",
	  "OpenLDAP: invalid credentials on bind" },
	{ "accept from", "slapd.accept", "auth_conn",
	  "conn=(?<conn>\\d+) fd=\\d+ ACCEPT from IP=" "(?<ip>[^\\s]+):\\d+ ",
	  "OpenLDAP: a new connection (its address)" },
	/* --- remote access and VPN --- */
	{ "authfail", "xrdp.authfail", "auth_failure",
	  "AUTHFAIL: user=(?<user>.*?) ip=" ADDR " time=\\d+$",
	  "xrdp: a failed login" },
	{ "authentication: failed", "screensharing.failed", "auth_failure",
	  "Authentication: FAILED :: User Name: (?<user>.*?) :: .*Viewer Address: " ADDR " ::",
	  "macOS screen sharing: a failed login" },
	{ "tls error", "openvpn.tls", "auth_failure",
	  "(?:^" ADDR ":\\d+ TLS Error: TLS handshake failed|TLS Error: cannot locate HMAC in incoming packet from \\[AF_INET6?\\](?<ip2>[^\\s]+):\\d+)",
	  "OpenVPN: a TLS handshake failure" },
	{ "connection-reset", "openvpn.reset", "auth_failure",
	  "^" ADDR ":\\d+ SIGUSR1\\[soft,connection-reset\\] received, client-instance restarting",
	  "OpenVPN: a client dropped during the handshake (after bad packets)" },
	{ "verify error", "openvpn.verify", "auth_failure",
	  "^" ADDR ":\\d+ VERIFY ERROR:",
	  "OpenVPN: a certificate that did not verify" },
	{ "verification failed", "openvpn.auth", "auth_failure",
	  "^" ADDR ":\\d+ TLS Auth Error: Auth Username/Password verification failed",
	  "OpenVPN: a wrong user name or password" },
	{ "authentication failed", "softether.failed", "auth_failure",
	  "User authentication failed\\. The user name that has been provided was \"(?<user>[^\"]*)\", from " ADDR "\\.",
	  "SoftEther VPN: a failed login" },
	{ "login failure", "routeros.failed", "auth_failure",
	  "login failure for user (?<user>.*?) from " ADDR " via \\w+",
	  "MikroTik RouterOS: a failed login" },
};

/*
 * Rules for records whose format moved into fields what the rules above
 * find in the line: the Apache and nginx error logs (the client address
 * is the record's ip, or remote for Apache's [remote A]) and Grafana's
 * logfmt lines (remote_addr, uname).  The pattern reads the message only.
 */
#define APACHE_E "apache_error"
#define APACHE_IP "ip remote"
static const struct pbuiltin parsed[] = {
	{ .r = { .trigger = " not found", .id = "apache.user_not_found.parsed", .type = "auth_failure",
	  .pattern = "^(?:AH0\\d+: )?(?:Digest: )?user [`]?(?<user>.*?)'?(?: in realm `[^']*')? not found(?::|$)",
	  .desc = "Apache error log (parsed): basic/digest authentication for an unknown user" },
	  .on = APACHE_E, .ipf = APACHE_IP, .unless = "module:evasive" },
	{ .r = { .trigger = "password mismatch|realm mismatch", .id = "apache.password_mismatch.parsed", .type = "auth_failure",
	  .pattern = "(?i)^(?:AH0\\d+: )?(?:Digest: )?(?:user (?<user>.*?): (?:authentication failure for \"[^\"]*\": )?password mismatch|realm mismatch)",
	  .desc = "Apache error log (parsed): a wrong password" },
	  .on = APACHE_E, .ipf = APACHE_IP, .unless = "module:evasive" },
	{ .r = { .trigger = "authorization of user|authorization failure", .id = "apache.authz.parsed", .type = "auth_failure",
	  .pattern = "^(?:AH0\\d+: )?(?:Authorization of user (?<user>\\S+) to access .* failed|user (?<user2>\\S+): authorization failure for)",
	  .desc = "Apache error log (parsed): an authorization failure" },
	  .on = APACHE_E, .ipf = APACHE_IP, .unless = "module:evasive" },
	{ .r = { .trigger = "wrong authentication scheme|unknown algorithm|invalid qop|invalid nonce|client denied|via sni", .id = "apache.other.parsed", .type = "auth_failure",
	  .pattern = "^(?:AH0\\d+: )?(?:Digest: )?(?:client used wrong authentication scheme|unknown algorithm|invalid qop|invalid nonce \\S+ received - (?:length|user attempted)|client denied by server configuration|Hostname \\S+ provided via SNI|No hostname was provided via SNI)",
	  .desc = "Apache error log (parsed): other authentication and access failures (not mod_evasive's)" },
	  .on = APACHE_E, .ipf = APACHE_IP, .unless = "module:evasive" },
	{ .r = { .trigger = "login denied", .id = "zoneminder.failed.parsed", .type = "auth_failure",
	  .pattern = "^(?:WAR|ERR) \\[(?:Login denied for user \"(?<user>[^\"]*)\"|Could not retrieve user (?<user2>\\S+) details)",
	  .desc = "ZoneMinder, in the Apache error log (parsed): a failed login" },
	  .on = APACHE_E, .ipf = APACHE_IP },
	{ .r = { .trigger = "could not retrieve user", .id = "zoneminder.unknown.parsed", .type = "auth_failure",
	  .pattern = "^(?:WAR|ERR) \\[Could not retrieve user (?<user>\\S+) details",
	  .desc = "ZoneMinder, in the Apache error log (parsed): an unknown user" },
	  .on = APACHE_E, .ipf = APACHE_IP },
	{ .r = { .trigger = "password mismatch|was not found in|not authenticated", .id = "nginx.basic.parsed", .type = "auth_failure",
	  .pattern = "^(?:user \"(?<user>.*?)\"(?:: password mismatch| was not found in \"[^\"]*\")|PAM: user '(?<user2>[^']*)' - not authenticated: )",
	  .desc = "nginx error log (parsed): basic authentication failed" },
	  .on = "nginx_error", .ipf = "ip" },
	{ .r = { .trigger = "invalid username or password", .id = "grafana.failed.parsed", .type = "auth_failure",
	  .pattern = "^Invalid username or password$",
	  .desc = "Grafana (logfmt, parsed): a failed login" },
	  .on = "logfmt", .ipf = "remote_addr", .userf = "uname" },
};

#define NPARSED (sizeof parsed / sizeof parsed[0])
#define NBUILTIN (sizeof builtins / sizeof builtins[0] + NPARSED)

/* The I-th built-in rule: the line rules, then the parsed-record ones. */
static const struct builtin *builtin_at(size_t i)
{
	size_t n = sizeof builtins / sizeof builtins[0];
	return i < n ? &builtins[i] : &parsed[i - n].r;
}

static const struct pbuiltin *pbuiltin_at(size_t i)
{
	size_t n = sizeof builtins / sizeof builtins[0];
	return i < n ? NULL : &parsed[i - n];
}

/* ---- state ---- */

enum rtype { RT_FAILURE, RT_SUCCESS, RT_PENDING, RT_CONN, RT_IGNORE };

/* A set of triggers, one bit each (GCC and Clang have 128-bit integers). */
typedef unsigned __int128 tmask;
#define TBIT(i) ((tmask)1 << (i))

struct rmeta {
	enum rtype type;
	tmask trig;               /* any of these triggers; 0: always run */
	unsigned groups;          /* G_* named groups the pattern has */
	char *service;            /* owned */
	const struct pbuiltin *pb; /* a rule for parsed records (on, ipf, ...), or NULL */
};

enum { G_IP = 1, G_IP2 = 2, G_USER = 4, G_USER2 = 8, G_CONN = 16, G_SERVICE = 32 };

static unsigned groups_of(const char *pat)
{
	static const char *const names[] = { "(?<ip>", "(?<ip2>", "(?<user>", "(?<user2>", "(?<conn>", "(?<service>" };
	unsigned g = 0;
	for (unsigned i = 0; i < 6; i++)
		if (strstr(pat, names[i]) || strstr(pat, names[i] + 1) /* (?P<...> is not used */)
			g |= 1u << i;
	return g;
}

#define MAX_TRIG 128

struct conn {
	char ip[AUTH_IP_MAX];
	char user[AUTH_USER_MAX];
	bool ip_is_addr;
	bool pending;
	size_t pending_rule;      /* rule index of the pending failure */
	uint64_t age;             /* insertion counter, for eviction */
};

struct auth {
	struct ruleset *rs;
	size_t nuser;             /* rules from files: indexes [nbuiltin, count) */
	size_t nbuiltin;
	struct rmeta *meta;
	size_t nmeta, capmeta;
	/* triggers */
	char *trig[MAX_TRIG];
	size_t trig_len[MAX_TRIG];
	int ntrig;
	tmask byte_mask[3][256];  /* triggers whose byte 0, 1, 2 is b (folded) */
	uint8_t quad[65536 / 8];  /* hashes of the first four bytes of the triggers */
	/* for each trigger, the rules that name it (ascending) */
	uint16_t *trig_rules[MAX_TRIG];
	size_t trig_nrules[MAX_TRIG];
	uint64_t *cand;           /* scratch: candidate rules of a line, a bit each */
	uint16_t *always;         /* built-in rules without triggers */
	size_t nalways;
	unsigned char lower[256]; /* ASCII case folding */
	/* connections */
	struct hmap conns;
	size_t max_conns;
	uint64_t clock;
	/* login endpoints */
	char **paths;
	size_t npaths, cappaths;
	struct buf key;
};

static const char *const default_login_paths[] = {
	"/wp-login.php", "/xmlrpc.php", "/user/login", "/login", "/signin",
	"/sign_in", "/users/sign_in", "/auth/login", "/admin/login",
	"/administrator/index.php", "/api/login", "/account/login",
	"/login.php", "/session", "/j_security_check",
};

static unsigned char fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int trigger_index(struct auth *a, const char *t);
static inline unsigned quad_hash(uint32_t w);

/* The triggers of a rule: literals separated by '|', lower case. */
static tmask trigger_mask(struct auth *a, const char *spec)
{
	tmask m = 0;
	char one[64];
	while (*spec) {
		const char *bar = strchr(spec, '|');
		size_t n = bar ? (size_t)(bar - spec) : strlen(spec);
		if (n < 4 || n >= sizeof one)
			return 0;         /* cannot filter: always run */
		memcpy(one, spec, n);
		one[n] = '\0';
		int i = trigger_index(a, one);
		if (i < 0)
			return 0;
		m |= TBIT(i);
		spec += n + (bar != NULL);
	}
	return m;
}

static int trigger_index(struct auth *a, const char *t)
{
	for (int i = 0; i < a->ntrig; i++)
		if (strcmp(a->trig[i], t) == 0)
			return i;
	if (a->ntrig == MAX_TRIG)
		return -1;
	int i = a->ntrig++;
	a->trig[i] = xstrdup(t);
	a->trig_len[i] = strlen(t);
	for (int k = 0; k < 3; k++)
		a->byte_mask[k][(unsigned char)t[k]] |= TBIT(i);
	uint32_t w;
	memcpy(&w, t, 4);               /* as scan_triggers reads the text */
	unsigned h = quad_hash(w | 0x20202020u);
	a->quad[h >> 3] |= (uint8_t)(1u << (h & 7));
	return i;
}

static enum rtype parse_type(const char *t, bool *ok)
{
	*ok = true;
	if (strcmp(t, "auth_failure") == 0)
		return RT_FAILURE;
	if (strcmp(t, "auth_success") == 0)
		return RT_SUCCESS;
	if (strcmp(t, "auth_pending") == 0)
		return RT_PENDING;
	if (strcmp(t, "auth_conn") == 0)
		return RT_CONN;
	if (strcmp(t, "auth_ignore") == 0)
		return RT_IGNORE;
	*ok = false;
	return RT_IGNORE;
}

static char *service_of(const char *id)
{
	const char *dot = strchr(id, '.');
	return dot ? xstrndup(id, (size_t)(dot - id)) : xstrdup(id);
}

static void add_meta(struct auth *a, enum rtype type, tmask trig, const char *id, const char *pat)
{
	if (a->nmeta == a->capmeta) {
		a->capmeta = a->capmeta ? 2 * a->capmeta : 128;
		a->meta = xrealloc(a->meta, a->capmeta * sizeof *a->meta);
	}
	a->meta[a->nmeta++] = (struct rmeta){ type, trig, groups_of(pat), service_of(id), NULL };
}

struct auth *auth_new(void)
{
	struct auth *a = xcalloc(1, sizeof *a);
	for (int c = 0; c < 256; c++)
		a->lower[c] = fold((unsigned char)c);
	a->rs = rules_new();
	hmap_init(&a->conns, sizeof(struct conn));
	a->max_conns = 65536;
	struct buf text = BUF_INIT;
	for (size_t i = 0; i < NBUILTIN; i++) {
		const struct builtin *b = builtin_at(i);
		buf_printf(&text, "%s\t%s\tmedium\tmessage\t%s\t%s\n", b->id, b->type, b->pattern, b->desc);
	}
	char err[512];
	int n = rules_load_text(a->rs, "builtin", text.p, text.len, err, sizeof err);
	buf_free(&text);
	/* The built-in set is part of the program: a bad rule is a bug that
	 * t_auth catches; here it only shortens the set. */
	a->nbuiltin = n < 0 ? rules_count(a->rs) : (size_t)n;
	for (size_t i = 0; i < a->nbuiltin; i++) {
		bool ok;
		const struct builtin *b = builtin_at(i);
		enum rtype t = parse_type(b->type, &ok);
		add_meta(a, t, trigger_mask(a, b->trigger), b->id, b->pattern);
		a->meta[a->nmeta - 1].pb = pbuiltin_at(i);
	}
	/* the rules of each trigger; a rule without triggers would run always */
	for (size_t r = 0; r < a->nbuiltin; r++) {
		tmask m = a->meta[r].trig;
		if (!m) {
			a->always = xrealloc(a->always, (a->nalways + 1) * sizeof *a->always);
			a->always[a->nalways++] = (uint16_t)r;
		}
		for (int t = 0; t < a->ntrig; t++) {
			if (!(m & TBIT(t)))
				continue;
			a->trig_rules[t] = xrealloc(a->trig_rules[t], (a->trig_nrules[t] + 1) * sizeof **a->trig_rules);
			a->trig_rules[t][a->trig_nrules[t]++] = (uint16_t)r;
		}
	}
	a->cand = xcalloc((a->nbuiltin + 63) / 64 + 1, sizeof *a->cand);
	for (size_t i = 0; i < sizeof default_login_paths / sizeof *default_login_paths; i++)
		auth_add_login_path(a, default_login_paths[i]);
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	rules_free(a->rs);
	for (size_t i = 0; i < a->nmeta; i++)
		free(a->meta[i].service);
	free(a->meta);
	for (int i = 0; i < a->ntrig; i++) {
		free(a->trig[i]);
		free(a->trig_rules[i]);
	}
	free(a->cand);
	free(a->always);
	hmap_free(&a->conns);
	auth_clear_login_paths(a);
	free(a->paths);
	buf_free(&a->key);
	free(a);
}

int auth_add_rules(struct auth *a, const char *path, char *err, size_t errlen)
{
	size_t before = rules_count(a->rs);
	int n = rules_load_file(a->rs, path, err, errlen);
	size_t after = rules_count(a->rs);
	for (size_t i = before; i < after; i++) {
		const struct rule *r = rules_at(a->rs, i);
		bool ok;
		enum rtype t = parse_type(r->type, &ok);
		if (!ok) {
			/* The rule file format allows any type; lbrute needs its own. */
			snprintf(err, errlen, "%s: type \"%s\" is not one of auth_failure, auth_success, auth_pending, auth_conn, auth_ignore",
				 r->origin, r->type);
			a->nuser = a->nmeta - a->nbuiltin;
			return -1;
		}
		add_meta(a, t, 0, r->id, r->pattern);
	}
	a->nuser = a->nmeta - a->nbuiltin;
	return n;
}

void auth_clear_login_paths(struct auth *a)
{
	for (size_t i = 0; i < a->npaths; i++)
		free(a->paths[i]);
	a->npaths = 0;
}

void auth_add_login_path(struct auth *a, const char *path)
{
	if (a->npaths == a->cappaths) {
		a->cappaths = a->cappaths ? 2 * a->cappaths : 16;
		a->paths = xrealloc(a->paths, a->cappaths * sizeof *a->paths);
	}
	a->paths[a->npaths++] = xstrdup(path);
}

size_t auth_login_path_count(const struct auth *a)
{
	return a->npaths;
}

const char *auth_login_path(const struct auth *a, size_t i)
{
	return i < a->npaths ? a->paths[i] : NULL;
}

void auth_set_max_conns(struct auth *a, size_t max)
{
	a->max_conns = max ? max : 1;
}

size_t auth_builtin_count(void)
{
	return NBUILTIN;
}

size_t auth_rule_count(const struct auth *a)
{
	return rules_count(a->rs);
}

void auth_rule_info(const struct auth *a, size_t i, const char **id, const char **type,
		    const char **pattern, const char **desc)
{
	const struct rule *r = rules_at(a->rs, i);
	*id = r->id;
	*type = r->type;
	*pattern = r->pattern;
	*desc = r->desc;
}

uint64_t auth_limit_hits(const struct auth *a)
{
	return rules_limit_hits(a->rs);
}

const char *auth_kind_name(enum auth_kind k)
{
	switch (k) {
	case AUTH_FAILURE: return "auth_failure";
	case AUTH_SUCCESS: return "auth_success";
	default: return "none";
	}
}

/* ---- addresses ---- */

static bool is_hostname(const char *p, size_t n)
{
	bool alpha = false;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (isalpha(c))
			alpha = true;
		else if (!isdigit(c) && c != '.' && c != '-' && c != '_')
			return false;
	}
	return alpha || memchr(p, '.', n) != NULL;
}

static bool looks_dotted(const char *p, size_t n)
{
	int dots = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.')
			dots++;
		else if (!isdigit((unsigned char)p[i]))
			return false;
	}
	return dots == 3;
}

/* A dotted quad as ipaddr_format writes it (no leading zeros, <= 255). */
static bool canonical_v4(const char *p, size_t n)
{
	int parts = 0, digits = 0, v = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || p[i] == '.') {
			if (digits == 0 || v > 255)
				return false;
			parts++;
			digits = v = 0;
		} else if (p[i] >= '0' && p[i] <= '9') {
			if (digits == 1 && v == 0)
				return false;          /* a leading zero */
			v = v * 10 + (p[i] - '0');
			if (++digits > 3)
				return false;
		} else {
			return false;
		}
	}
	return parts == 4;
}

int auth_norm_ip(const char *p, size_t n, char *out)
{
	struct ipaddr ia;
	out[0] = '\0';
	/* trim blanks and trailing dots/colons left by the context */
	while (n && (p[0] == ' ' || p[0] == '<' || p[0] == '('))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '.' || p[n - 1] == '>' || p[n - 1] == ')' ||
		     p[n - 1] == ','))
		n--;
	if (n && p[0] == '[') {
		const char *close = memchr(p, ']', n);
		if (close) {
			n = (size_t)(close - p - 1);
			p++;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		if (canonical_v4(p, n)) {
			memcpy(out, p, n);
			out[n] = '\0';
			return 1;
		}
		if (ipaddr_parse(p, n, &ia)) {
			struct buf b = BUF_INIT;
			ipaddr_format(&b, &ia);
			snprintf(out, AUTH_IP_MAX, "%s", b.p ? b.p : "");
			buf_free(&b);
			return 1;
		}
		/* a.b.c.d:port, ::ffff:a.b.c.d:port */
		const char *colon = memrchr(p, ':', n);
		if (!colon)
			break;
		size_t head = (size_t)(colon - p);
		bool digits = head + 1 < n;
		for (size_t i = head + 1; i < n; i++)
			if (!isdigit((unsigned char)p[i]))
				digits = false;
		const char *dot = memchr(p, '.', head);
		if (!digits || !dot)
			break;
		n = head;
	}
	if (n > 7 && strncasecmp(p, "::ffff:", 7) == 0) {
		p += 7;
		n -= 7;
	}
	if (looks_dotted(p, n) && n < AUTH_IP_MAX) {
		/* written with leading zeros (192.030.0.6): kept as written */
		memcpy(out, p, n);
		out[n] = '\0';
		return 2;
	}
	if (is_hostname(p, n) && n < AUTH_IP_MAX) {
		for (size_t i = 0; i < n; i++)
			out[i] = (char)fold((unsigned char)p[i]);
		out[n] = '\0';
		return 2;
	}
	return 0;
}

/* Copy a user name, cut at a UTF-8 boundary below AUTH_USER_MAX. */
static void set_user(char *dst, const char *p, size_t n)
{
	while (n && (p[n - 1] == ' '))
		n--;
	if (n >= AUTH_USER_MAX) {
		n = AUTH_USER_MAX - 1;
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* ---- triggers ---- */

static inline unsigned quad_hash(uint32_t w)
{
	return (w * 0x9E3779B1u) >> 16;     /* 16 bits */
}

static tmask scan_triggers(const struct auth *a, const char *s, size_t n)
{
	tmask found = 0;
	if (n < 4)
		return 0;
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *lc = a->lower;
	for (size_t i = 0; i + 3 < n; i++) {
		/* four bytes at once, folded by setting 0x20 in each: ASCII
		 * letters lose their case (a few symbols merge, which only makes
		 * more candidates: they are checked exactly below) */
		uint32_t w;
		memcpy(&w, u + i, 4);
		unsigned h = quad_hash(w | 0x20202020u);
		if (!(a->quad[h >> 3] & (1u << (h & 7))))
			continue;
		/* some trigger may start here: the ones whose bytes 0-2 fit */
		tmask m = a->byte_mask[0][lc[u[i]]] & a->byte_mask[1][lc[u[i + 1]]] &
			  a->byte_mask[2][lc[u[i + 2]]] & ~found;
		while (m) {
			uint64_t lo = (uint64_t)m;
			int t = lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(m >> 64));
			m &= m - 1;
			size_t len = a->trig_len[t];
			if (i + len <= n) {
				const char *tr = a->trig[t];
				size_t k = 3;
				while (k < len && lc[u[i + k]] == (unsigned char)tr[k])
					k++;
				if (k == len)
					found |= TBIT(t);
			}
		}
	}
	return found;
}

/* ---- connections ---- */

/* "host prog[pid]: rest" or "prog[pid]: rest" at the start of a bare
 * message: fills host/process/pid and returns the rest. */
static struct span strip_prefix(struct span m, struct span *host, struct span *proc, long long *pid)
{
	const char *p = m.p, *end = m.p + m.len;
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	const char *br = memchr(p, '[', (size_t)(end - p));
	if (!br || br == p)
		return m;
	const char *pstart = p;
	if (sp && sp < br) {
		/* a host word before the program */
		if (memchr(sp + 1, ' ', (size_t)(br - sp - 1)))
			return m;
		pstart = sp + 1;
	}
	const char *q = br + 1;
	long long v = 0;
	int digits = 0;
	while (q < end && *q >= '0' && *q <= '9' && digits < 12)
		v = v * 10 + (*q++ - '0'), digits++;
	if (!digits || q + 2 >= end || q[0] != ']' || q[1] != ':' || q[2] != ' ')
		return m;
	for (const char *c = pstart; c < br; c++)
		if (*c == ' ' || *c == ':')
			return m;
	if (pstart != p)
		*host = span_make(p, (size_t)(sp - p));
	*proc = span_make(pstart, (size_t)(br - pstart));
	*pid = v;
	return span_make(q + 3, (size_t)(end - q - 3));
}

static void conn_key(struct buf *k, struct span host, struct span proc, long long pid, struct span conn)
{
	buf_reset(k);
	if (host.p)
		buf_add(k, host.p, host.len);
	buf_addc(k, '\0');
	if (proc.p)
		buf_add(k, proc.p, proc.len);
	buf_addc(k, '\0');
	buf_add_int(k, pid);
	buf_addc(k, '\0');
	if (conn.p)
		buf_add(k, conn.p, conn.len);
}

static void evict_oldest(struct auth *a)
{
	/* Drop the older half: amortised O(1) per insertion. */
	uint64_t cut = a->clock - a->max_conns / 2;
	size_t i = 0;
	struct conn *c;
	while ((c = hmap_next(&a->conns, &i))) {
		if (c->age < cut) {
			size_t kl;
			const char *k = hmap_key(c, &kl);
			hmap_del(&a->conns, k, kl);
			i--;
		}
	}
}

static struct conn *conn_get(struct auth *a, bool create)
{
	if (!create)
		return hmap_get(&a->conns, a->key.p, a->key.len);
	if (a->conns.count >= a->max_conns)
		evict_oldest(a);
	bool created;
	struct conn *c = hmap_put(&a->conns, a->key.p, a->key.len, &created);
	if (created)
		c->age = a->clock++;
	return c;
}

/* ---- recognition ---- */

static bool group(struct auth *a, size_t r, const char *s, const char *name, struct span *out)
{
	return rules_group(a->rs, r, s, name, out) && out->p;
}

static void set_service(struct auth_event *ev, const char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof ev->service; i++) {
		unsigned char c = (unsigned char)p[i];
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/')
			ev->service[k++] = (char)fold(c);
	}
	ev->service[k] = '\0';
}

static void fill_event(struct auth *a, size_t r, enum auth_kind kind, struct auth_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	const char *sv = a->meta[r].service;
	size_t sl = strlen(sv);
	if (sl >= sizeof ev->service)
		sl = sizeof ev->service - 1;
	memcpy(ev->service, sv, sl);
	ev->service[sl] = '\0';
	ev->rule = rules_at(a->rs, r)->id;
}

static bool path_is_login(const struct auth *a, struct span path)
{
	const char *q = memchr(path.p, '?', path.len);
	size_t n = q ? (size_t)(q - path.p) : path.len;
	while (n > 1 && path.p[n - 1] == '/')
		n--;
	for (size_t i = 0; i < a->npaths; i++) {
		size_t l = strlen(a->paths[i]);
		if (l <= n && strncasecmp(path.p + n - l, a->paths[i], l) == 0 &&
		    (l == n || a->paths[i][0] == '/' || path.p[n - l - 1] == '/'))
			return true;
	}
	return false;
}

static int recognise_http(struct auth *a, const struct auth_in *in, struct auth_event *ev)
{
	bool has_user = in->user.p && in->user.len && !(in->user.len == 1 && in->user.p[0] == '-');
	bool login = in->method.p && span_eq(in->method, "POST") && in->path.p && path_is_login(a, in->path);
	const char *rule;
	if (in->status == 401 && has_user)
		rule = "http.401";
	else if (login && (in->status < 300 || in->status >= 400))
		rule = "http.login_post";
	else
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->kind = AUTH_FAILURE;
	snprintf(ev->service, sizeof ev->service, "http");
	ev->rule = rule;
	int k = auth_norm_ip(in->ip.p, in->ip.len, ev->ip);
	ev->ip_is_addr = k == 1;
	if (has_user)
		set_user(ev->user, in->user.p, in->user.len);
	return 1;
}

static int recognise_text(struct auth *a, const struct auth_in *in, struct span msg, struct span host, struct span proc,
			  long long pid, struct auth_event ev[2]);

int auth_recognise(struct auth *a, const struct auth_in *in, struct auth_event ev[2])
{
	if (in->status >= 0 && in->ip.p)
		return recognise_http(a, in, ev);
	if (!in->message.p)
		return 0;
	struct span host = in->hostname, proc = in->process;
	long long pid = in->pid;
	struct span msg = in->message;
	if (!proc.p)
		msg = strip_prefix(msg, &host, &proc, &pid);
	return recognise_text(a, in, msg, host, proc, pid, ev);
}

/* Is the word W one of the space-separated words of LIST? */
static bool word_in(struct span w, const char *list)
{
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (n == w.len && memcmp(p, w.p, n) == 0)
			return true;
		if (!sp)
			break;
		p = sp + 1;
	}
	return false;
}

/* The record's field NAME (ip and user are read already). */
static struct span in_field(const struct auth_in *in, const char *name, size_t n)
{
	if (n == 2 && memcmp(name, "ip", 2) == 0)
		return in->ip;
	if (n == 4 && memcmp(name, "user", 4) == 0)
		return in->user;
	char key[64];
	if (!in->field || n >= sizeof key)
		return SPAN_NULL;
	memcpy(key, name, n);
	key[n] = '\0';
	return in->field(in->field_arg, key);
}

/* Does a built-in rule for parsed records apply to this record? */
static bool rule_applies(const struct pbuiltin *b, const struct auth_in *in)
{
	if (!b || !b->on)
		return true;
	if (!in->format.p || !word_in(in->format, b->on))
		return false;
	if (b->unless) {
		const char *colon = strchr(b->unless, ':');
		struct span v = in_field(in, b->unless, (size_t)(colon - b->unless));
		size_t tl = strlen(colon + 1);
		for (size_t i = 0; v.p && i + tl <= v.len; i++)
			if (strncasecmp(v.p + i, colon + 1, tl) == 0)
				return false;
	}
	return true;
}

/* The first of the fields LIST (space-separated) that has a value. */
static struct span first_field(const struct auth_in *in, const char *list)
{
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		struct span v = in_field(in, p, n);
		if (v.p && v.len)
			return v;
		if (!sp)
			break;
		p = sp + 1;
	}
	return SPAN_NULL;
}

/* Run rule R over MSG; -1 when it does not match, else the events. */
static int apply_rule(struct auth *a, const struct auth_in *in, size_t r, struct span msg, struct span host, struct span proc,
		      long long pid, struct auth_event ev[2])
{
	const struct rmeta *m = &a->meta[r];
	struct span whole;
	const char *s = msg.p;
	if (!rule_applies(m->pb, in) || rules_match(a->rs, r, s, msg.len, &whole) != RULES_MATCH)
		return -1;
	struct span g_ip = SPAN_NULL, g_user = SPAN_NULL, g_conn = SPAN_NULL;
	unsigned gs = m->groups;
	if (!((gs & G_IP) && group(a, r, s, "ip", &g_ip)) && (gs & G_IP2))
		group(a, r, s, "ip2", &g_ip);
	if (!((gs & G_USER) && group(a, r, s, "user", &g_user)) && (gs & G_USER2))
		group(a, r, s, "user2", &g_user);
	if (gs & G_CONN)
		group(a, r, s, "conn", &g_conn);
	/* a parsed record's address and user fields (read in this order:
	 * a field's span lasts until the next field is read) */
	if (!g_ip.p && m->pb && m->pb->ipf)
		g_ip = first_field(in, m->pb->ipf);
	char ip[AUTH_IP_MAX];
	int ipk = g_ip.p ? auth_norm_ip(g_ip.p, g_ip.len, ip) : 0;
	if (!g_user.p && m->pb && m->pb->userf)
		g_user = first_field(in, m->pb->userf);
	bool have_conn = pid >= 0 || g_conn.p;
	struct conn *c = NULL;
	if (have_conn)
		conn_key(&a->key, host, proc, pid, g_conn);
	int out = 0;
	if (m->type == RT_CONN || m->type == RT_IGNORE) {
		if (have_conn && ipk) {
			c = conn_get(a, true);
			memcpy(c->ip, ip, strlen(ip) + 1);
			c->ip_is_addr = ipk == 1;
			if (g_user.p)
				set_user(c->user, g_user.p, g_user.len);
			if (c->pending) {
				c->pending = false;
				fill_event(a, c->pending_rule, AUTH_FAILURE, &ev[0]);
				memcpy(ev[0].ip, c->ip, sizeof c->ip);
				ev[0].ip_is_addr = c->ip_is_addr;
				memcpy(ev[0].user, c->user, sizeof c->user);
				out = 1;
			}
		}
		return out;
	}
	/* only a pending failure opens a connection here; the others
	 * update one that a conn/ignore/pending line opened */
	if (have_conn)
		c = conn_get(a, m->type == RT_PENDING);
	if (c && c->pending && ipk) {
		/* this line gives the address of a pending failure: both count */
		c->pending = false;
		fill_event(a, c->pending_rule, AUTH_FAILURE, &ev[0]);
		memcpy(ev[0].ip, ip, strlen(ip) + 1);
		ev[0].ip_is_addr = ipk == 1;
		memcpy(ev[0].user, c->user, sizeof c->user);
		ev++;
		out = 1;
	}
	if (c && ipk) {
		memcpy(c->ip, ip, strlen(ip) + 1);
		c->ip_is_addr = ipk == 1;
	}
	if (c && g_user.p)
		set_user(c->user, g_user.p, g_user.len);
	if (m->type == RT_PENDING && !ipk && !(c && c->ip[0])) {
		if (c) {
			c->pending = true;
			c->pending_rule = r;
		}
		return 0;
	}
	fill_event(a, r, m->type == RT_SUCCESS ? AUTH_SUCCESS : AUTH_FAILURE, &ev[0]);
	struct span g_svc;
	if ((m->groups & G_SERVICE) && group(a, r, s, "service", &g_svc) && g_svc.len)
		set_service(&ev[0], g_svc.p, g_svc.len);
	else if (strcmp(ev[0].service, "pam") == 0 && proc.p && proc.len)
		set_service(&ev[0], proc.p, proc.len);
	if (ipk) {
		memcpy(ev[0].ip, ip, sizeof ip);
		ev[0].ip_is_addr = ipk == 1;
	} else if (c && c->ip[0]) {
		memcpy(ev[0].ip, c->ip, sizeof c->ip);
		ev[0].ip_is_addr = c->ip_is_addr;
	}
	if (g_user.p)
		set_user(ev[0].user, g_user.p, g_user.len);
	else if (c && c->user[0])
		memcpy(ev[0].user, c->user, sizeof c->user);
	if (c)
		c->pending = false;
	return out + 1;
}

static int recognise_text(struct auth *a, const struct auth_in *in, struct span msg, struct span host, struct span proc,
			  long long pid, struct auth_event ev[2])
{
	int n;
	/* rules from files first, on every line; then built-in rules without
	 * a usable trigger (none today), also on every line */
	for (size_t k = 0; k < a->nuser; k++)
		if ((n = apply_rule(a, in, a->nbuiltin + k, msg, host, proc, pid, ev)) >= 0)
			return n;
	for (size_t k = 0; k < a->nalways; k++)
		if ((n = apply_rule(a, in, a->always[k], msg, host, proc, pid, ev)) >= 0)
			return n;
	tmask trig = scan_triggers(a, msg.p, msg.len);
	if (!trig)
		return 0;                 /* the common case: no rule can match */
	uint64_t lo = (uint64_t)trig, hi = (uint64_t)(trig >> 64);
	if ((lo && !hi && !(lo & (lo - 1))) || (!lo && !(hi & (hi - 1)))) {
		/* one trigger: its rules, in order */
		int t = lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll(hi);
		for (size_t k = 0; k < a->trig_nrules[t]; k++)
			if ((n = apply_rule(a, in, a->trig_rules[t][k], msg, host, proc, pid, ev)) >= 0)
				return n;
		return 0;
	}
	/* several: the union of their rules, in rule order */
	size_t nw = (a->nbuiltin + 63) / 64;
	memset(a->cand, 0, nw * sizeof *a->cand);
	while (trig) {
		lo = (uint64_t)trig;
		int t = lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(trig >> 64));
		trig &= trig - 1;
		for (size_t k = 0; k < a->trig_nrules[t]; k++)
			a->cand[a->trig_rules[t][k] >> 6] |= 1ull << (a->trig_rules[t][k] & 63);
	}
	for (size_t w = 0; w < nw; w++) {
		uint64_t bits = a->cand[w];
		while (bits) {
			size_t r = w * 64 + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			if ((n = apply_rule(a, in, r, msg, host, proc, pid, ev)) >= 0)
				return n;
		}
	}
	return 0;
}
