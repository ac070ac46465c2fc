/*
 * threat: the detection engine, its built-in rules and the per-source
 * tracker (see threat.h).
 */
#include "threat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "hash.h"
#include "jsonw.h"
#include "topk.h"
#include "xalloc.h"

/*
 * The built-in rules, in the order they are tried.  Patterns see lower-cased
 * text (the decoded forms, or the raw value lower-cased).  "plain" rules
 * also run on values the fast path skips (see threat.h).  The severity
 * table of lthreat(1) follows these entries.
 */
struct builtin_rule {
	const char *id, *type, *severity, *fields;
	bool plain;
	const char *pattern, *desc;
};

/* BEGIN BUILTIN RULES */
static const struct builtin_rule builtin_rules[] = {
	{ "jndi-lookup", "jndi_injection", "critical", "*", false,
	  "\\$\\{(?:[^}]{0,40}?\\$\\{[^}]{0,30}\\}){0,12}[^}]{0,40}?(?:j|\\$\\{[^}]{0,20}j\\})(?:\\$\\{[^}]{0,20}\\}|[^a-z}]){0,8}(?:n|\\$\\{[^}]{0,20}n\\})(?:\\$\\{[^}]{0,20}\\}|[^a-z}]){0,8}(?:d|\\$\\{[^}]{0,20}d\\})(?:\\$\\{[^}]{0,20}\\}|[^a-z}]){0,8}(?:i|\\$\\{[^}]{0,20}i\\})",
	  "Log4Shell JNDI lookup, plain or obfuscated with nested lookups" },
	{ "jndi-scheme", "jndi_injection", "critical", "*", false,
	  "\\$\\{[^}]{0,60}?(?:ldaps?|rmi|dns|iiop|corba|nds|nis)\\s*:\\s*/",
	  "Log4j lookup reaching a JNDI scheme" },
	{ "php-tag", "php_injection", "high", "*", false,
	  "<\\?\\s*(?:php\\b|=|echo\\b|print\\b|exec\\b|system\\b|passthru\\b|include\\b|require\\b|eval\\b|\\$|@)|<\\?$|<\\?xml\\s*[:(]|[\\[{]\\\\?/?php[\\]}]",
	  "PHP open tag" },
	{ "php-functions", "php_injection", "high", "*", false,
	  "(?:gzinflate|gzuncompress|gzdecode|bzdecompress|fsockopen|base64_decode|str_rot13|shell_exec|proc_open|pcntl_exec|create_function|call_user_func(?:_array)?|file_get_contents|file_put_contents|posix_\\w+|tidy_parse_string|assert_options|unserialize|phpinfo|passthru|file_exists|strip_tags|array_diff\\w*|sodium_crypto_\\w+|highlight_file|show_source|parse_ini_file|move_uploaded_file|mb_ereg_replace|ob_start|register_shutdown_function|set_error_handler)['\\\"]?(?:\\s|/\\*[\\s\\S]*?\\*/|(?:#|//)[^\\n]*(?:\\n|$))*\\(",
	  "high-risk PHP function call" },
	{ "php-calls", "php_injection", "high", "*", false,
	  "\\b(?:eval|assert|system|exec|popen|preg_replace|fopen|readfile|include|include_once|require_once|is_array|date_add|unpack|filegroup|fputcsv|array_map)['\\\"]?(?:\\s|/\\*[\\s\\S]*?\\*/|(?:#|//)[^\\n]*(?:\\n|$))*\\([^)]*\\)",
	  "PHP function call with its arguments" },
	{ "php-calls-common", "php_injection", "high", "*", false,
	  "\\b(?:chr|substr|intval|printf|sprintf|file|strrev|implode|explode|str_replace|serialize|var_dump|print_r|die|ini_set|putenv|getenv|mail|header|extract|parse_str|compact)(?:[\\t\\r\\n\\v]\\s*)?\\([^)]*\\)",
	  "PHP call of a function with a common name (no space before the parenthesis)" },
	{ "php-vars", "php_injection", "high", "*", false,
	  "\\$_(?:get|post|cookie|server|request|files|env|session)\\b|\\$globals\\b|\\$http_\\w+_vars",
	  "PHP superglobals" },
	{ "php-wrappers", "php_injection", "high", "path,referer,user,message,raw", false,
	  "\\b(?:php|phar|zlib|glob|expect|zip|compress\\.zlib|compress\\.bzip2)://|(?:^|[=?&])\\s*data:(?:text|image|application)/",
	  "PHP stream wrappers and data: URIs" },
	{ "sqli-union", "sql_injection", "high", "*", false,
	  "\\bunion\\b[\\s(+]*(?:all\\b|distinct\\b)?[\\s(+]*select\\b|\\d[\\s+]+union[\\s+]+all\\b",
	  "UNION SELECT" },
	{ "sqli-union-glued", "sql_injection", "high", "path,referer,user,message,raw", true,
	  "union\\w{0,4}select\\w{0,8}from",
	  "UNION SELECT FROM written without spaces" },
	{ "sqli-quote-logic", "sql_injection", "high", "*", false,
	  "['\\\"\\x60]\\s*(?:(?:x?or|and|div|like|rlike|regexp|glob|having|waitfor)\\b|\\|\\||&&)\\s*[-\\w'\\\"(@!+~]",
	  "quote closed, then a boolean or SQL keyword" },
	{ "sqli-tautology", "sql_injection", "high", "*", false,
	  "\\b(?:x?or|and)\\s+['\\\"]?[\\w.]+['\\\"]?\\s*(?:=|<>|!=|<=>|[<>])|\\bx?or\\s+['\\\"]?\\d+['\\\"]?\\s*(?:-|$)",
	  "boolean test (or 1=1, and 5>3)" },
	{ "sqli-quote-end", "sql_injection", "high", "*", false,
	  "['\\\"]\\s*\\)*\\s*(?:;|--|#)",
	  "quote closed, then a statement end or a comment" },
	{ "sqli-stacked", "sql_injection", "high", "*", false,
	  ";\\s*(?:insert|update|delete|drop|truncate|replace|create|alter|exec(?:ute)?|declare|select|shutdown|grant|rename|handler)\\b",
	  "stacked query after a semicolon" },
	{ "sqli-functions", "sql_injection", "high", "*", false,
	  "(?:\\b(?:sleep|benchmark|pg_sleep|extractvalue|updatexml|load_file|lo_get|lo_import|unistr|starts_with|overlay|group_concat|concat_ws|make_set|json_\\w+|jsonb_\\w+|dbms_\\w+|utl_\\w+|sys_context)\\s*\\()|\\bwaitfor\\s+delay\\b|\\bxp_cmdshell\\b|\\bsp_executesql\\b|\\binformation_schema\\b|\\bpg_catalog\\b|\\bsysobjects\\b|@@version\\b|\\binto\\s+(?:out|dump)file\\b|\\bmsdasql\\b|\\bopenrowset\\b",
	  "SQL functions and objects used in injections" },
	{ "sqli-cast", "sql_injection", "high", "*", false,
	  "::\\s*(?:int|integer|text|varchar|jsonb?|bigint|numeric|bool|regclass|bytea)\\b",
	  "PostgreSQL cast" },
	{ "sqli-json-ops", "sql_injection", "high", "*", false,
	  "['\\\"]\\s*(?:->>?|#>>?|#-|@>|<@|@\\?|@@|[<>]|\\|\\|)\\s*['\\\"]|['\\\"]\\s+\\?[|&]?\\s+(?:['\\\"]|array\\b)",
	  "JSON or comparison operator between quoted literals" },
	{ "sqli-statements", "sql_injection", "high", "*", false,
	  "\\b(?:insert\\s+into\\s+\\w+|delete\\s+from\\s+\\w+\\s*(?:;|--|#|where)|drop\\s+(?:table|database|function|procedure|view|user)\\s+\\w+\\s*(?:;|--|#|$)|drop\\s+\\w+\\s*;|create\\s+(?:function|procedure|table|trigger|user)\\b|truncate\\s+table|alter\\s+table|exec\\s+(?:xp|sp)_|(?:except|intersect)\\s+(?:select|values)\\b|in\\s*\\(\\s*select\\b|having\\s+(?:count|sum|min|max|avg)\\s*\\(|select\\s+(?:\\*|[\\w@.()]+(?:\\s*,\\s*[\\w@.()]+)*)\\s+from\\s+[\\w.]+\\s*(?:where|limit|order|group|;|--|#))",
	  "SQL statements" },
	{ "sqli-compare", "sql_injection", "high", "path,referer,user,message,raw", false,
	  "\\b\\d+\\s*(?:!=|<>|\\bis\\s+not\\b)\\s*\\d+",
	  "numeric comparison (1!=2, 1 is not 2)" },
	{ "sqli-backtick", "sql_injection", "high", "path,referer,user,message,raw", false,
	  "(?:^|[?&=])\\x60[^\\x60]{1,64}\\x60(?:$|&)",
	  "identifier in backticks as a whole value" },
	{ "crlf-header", "crlf_injection", "medium", "path,referer,user,message,raw", false,
	  "[\\r\\n]\\s*(?:[a-z][a-z0-9-]{1,40}\\s*:|http/\\d|<)|(?:^|[?&])[^=&]*[\\r\\n]",
	  "CR/LF followed by a header or in a parameter name (response splitting)" },
	{ "ldap-filter", "ldap_injection", "medium", "path,referer,user,message,raw", false,
	  "\\)\\s*\\(\\s*[|&!]|\\)\\s*\\(\\s*[a-z][\\w-]*\\s*[<>~]?=|\\)\\s*[|&]\\s*\\(|\\bobjectclass\\s*=\\s*\\*",
	  "LDAP filter injection ()(|(, )(&(, objectClass=*)" },
	{ "code-node", "code_injection", "medium", "*", false,
	  "\\brequire\\s*[\\[(]|\\bprocess\\s*(?:\\.\\s*(?:env|mainmodule|binding|exit|kill)\\b|\\[)|\\bchild_process\\b|\\bmodule\\.exports\\s*=|constructor\\s*\\.\\s*constructor|__proto__|\\bc(?:o|\\\\u0*6f)nsole\\s*(?:\\.|\\[)|string\\.fromcharcode|\\.readdirsync|\\.spawn\\s*\\(|\\bfunction\\s*\\(\\s*\\)\\s*\\{|\\bnew\\s+function\\s*\\(|:prototype\\b|resolved_model",
	  "Node.js code injection" },
	{ "code-node-plain", "code_injection", "medium", "path,referer,user,message,raw", true,
	  "_\\$\\$nd_func\\$\\$_|xyqktkrfrlvoqyqkx|__js_function|\\bprocess\\.(?:env|mainmodule|binding)\\b|\\bthis\\.constructor\\b",
	  "Node.js serialisation markers and process/constructor access" },
	{ "code-perl", "code_injection", "medium", "*", false,
	  "@\\{\\s*\\[",
	  "Perl code interpolation @{[ ... ]}" },
	{ "code-template", "code_injection", "medium", "*", false,
	  "\\{\\{[^}]{0,80}?(?:[*+()\\[\\]|'\\\"]|\\.\\w+\\()[^}]{0,80}\\}\\}|<%=?[^%]{0,80}?(?:[*+()'\\\"]|\\b(?:if|for|end\\w*|import)\\b)[^%]{0,80}%>|#\\{[^}]{0,80}?[(.'\\\"*+][^}]{0,80}\\}|\\{%\\s*(?:if|for|set|import|include|macro|raw|block|extends|load|debug)\\b.{0,80}?%\\}|\\$\\{\\{",
	  "server-side template expression ({{7*7}}, <%= %>, #{...})" },
	{ "code-orm", "code_injection", "medium", "path,referer,user,message,raw", false,
	  "__(?:has_key|istartswith|startswith|contains|icontains|regex|iregex|in|gt|gte|lt|lte|exact|iexact|isnull|endswith|iendswith|range|search)=",
	  "ORM lookup operator in a parameter name (Django)" },
	{ "session-fixation", "session_fixation", "medium", "*", false,
	  "\\bdocument\\.cookie\\s*=|\\.cookie\\s*[;=]\\s*(?:expires|domain|path|max-age)\\s*=|http-equiv\\s*=\\s*['\\\"]?set-cookie|\\.cookie\\s*=\\s*['\\\"][^'\\\"]*;\\s*(?:domain|path|expires)\\s*=",
	  "setting a cookie from injected script or markup" },
	{ "xss-tag", "xss_attempt", "medium", "*", false,
	  "<\\s*/?\\s*(?:[a-z0-9]+\\s*:\\s*)?(?:script|iframe|svg|img|body|object|embed|applet|meta|link|base|style|form|input|isindex|frame|frameset|marquee|details|video|audio|math|xml|import|template|dialog|textarea|button|keygen|xss|a\\s)\\b|<\\s*(?:[a-z]\\s+){2,}[a-z]|<\\s*[a-z0-9]+\\s[^>]*\\bon[a-z]{3,}\\s*=|<\\s*[\\\"'/]\\s*on[a-z]{3,}\\s*=|<\\??\\s*import",
	  "HTML tag that runs script" },
	{ "xss-event", "xss_attempt", "medium", "*", false,
	  "(?:^|[\\s\\\"'\\x60;(])on[a-z]{3,40}\\s*=|['\\\"\\s](?:formaction|xlink:href|srcdoc)\\s*=",
	  "event handler attribute (onload=, onerror=)" },
	{ "xss-js", "xss_attempt", "medium", "*", false,
	  "(?:java|vb|live)script\\s*:|data\\s*:\\s*,|-moz-binding|expression\\s*\\(|\\bdocument\\s*\\.\\s*(?:cookie|domain|write|location)\\b|\\b(?:alert|prompt|confirm)\\s*\\(|eval\\s*\\(\\s*atob|settimeout\\s*\\(|\\+adw-|!entity\\s",
	  "script URI, DOM access or dialog call" },
	{ "ssrf-odd-ip", "ssrf", "medium", "path,referer,user,message,raw", false,
	  "(?:^|[=?&\\s])[a-z][a-z0-9+._-]{1,15}:/{0,2}\\s*(?:[^/?#@\\s]*@)?(?:0x[0-9a-f]+|0[0-7]+(?:\\.(?:0[0-7]*|0x[0-9a-f]+|\\d+)){0,3}(?:[/:\\]]|$)|\\d{8,}|\\d+\\.\\d{5,}|\\d+\\.\\d+\\.\\d{4,}|\\[[0-9a-f:.%a-z]*\\]|\\\\|\\xe2[\\x91-\\x93][\\x80-\\xbf]|\\d+\\xe3\\x80\\x82|169\\.254\\.|127\\.\\d|localhost\\b|0\\.0\\.0\\.0|metadata\\.google)|[\\s&#]@(?:\\d{1,3}\\.){3}\\d{1,3}",
	  "URL to an internal address or an IP in disguise (hex, octal, dotless, IPv6, enclosed digits)" },
	{ "rfi-ip-url", "remote_file_inclusion", "high", "path,referer,user,message,raw", false,
	  "(?:^|[=?&])\\s*(?:https?|ftps?)://(?:\\d{1,3}\\.){3}\\d{1,3}\\b|(?:^|[=?&])\\s*(?:https?|ftps?)://\\[?[0-9a-f]{1,4}:[0-9a-f:]+",
	  "URL with an IP host as a parameter value" },
	{ "rfi-scheme", "remote_file_inclusion", "high", "path,referer,user,message,raw", false,
	  "(?:^|[=?&/])\\s*(?:file|ftps?|gopher|jar|ldaps?|local_file|dict|tftp|netdoc|url:file)\\s*:",
	  "file, ftp, gopher, jar or ldap URL in a parameter" },
	{ "rfi-path-url", "remote_file_inclusion", "high", "path", false,
	  "^/[^?]*/(?:https?|ftp)://",
	  "URL inside the path" },
	{ "lfi-system-file", "path_traversal", "high", "path,referer,user,message,raw", true,
	  "(?:^|[/=\\\\\\s:>])(?:etc/(?:passwd|shadow|group|hosts|issue|sudoers|subuid|subgid|crontab|fstab|motd|resolv\\.conf|security/|ssh/)|proc/(?:self|\\d+)/(?:environ|cmdline|maps|fd|status)|windows/(?:win\\.ini|system32)|boot\\.ini|win\\.ini|system32/|\\.ssh/(?:id_[a-z0-9]+|authorized_keys|known_hosts)|\\.bash_history|\\.history\\b|\\.docker/|sys/class\\b|usr/local/apps/|httpd\\.conf|\\.htpasswd|\\.aws/credentials)|(?:^|[=\\s])>\\s*/(?:tmp|dev|etc|var)/",
	  "operating-system file (/etc/passwd, win.ini, .ssh/id_rsa)" },
	{ "lfi-dotdot", "path_traversal", "medium", "path,referer,user,message,raw", false,
	  "(?:^|[/=\\\\?&\\s;])\\.{2,3}(?:/|\\\\|;|$)",
	  "directory traversal (../, ..\\, ..;/)" },
	{ "cmd-separator", "command_injection", "critical", "*", false,
	  "(?:[;|\\x60\\n\\r]|&&|\\|\\||&\\s|\\$\\(|\\$\\{|^\\(|[;|&]\\s*\\(|\\x60)\\s*(?:\\$\\w+\\s+)?(?:(?:time|nohup|sudo|env|exec|eval|busybox|timeout)\\s+)?(?:[\\w./-]*/)?(?:cat|tac|head|tail|more|less|nl|ls|ll|dir|id|whoami|who|w|uname|wget|curl|lwp-download|fetch|nc|ncat|netcat|socat|telnet|bash|sh|zsh|ksh|csh|dash|tcsh|python[0-9.]*|perl|ruby|php|node|lua|nslookup|dig|host|ping|echo|printf|rm|mv|cp|chmod|chown|touch|kill|pkill|killall|ps|sleep|ifconfig|ipconfig|netstat|cd|pwd|vi|vim|nano|find|xargs|awk|gawk|sed|base64|tar|bsdtar|zcat|zstdcat|pip[0-9]?|npm|crontab|useradd|passwd|systemctl|service|mkfifo|mknod|gcc|cc|ssh|scp|ftp|tftp|nmap|iwr|iwmi|iex|irm|certutil|mshta|regedit|rundll32|regsvr32|bitsadmin|wmic|cmd(?:\\.exe)?|powershell(?:\\.exe)?|pwsh|cscript|wscript|schtasks|net|reg|busybox|env|exec|eval|time|nohup|sudo|su|timeout|setsid|rc)(?:\\s|$|[;|&<>)\\x60+])",
	  "shell command after a command separator, substitution or subshell" },
	{ "cmd-shell-c", "command_injection", "critical", "*", false,
	  "(?:^|[=\\s;|&(/]|\\$\\{?shell\\}?)\\s*(?:(?:time|nohup|sudo|env)\\s+)?(?:sh|bash|zsh|ksh|dash|busybox|python[0-9.]*|perl|ruby|php|node|cmd(?:\\.exe)?|powershell(?:\\.exe)?)\\s+-(?:c|e|i|command|enc\\w*)\\b|\\$\\{?shell\\}?\\s+-c\\b",
	  "shell or interpreter running a command string (sh -c, python -c, cmd /c)" },
	{ "cmd-time-prefix", "command_injection", "critical", "path,referer,user,message,raw", false,
	  "(?:^|[=?&])\\s*(?:time|nohup|sudo)\\s+(?:cat|tac|head|tail|more|less|nl|ls|ll|dir|id|whoami|who|w|uname|wget|curl|lwp-download|fetch|nc|ncat|netcat|socat|telnet|bash|sh|zsh|ksh|csh|dash|tcsh|python[0-9.]*|perl|ruby|php|node|lua|nslookup|dig|host|ping|echo|printf|rm|mv|cp|chmod|chown|touch|kill|pkill|killall|ps|sleep|ifconfig|ipconfig|netstat|cd|pwd|vi|vim|nano|find|xargs|awk|gawk|sed|base64|tar|bsdtar|zcat|zstdcat|pip[0-9]?|npm|crontab|useradd|passwd|systemctl|service|mkfifo|mknod|gcc|cc|ssh|scp|ftp|tftp|nmap|iwr|iwmi|iex|irm|certutil|mshta|regedit|rundll32|regsvr32|bitsadmin|wmic|cmd(?:\\.exe)?|powershell(?:\\.exe)?|pwsh|cscript|wscript|schtasks|net|reg|busybox|env|exec|eval|time|nohup|sudo|su|timeout|setsid|rc)(?:\\s|$)",
	  "command run under time/nohup/sudo as a parameter value" },
	{ "cmd-read-system", "command_injection", "critical", "*", false,
	  "(?:^|[=?&\\s;|])(?:cat|tac|head|tail|ls|ll|zcat|zstdcat|less|more|rm|chmod|nl|strings|xxd|od)\\s+(?:-\\w+\\s+)*/(?:etc|var|tmp|proc|dev|home|root|usr|bin|opt|srv|sys)\\b",
	  "file command on a system directory (cat /etc/..., ls /var/...)" },
	{ "cmd-install", "command_injection", "critical", "path,referer,user,message,raw", false,
	  "(?:^|[=?&])\\s*(?:pip[0-9]?|npm|gem|apt(?:-get)?|yum|apk)\\s+(?:install|add)\\b|(?:^|[=?&])\\s*rc\\s+\\S+\\.sh\\b|(?:^|[=?&])\\s*python[0-9]+\\.[0-9]+\\s|(?:^|[=?&])\\s*ping\\s+(?:-\\w+\\s+\\S+\\s+)*\\d+\\.\\d+",
	  "package installs, script runs, interpreters and ping as parameter values" },
	{ "cmd-bin-path", "command_injection", "critical", "path,referer,user,message,raw", true,
	  "(?:^|[=?&\\s;|/])(?:usr/)?(?:local/)?s?bin/(?:[a-z][\\w.+-]*)",
	  "path into a bin/ or sbin/ directory (bin/bash, /usr/bin/id)" },
	{ "cmd-words", "command_injection", "critical", "*", false,
	  "\\bwhoami\\b|\\buname\\s+-[a-z]|/dev/(?:tcp|udp)/|\\bbash\\s+-i\\b|>&\\s*/dev/|0>&1|\\bmkfifo\\b|\\bnc\\s+(?:-\\w+\\s+)*-[elc]\\b|\\|\\s*(?:ba|z|k|da)?sh\\b|\\bbase64\\s+-d\\b|\\blwp-download\\b|\\bcertutil\\s+-urlcache\\b",
	  "commands an attacker runs (whoami, uname -a, reverse shells, pipes into sh)" },
	{ "cmd-glob", "command_injection", "critical", "*", false,
	  "(?:^|[;|&=\\s/])[a-z/]*[a-z][?*][a-z?*]*\\s+/[a-z?*]*[?*][a-z?*]*/|/e[t?*]{0,2}[?*][c?*]{0,2}/|/etc/pa?[s?*]*[?*]",
	  "shell globs standing in for a command or a system file (/bin/ca? /et*/passwd)" },
	{ "cmd-brace", "command_injection", "critical", "path,referer,user,message,raw", false,
	  "\\{,|,\\}",
	  "bash brace expansion ({,cat,/etc/passwd})" },
	{ "cmd-shell-expr", "command_injection", "critical", "path,referer,user,message,raw", false,
	  "(?:^|[=\\s;|&])~[+-]?\\d*(?:$|[\\s;|&])|(?:^|[=\\s;|&])!-\\d|\\$\\[\\s*\\$\\(",
	  "shell expressions: tilde expansion (~+, ~-1), history (!-1), arithmetic" },
	{ "cmd-windows", "command_injection", "critical", "*", false,
	  "\\b(?:for\\s+(?:/[dflr]\\s+(?:[^%\\s]+\\s+){0,6})?%%?\\S{0,40}?\\s+in\\s*\\(|if(?:\\s+|\\s*/i\\s+)(?:not\\s+)?(?:exist\\s|defined\\s|errorlevel\\s|cmdextversion\\s|[^=\\s]+(?:\\s+[^=\\s]+){0,3}\\s*==|\\S+\\s+(?:equ|neq|lss|leq|gtr|geq)\\s|\\[|\\())",
	  "Windows cmd FOR and IF constructs" },
	{ "cmd-powershell", "command_injection", "critical", "*", false,
	  "\\b(?:invoke-(?:webrequest|expression|restmethod|command|item|wmimethod|shellcode)|new-object\\s+(?:system\\.)?net\\.webclient|downloadstring\\s*\\(|start-process|set-executionpolicy|-encodedcommand)\\b",
	  "PowerShell download and execution cmdlets" },
	{ "cmd-shellshock", "command_injection", "critical", "*", false,
	  "\\(\\s*\\)\\s*\\{[^}]*;\\s*\\}\\s*;",
	  "Shellshock function definition (() { :; };)" },
	{ "cmd-mail", "command_injection", "critical", "path,referer,user,message,raw", false,
	  "[\\r\\n]\\s*(?:helo|ehlo|mail\\s+from|rcpt\\s+to|data|quit|help|vrfy|expn|apop|auth|retr|top|list|user|pass|stat|dele|noop|rset|uidl|capa|login|select|fetch|logout)\\b",
	  "SMTP, POP3 or IMAP command after an injected line break" },
	{ "cmd-bare-ua", "command_injection", "critical", "user_agent,referer", true,
	  "^\\s*(?:id|whoami|uname(?:\\s+-a)?|ls(?:\\s+-\\w+)?|pwd|ifconfig|ipconfig|hostname|cat\\s+/\\S+)\\s*$",
	  "a shell command as the whole user agent or referer" },
	{ "scanner-ua", "scanner", "medium", "user_agent", true,
	  "\\b(?:sqlmap|nikto|nmap|masscan|zgrab|nuclei|havij|acunetix|netsparker|wpscan|dirbuster|gobuster|dirb|ffuf|feroxbuster|wfuzz|w3af|openvas|nessus|arachni|burp(?:suite| collaborator)|owasp[ _-]?zap|zaproxy|appscan|webinspect|skipfish|whatweb|jaeles|commix|hydra|metasploit|morfeus|zmeu|paros|nstealth|fimap|httprint|blackwidow|l9explore|interactsh|jorgee|struts-pwn|xsstrike|wafw00f|sslyze|testssl)\\b",
	  "security scanner user agent" },
	{ "sensitive-dotfile", "sensitive_file", "medium", "path", true,
	  "(?:^|/)\\.(?:env|git|svn|hg|bzr|ds_store|htaccess|htpasswd|aws|ssh|docker|npmrc|pypirc|netrc|bash_history|zsh_history|mysql_history|idea|vscode|cursor|claude|cline|codex|continue|aider|windsurf|junie|kiro|n8n|opencode|plandex|roo|rovodev|zed|a0proj|fabric|terraform|kube|gnupg|config/gcloud)(?:/|$|[.?#])",
	  "dotfile or tool directory (.env, .git/, .aws/, .claude/)" },
	{ "sensitive-name", "sensitive_file", "medium", "path", true,
	  "(?:^|/)(?:wp-config\\.php\\S*|config\\.php\\.\\w+|web\\.config|phpinfo\\.php|server-status|id_(?:rsa|dsa|ecdsa|ed25519)(?:\\.pub)?|(?:backup|dump|database|db)\\.(?:sql|zip|tar|tgz|gz|rdb))(?:$|\\?)",
	  "well-known sensitive file (wp-config.php, id_rsa, backup.sql)" },
	{ "sensitive-exploit-probe", "sensitive_file", "medium", "path", true,
	  "(?:^|/)(?:phpmyadmin|pma|myadmin|phpmy)(?:/|$)|/phpunit/.*/eval-stdin\\.php|/cgi-bin/luci/;stok=|(?:^|/)(?:boaform|hnap1)(?:/|$)|/actuator/(?:env|heapdump|gateway)|/solr/admin/|/wp-admin/setup-config\\.php|/owa/auth/logon\\.aspx|/\\.well-known/(?!security\\.txt|acme-challenge|openid|change-password|assetlinks|apple-app-site)[^/?]*\\.php",
	  "probe for a known vulnerable or admin path (phpMyAdmin, PHPUnit eval-stdin, LuCI, Spring actuator)" },
	{ "sensitive-ext", "sensitive_file", "medium", "path", true,
	  "^[^?]*\\.(?:bak|old|orig|save|swp|sql|sqlite3?|db|mdb|rdb|pem|key|p12|pfx|jks|kdbx|tfstate|backup|sql\\.gz|sql\\.zip)(?:$|\\?)",
	  "backup, dump, database or key file extension" },
};
/* END BUILTIN RULES */

