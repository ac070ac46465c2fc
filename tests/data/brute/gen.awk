# gen.awk: sshd records in lparse's format from a compact script, for the
# lbrute tests.  Each input line: SECONDS KIND IP USER [PID]
#   SECONDS  offset from 2026-11-23T10:00:00Z (may be fractional)
#   KIND     F  "Failed password for USER from IP port 4242 ssh2"
#            I  "Invalid user USER from IP port 4242"
#            A  "Accepted password for USER from IP port 4242 ssh2"
#            P  "pam_unix(sshd:auth): authentication failure; ... rhost=IP user=USER"
#            T  "Disconnecting: Too many authentication failures for USER [preauth]"
#            C  "Connection closed by IP port 4242 [preauth]"
#            N  a record without a timestamp ("Failed password ...")
#            S  "session opened" noise that is no event
# Lines starting with '#' are skipped.
/^#/ || NF < 2 { next }
{
	s = $1; frac = ""
	if (index(s, ".")) { frac = substr(s, index(s, ".")); s = substr(s, 1, index(s, ".") - 1) }
	s += 36000
	ts = sprintf("2026-11-23T%02d:%02d:%02d%sZ", int(s / 3600) % 24, int(s / 60) % 60, s % 60, frac)
	ip = $3; user = $4; pid = (NF >= 5) ? $5 : NR
	if ($2 == "F" || $2 == "N") msg = "Failed password for " user " from " ip " port 4242 ssh2"
	else if ($2 == "I") msg = "Invalid user " user " from " ip " port 4242"
	else if ($2 == "A") msg = "Accepted password for " user " from " ip " port 4242 ssh2"
	else if ($2 == "P") msg = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=" ip "  user=" user
	else if ($2 == "T") msg = "Disconnecting: Too many authentication failures for " user " [preauth]"
	else if ($2 == "C") msg = "Connection closed by " ip " port 4242 [preauth]"
	else if ($2 == "S") msg = "pam_unix(sshd:session): session opened for user " user " by (uid=0)"
	tsf = ($2 == "N") ? "" : "\"timestamp\":\"" ts "\","
	printf "{%s\"level\":\"INFO\",\"source\":\"auth.log\",\"format\":\"syslog\",\"message\":\"%s\",\"hostname\":\"srv\",\"process\":\"sshd\",\"pid\":%d}\n", tsf, msg, pid
}