/* Which decoded form a rule runs on (besides the raw text). */
enum form { FORM_TEXT, FORM_SQL, FORM_PATH, FORM_CMD };

struct meta {
	unsigned fields;          /* bit per enum threat_field */
	int type;
	enum form form;
	bool plain;               /* runs even on values the fast path skips */
	bool builtin;             /* written for lower-cased text */
};

struct threat {
	struct ruleset *rs;
	struct meta *meta;
	size_t nmeta;
	char *types[THREAT_MAX_TYPES];
	int ntypes;
	struct decoder dec;
	struct buf low, text, sql, path, cmd;   /* the forms of the current value */
	struct buf matches;                /* match texts of the current record */
	struct threat_hit hits[THREAT_MAX_TYPES];
	/* Built at the first scan (and again after more rules are loaded):
	 * per field, the rules that apply, and those the fast path runs; and
	 * one caseless prefilter per field, the built-in plain rules OR'ed,
	 * so a value the fast path skips costs one match, not one per rule. */
	bool ready;
	size_t *all[TF_COUNT], nall[TF_COUNT];
	size_t *plain[TF_COUNT], nplain[TF_COUNT];
	struct ruleset *pre;
	int pre_idx[TF_COUNT];
	bool user_plain[TF_COUNT];        /* rules from files apply: no value is skipped */
	struct vcache *cache[TF_COUNT];   /* verdicts of recent values */
	uint64_t truncated;               /* records with a value over THREAT_SCAN_MAX */
};

/*
 * Logs repeat themselves (a few hundred user agents, the same static
 * paths), so the fast path's verdict for a value is remembered: a
 * direct-mapped table, keyed by the value's hash and checked against a
 * copy of the value, so a collision can never give a wrong verdict.
 */
#define VCACHE_SLOTS 2048
#define VCACHE_MAXLEN 240

struct vslot {
	uint64_t hash;
	uint16_t len;            /* 0: empty */
	bool scan;               /* the value needs rules: triggered, or the prefilter matched */
	char s[VCACHE_MAXLEN];
};

struct vcache {
	struct vslot slot[VCACHE_SLOTS];
};

/* A cheap hash of a value: its length and five 8-byte samples (memcmp decides). */
static uint64_t vhash(const char *p, size_t n)
{
	uint64_t h = n * 0x9e3779b97f4a7c15ull, w;
	if (n < 8)
		return hash_bytes(p, n) ^ h;
	size_t at[5] = { 0, n / 4, n / 2, 3 * n / 4, n - 8 };
	for (int i = 0; i < 5; i++) {
		memcpy(&w, p + (at[i] <= n - 8 ? at[i] : n - 8), 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	return h;
}

/* The cache slot of a value, or NULL when it is not cacheable; *hit says
 * whether the slot holds this very value. */
static struct vslot *vcache_slot(struct threat *t, int f, const char *p, size_t n, bool *hit)
{
	*hit = false;
	if (n == 0 || n > VCACHE_MAXLEN)
		return NULL;
	if (!t->cache[f])
		t->cache[f] = xcalloc(1, sizeof *t->cache[f]);
	uint64_t h = vhash(p, n);
	struct vslot *sl = &t->cache[f]->slot[h & (VCACHE_SLOTS - 1)];
	if (sl->len == n && sl->hash == h && memcmp(sl->s, p, n) == 0) {
		*hit = true;
		return sl;
	}
	sl->hash = h;
	sl->len = 0;             /* filled by the caller once the verdict is known */
	return sl;
}

static void vcache_fill(struct vslot *sl, const char *p, size_t n, bool scan)
{
	sl->len = (uint16_t)n;
	sl->scan = scan;
	memcpy(sl->s, p, n);
}

/* The prefilter's verdict on a value; true also when it hit a limit. */
static bool prefilter(struct threat *t, int f, const char *p, size_t n)
{
	if (t->pre_idx[f] < 0)
		return true;
	return rules_match(t->pre, (size_t)t->pre_idx[f], p, n, NULL) != RULES_NOMATCH;
}

static const char *const field_names[TF_COUNT] = {
	"path", "referer", "user_agent", "user", "message", "raw",
};

const char *threat_field_name(int f)
{
	return f >= 0 && f < TF_COUNT ? field_names[f] : "?";
}

/* ---- fast path: the bytes an attack needs, per kind of field ---- */

enum { TRIG_URL = 1, TRIG_REF = 2, TRIG_UA = 4 };

static unsigned char trig[256];

static void trig_init(void)
{
	if (trig['%'])
		return;
	const char *common = "%'\"<>{}[]|$`\\^*!~";
	for (const char *c = common; *c; c++)
		trig[(unsigned char)*c] = TRIG_URL | TRIG_REF | TRIG_UA;
	for (const char *c = "();+,@ "; *c; c++)
		trig[(unsigned char)*c] |= TRIG_URL | TRIG_REF;
	trig['='] |= TRIG_UA;
	trig[':'] |= TRIG_URL;
	for (int c = 0; c < 256; c++)
		if (c < 0x20 || c >= 0x7f)
			trig[c] = TRIG_URL | TRIG_REF | TRIG_UA;
}

/* Whether v holds a byte (or "..", "__", "&#") that some attack needs. */
static bool triggered(const char *p, size_t n, unsigned kind)
{
	const unsigned char *s = (const unsigned char *)p;
	for (size_t i = 0; i < n; i++) {
		if (trig[s[i]] & kind)
			return true;
		if (i + 1 < n && s[i] == s[i + 1] && (s[i] == '.' || s[i] == '_'))
			return true;
		if (i + 1 < n && s[i] == '&' && s[i + 1] == '#')
			return true;
	}
	return false;
}

static unsigned field_trig(int f)
{
	return f == TF_REFERER ? TRIG_REF : f == TF_USER_AGENT ? TRIG_UA : TRIG_URL;
}

/* ---- loading ---- */

struct threat *threat_new(void)
{
	trig_init();
	struct threat *t = xcalloc(1, sizeof *t);
	t->rs = rules_new();
	return t;
}

void threat_free(struct threat *t)
{
	if (!t)
		return;
	rules_free(t->rs);
	free(t->meta);
	for (int i = 0; i < t->ntypes; i++)
		free(t->types[i]);
	decode_free(&t->dec);
	buf_free(&t->low);
	buf_free(&t->text);
	buf_free(&t->sql);
	buf_free(&t->path);
	buf_free(&t->cmd);
	buf_free(&t->matches);
	for (int f = 0; f < TF_COUNT; f++) {
		free(t->all[f]);
		free(t->plain[f]);
	}
	rules_free(t->pre);
	for (int f = 0; f < TF_COUNT; f++)
		free(t->cache[f]);
	free(t);
}

static int type_index(struct threat *t, const char *name)
{
	for (int i = 0; i < t->ntypes; i++)
		if (strcmp(t->types[i], name) == 0)
			return i;
	if (t->ntypes == THREAT_MAX_TYPES)
		return -1;
	t->types[t->ntypes] = xstrdup(name);
	return t->ntypes++;
}

/* Describe rules [from, count) in t->meta; -1 with err on a rule lthreat cannot use. */
static int add_meta(struct threat *t, size_t from, bool builtin, const bool *plain, char *err,
		    size_t errlen)
{
	size_t n = rules_count(t->rs);
	t->meta = xrealloc(t->meta, n * sizeof *t->meta);
	for (size_t i = from; i < n; i++) {
		const struct rule *r = rules_at(t->rs, i);
		struct meta *m = &t->meta[i];
		memset(m, 0, sizeof *m);
		for (int f = 0; f < TF_COUNT; f++)
			if (rules_has_field(r, field_names[f], strlen(field_names[f])))
				m->fields |= 1u << f;
		if (!m->fields) {
			snprintf(err, errlen, "%s: rule '%s' names no field lthreat scans "
				 "(path, referer, user_agent, user, message, raw)", r->origin, r->id);
			return -1;
		}
		m->type = type_index(t, r->type);
		if (m->type < 0) {
			snprintf(err, errlen, "%s: more than %d rule types", r->origin,
				 THREAT_MAX_TYPES);
			return -1;
		}
		m->form = strcmp(r->type, "sql_injection") == 0 ? FORM_SQL
			: strcmp(r->type, "command_injection") == 0 ? FORM_CMD
			: strcmp(r->type, "path_traversal") == 0 ||
			  strcmp(r->type, "sensitive_file") == 0 ? FORM_PATH
			: FORM_TEXT;
		m->builtin = builtin;
		m->plain = builtin ? plain[i - from] : true;
		t->nmeta = i + 1;
	}
	t->ready = false;
	return 0;
}

/* The per-field rule lists and prefilters (see struct threat). */
static void prepare(struct threat *t)
{
	rules_free(t->pre);
	t->pre = rules_new();
	for (int f = 0; f < TF_COUNT; f++) {
		free(t->cache[f]);   /* verdicts of the old prefilters */
		t->cache[f] = NULL;
		free(t->all[f]);
		free(t->plain[f]);
		t->all[f] = xmalloc((t->nmeta + 1) * sizeof(size_t));
		t->plain[f] = xmalloc((t->nmeta + 1) * sizeof(size_t));
		t->nall[f] = t->nplain[f] = 0;
		t->user_plain[f] = false;
		struct buf pat = BUF_INIT;
		for (size_t i = 0; i < t->nmeta; i++) {
			const struct meta *m = &t->meta[i];
			if (!(m->fields & (1u << f)))
				continue;
			t->all[f][t->nall[f]++] = i;
			if (!m->plain)
				continue;
			t->plain[f][t->nplain[f]++] = i;
			if (!m->builtin)
				t->user_plain[f] = true;
			if (m->builtin)
				buf_printf(&pat, "%s(?:%s)", pat.len ? "|" : "(?i)",
					   rules_at(t->rs, i)->pattern);
		}
		t->pre_idx[f] = -1;
		if (pat.len && !t->user_plain[f]) {
			struct buf line = BUF_INIT;
			char err[256];
			buf_printf(&line, "pre-%s\tprefilter\tlow\t*\t%s\t\n", field_names[f], pat.p);
			if (rules_load_text(t->pre, "prefilter", line.p, line.len, err, sizeof err) == 1)
				t->pre_idx[f] = (int)rules_count(t->pre) - 1;
			buf_free(&line);   /* on failure: no prefilter, rules run one by one */
		}
		buf_free(&pat);
	}
	t->ready = true;
}

int threat_load_builtin(struct threat *t, char *err, size_t errlen)
{
	size_t from = rules_count(t->rs), nb = sizeof builtin_rules / sizeof builtin_rules[0];
	struct buf text = BUF_INIT;
	bool *plain = xcalloc(nb, sizeof *plain);
	for (size_t i = 0; i < nb; i++) {
		const struct builtin_rule *b = &builtin_rules[i];
		buf_printf(&text, "%s\t%s\t%s\t%s\t%s\t%s\n", b->id, b->type, b->severity,
			   b->fields, b->pattern, b->desc);
		plain[i] = b->plain;
	}
	int rc = rules_load_text(t->rs, "builtin", text.p, text.len, err, errlen);
	buf_free(&text);
	if (rc >= 0 && add_meta(t, from, true, plain, err, errlen) < 0)
		rc = -1;
	free(plain);
	return rc;
}

int threat_load_file(struct threat *t, const char *path, char *err, size_t errlen)
{
	size_t from = rules_count(t->rs);
	int rc = rules_load_file(t->rs, path, err, errlen);
	/* rules before a bad line stay loaded: describe them all the same */
	char err2[256];
	if (add_meta(t, from, false, NULL, rc < 0 ? err2 : err, rc < 0 ? sizeof err2 : errlen) < 0)
		rc = -1;
	return rc;
}

size_t threat_rule_count(const struct threat *t) { return rules_count(t->rs); }
int threat_type_count(const struct threat *t) { return t->ntypes; }

const char *threat_type_name(const struct threat *t, int i)
{
	return i >= 0 && i < t->ntypes ? t->types[i] : "?";
}

uint64_t threat_limit_hits(const struct threat *t)
{
	return rules_limit_hits(t->rs) + (t->pre ? rules_limit_hits(t->pre) : 0);
}

void threat_list_rules(const struct threat *t, struct buf *b)
{
	buf_adds(b, "# id\ttype\tseverity\tfields\tpattern\tdescription\n");
	for (size_t i = 0; i < rules_count(t->rs); i++) {
		const struct rule *r = rules_at(t->rs, i);
		buf_printf(b, "%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->type,
			   rules_sev_name(r->severity), r->fields, r->pattern, r->desc);
	}
}

/* ---- scanning ---- */

/* The state of the value being scanned: which forms exist so far. */
struct value {
	const char *raw;
	size_t n;
	bool trig;
	unsigned flags;           /* DECODE_* of the text form */
	bool have_low, have_text, have_sql, have_path, have_cmd;
};

static struct span form_low(struct threat *t, struct value *v)
{
	if (!v->have_low) {
		buf_reset(&t->low);
		buf_add(&t->low, v->raw, v->n);
		decode_lower(t->low.p, t->low.len);
		v->have_low = true;
	}
	return span_make(t->low.p, t->low.len);
}

static struct span form_text(struct threat *t, struct value *v, int f)
{
	if (!v->have_text) {
		enum decode_kind k = f == TF_PATH || f == TF_REFERER ? DECODE_TARGET : DECODE_TEXT;
		v->flags = decode_value(&t->dec, k, v->raw, v->n, &t->text);
		v->have_text = true;
	}
	return span_make(t->text.p ? t->text.p : "", t->text.len);
}

static struct span form_of(struct threat *t, struct value *v, int f, enum form form)
{
	struct span d = form_text(t, v, f);
	if (form == FORM_SQL) {
		if (!v->have_sql) {
			buf_reset(&t->sql);
			decode_sql(&t->sql, d.p, d.len);
			v->have_sql = true;
		}
		return span_make(t->sql.p, t->sql.len);
	}
	if (form == FORM_CMD) {
		if (!v->have_cmd) {
			buf_reset(&t->cmd);
			decode_cmdline(&t->cmd, d.p, d.len);
			v->have_cmd = true;
		}
		return span_make(t->cmd.p, t->cmd.len);
	}
	if (form == FORM_PATH) {
		if (!v->have_path) {
			buf_reset(&t->path);
			decode_path(&t->path, d.p, d.len);
			v->have_path = true;
		}
		return span_make(t->path.p, t->path.len);
	}
	return d;
}

static bool run(struct threat *t, size_t i, struct span s, struct span *m)
{
	return rules_match(t->rs, i, s.p, s.len, m) == RULES_MATCH;
}

/* Try rule i on the forms of value v; the matched text into *m. */
static bool try_rule(struct threat *t, size_t i, struct value *v, int f, struct span *m)
{
	const struct meta *mt = &t->meta[i];
	if (!v->trig) {   /* fast path: plain rules on the raw (or lower-cased) text */
		struct span s = mt->builtin ? form_low(t, v) : span_make(v->raw, v->n);
		return run(t, i, s, m);
	}
	if (run(t, i, form_of(t, v, f, mt->form), m))
		return true;
	if (!mt->builtin)
		return run(t, i, span_make(v->raw, v->n), m);
	if (v->flags & ~(unsigned)DECODE_CASE)
		return run(t, i, form_low(t, v), m);
	return false;
}

static bool is_probe_type(const char *type)
{
	return strcmp(type, "scanner") == 0 || strcmp(type, "sensitive_file") == 0;
}

/* What one record's scan has found so far. */
struct scan_state {
	size_t nh;
	uint64_t seen;                     /* bit per type reported */
	struct { size_t off, len; } mloc[THREAT_MAX_TYPES];
};

/* Run field F's rules on the value P, N (a whole field, or a piece of a
 * long one), adding a hit per type not seen yet. */
static void scan_value(struct threat *t, const struct threat_record *r, int f,
		       const char *p, size_t n, struct scan_state *st)
{
	struct value v = { .raw = p, .n = n };
	/* fast path: a value seen before and found harmless costs one lookup */
	bool hit;
	struct vslot *sl = t->user_plain[f] ? NULL : vcache_slot(t, f, p, n, &hit);
	if (sl && hit && !sl->scan)
		return;
	v.trig = triggered(p, n, field_trig(f));
	/* built-in plain rules only when the prefilter matches */
	bool pre = v.trig || prefilter(t, f, p, n);
	if (sl && !hit)
		vcache_fill(sl, p, n, pre);
	const size_t *list = v.trig ? t->all[f] : t->plain[f];
	size_t nlist = v.trig ? t->nall[f] : t->nplain[f];
	for (size_t k = 0; k < nlist; k++) {
		size_t i = list[k];
		const struct meta *mt = &t->meta[i];
		if ((st->seen >> mt->type & 1) || (mt->builtin && !pre))
			continue;
		struct span m;
		if (!try_rule(t, i, &v, f, &m))
			continue;
		st->seen |= 1ull << mt->type;
		const struct rule *rule = rules_at(t->rs, i);
		struct threat_hit *h = &t->hits[st->nh];
		h->rule = rule;
		h->type = mt->type;
		h->severity = rule->severity;
		if (r->status == 404 && is_probe_type(rule->type))
			h->severity = RSEV_LOW;
		h->field = (enum threat_field)f;
		h->decoded = v.have_text ? v.flags & ~(unsigned)DECODE_CASE : 0;
		size_t len = m.len;
		if (len > THREAT_MATCH_MAX) {
			len = THREAT_MATCH_MAX;
			while (len > 0 && ((unsigned char)m.p[len] & 0xc0) == 0x80)
				len--;
		}
		st->mloc[st->nh].off = t->matches.len;
		st->mloc[st->nh].len = len;
		buf_add(&t->matches, m.p, len);
		st->nh++;
	}
}

size_t threat_scan(struct threat *t, const struct threat_record *r, const struct threat_hit **hits)
{
	struct scan_state st = { 0, 0, { { 0, 0 } } };
	bool cut = false;
	buf_reset(&t->matches);
	if (!t->ready)
		prepare(t);
	for (int f = 0; f < TF_COUNT; f++) {
		struct span fv = r->field[f];
		if (!fv.p || fv.len == 0)
			continue;
		if (f == TF_MESSAGE && r->field[TF_PATH].p)
			continue;
		if (fv.len <= THREAT_SCAN_MAX) {
			scan_value(t, r, f, fv.p, fv.len, &st);
			continue;
		}
		/* A longer value: its head and its tail, each on its own, so
		 * the decoded forms and the rule runs stay bounded. */
		cut = true;
		scan_value(t, r, f, fv.p, THREAT_SCAN_MAX / 2, &st);
		scan_value(t, r, f, fv.p + fv.len - THREAT_SCAN_MAX / 2, THREAT_SCAN_MAX / 2, &st);
	}
	t->truncated += cut;
	for (size_t i = 0; i < st.nh; i++)
		t->hits[i].match = span_make(t->matches.p + st.mloc[i].off, st.mloc[i].len);
	*hits = t->hits;
	return st.nh;
}

uint64_t threat_truncated(const struct threat *t)
{
	return t->truncated;
}

/* ---- per-source tracking ---- */

struct threat_track {
	const struct threat *eng;
	struct hmap ips;                /* address -> struct threat_src */
	struct threat_src lru;          /* list head: next is the most recent */
	size_t max_ips;
	unsigned multi;
	uint64_t records, flagged, findings, dropped, crossed;
	uint64_t by_type[THREAT_MAX_TYPES];
	uint64_t by_sev[4];
	struct topk top_ips, top_paths;
};

struct threat_track *threat_track_new(const struct threat *t, size_t max_ips, unsigned multi)
{
	struct threat_track *k = xcalloc(1, sizeof *k);
	k->eng = t;
	hmap_init(&k->ips, sizeof(struct threat_src));
	k->lru.next = k->lru.prev = &k->lru;
	k->max_ips = max_ips ? max_ips : 1;
	k->multi = multi;
	topk_init(&k->top_ips, k->max_ips);
	topk_init(&k->top_paths, k->max_ips);
	return k;
}

void threat_track_free(struct threat_track *k)
{
	if (!k)
		return;
	hmap_free(&k->ips);
	topk_free(&k->top_ips);
	topk_free(&k->top_paths);
	free(k);
}

static void lru_unlink(struct threat_src *s)
{
	s->prev->next = s->next;
	s->next->prev = s->prev;
}

static void lru_front(struct threat_track *k, struct threat_src *s)
{
	s->next = k->lru.next;
	s->prev = &k->lru;
	k->lru.next->prev = s;
	k->lru.next = s;
}

static void copy_ts(char *dst, struct span ts)
{
	size_t n = ts.len < 39 ? ts.len : 39;
	memcpy(dst, ts.p ? ts.p : "", n);
	dst[n] = '\0';
}

const struct threat_src *threat_track_add(struct threat_track *k, struct span ip, struct span ts,
					  struct span path, const struct threat_hit *hits,
					  size_t n)
{
	k->records++;
	if (n == 0)
		return NULL;
	k->flagged++;
	k->findings += n;
	for (size_t i = 0; i < n; i++) {
		k->by_type[hits[i].type]++;
		k->by_sev[hits[i].severity]++;
	}
	if (path.p && path.len) {
		const char *q = memchr(path.p, '?', path.len);
		size_t pl = q ? (size_t)(q - path.p) : path.len;
		topk_add(&k->top_paths, path.p, pl > 200 ? 200 : pl, 1);
	}
	if (!ip.p || ip.len == 0)
		return NULL;
	if (ip.len > 64)   /* no address is longer; a hostile one costs no more */
		ip.len = 64;
	struct topk_item *ti = topk_add(&k->top_ips, ip.p, ip.len, n);
	(void)ti;
	bool created;
	struct threat_src *s = hmap_put(&k->ips, ip.p, ip.len, &created);
	if (created) {
		copy_ts(s->first, ts);
		lru_front(k, s);
		if (k->ips.count > k->max_ips) {   /* drop the least recently seen */
			struct threat_src *old = k->lru.prev;
			lru_unlink(old);
			size_t kl;
			const char *key = hmap_key(old, &kl);
			char *copy = xstrndup(key, kl);
			hmap_del(&k->ips, copy, kl);
			free(copy);
			k->dropped++;
		}
	} else {
		lru_unlink(s);
		lru_front(k, s);
	}
	s->count += n;
	for (size_t i = 0; i < n; i++)
		s->types |= 1ull << hits[i].type;
	copy_ts(s->last, ts);
	if (!s->crossed && s->count > k->multi) {
		s->crossed = true;
		k->crossed++;
		return s;
	}
	return NULL;
}

const struct threat_src *threat_track_next_crossed(const struct threat_track *k, size_t *i,
						   struct span *ip)
{
	struct threat_src *s;
	while ((s = hmap_next(&k->ips, i))) {
		if (!s->crossed)
			continue;
		size_t kl;
		const char *key = hmap_key(s, &kl);
		*ip = span_make(key, kl);
		return s;
	}
	return NULL;
}

void threat_track_types_json(const struct threat_track *k, uint64_t mask, struct buf *b)
{
	buf_addc(b, '[');
	bool first = true;
	for (int i = 0; i < k->eng->ntypes; i++) {
		if (!(mask >> i & 1))
			continue;
		if (!first)
			buf_addc(b, ',');
		first = false;
		jsonw_str(b, k->eng->types[i], strlen(k->eng->types[i]));
	}
	buf_addc(b, ']');
}

/* The top items of a table, or NULL (free the result). */
static struct topk_item **top_of(const struct topk *tk, size_t top, size_t *n)
{
	size_t want = top < topk_size(tk) ? top : topk_size(tk);
	if (want == 0) {
		*n = 0;
		return NULL;
	}
	struct topk_item **v = xmalloc(want * sizeof *v);
	*n = topk_top(tk, want, v);
	return v;
}

/* ,"NAME":[{"KEY":..,"count":N},...] */
static void top_json(struct buf *b, const struct topk *tk, size_t top, const char *name,
		     const char *key)
{
	size_t n;
	struct topk_item **v = top_of(tk, top, &n);
	buf_printf(b, ",\"%s_error_bound\":%llu,\"%s\":[", name, (unsigned long long)tk->base,
		   name);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(v[i], &kl);
		buf_printf(b, "%s{\"%s\":", i ? "," : "", key);
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%llu}", (unsigned long long)v[i]->count);
	}
	buf_addc(b, ']');
	free(v);
}

void threat_track_summary_json(const struct threat_track *k, size_t top, struct buf *b)
{
	buf_printf(b, "{\"records\":%llu,\"flagged\":%llu,\"findings\":%llu,"
		   "\"multi_threat_sources\":%llu,\"by_type\":{",
		   (unsigned long long)k->records, (unsigned long long)k->flagged,
		   (unsigned long long)k->findings, (unsigned long long)k->crossed);
	bool first = true;
	for (int i = 0; i < k->eng->ntypes; i++) {
		if (!k->by_type[i])
			continue;
		if (!first)
			buf_addc(b, ',');
		first = false;
		jsonw_str(b, k->eng->types[i], strlen(k->eng->types[i]));
		buf_printf(b, ":%llu", (unsigned long long)k->by_type[i]);
	}
	buf_adds(b, "},\"by_severity\":{");
	first = true;
	for (int s = 3; s >= 0; s--) {
		if (!k->by_sev[s])
			continue;
		buf_printf(b, "%s\"%s\":%llu", first ? "" : ",", rules_sev_name((enum rsev)s),
			   (unsigned long long)k->by_sev[s]);
		first = false;
	}
	buf_addc(b, '}');
	top_json(b, &k->top_ips, top, "top_ips", "ip");
	top_json(b, &k->top_paths, top, "top_paths", "path");
	buf_printf(b, ",\"ips_dropped\":%llu,\"limit_hits\":%llu,\"truncated\":%llu}\n",
		   (unsigned long long)k->dropped, (unsigned long long)threat_limit_hits(k->eng),
		   (unsigned long long)threat_truncated(k->eng));
}

