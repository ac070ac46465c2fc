/* Unit tests of lib/level: names, level words, HTTP status, syslog
 * severities, and whole-word keywords in messages. */
#include "level.h"
#include "tap.h"

static int word(const char *s) { return level_from_word(s, strlen(s)); }
static int msg(const char *s) { return level_from_message(s, strlen(s)); }

static void test_names(void)
{
	is_str(level_name(LV_DEBUG), "DEBUG", "name: DEBUG");
	is_str(level_name(LV_INFO), "INFO", "name: INFO");
	is_str(level_name(LV_WARNING), "WARNING", "name: WARNING");
	is_str(level_name(LV_ERROR), "ERROR", "name: ERROR");
	is_str(level_name(LV_CRITICAL), "CRITICAL", "name: CRITICAL");
	ok(level_name(LV_NONE) == NULL, "name: none for LV_NONE");
	ok(level_name(99) == NULL, "name: none out of range");
	ok(LV_DEBUG < LV_INFO && LV_INFO < LV_WARNING && LV_WARNING < LV_ERROR &&
	   LV_ERROR < LV_CRITICAL, "levels are ordered");
}

static void test_words(void)
{
	is_int(word("TRACE"), LV_DEBUG, "word: TRACE is DEBUG");
	is_int(word("debug"), LV_DEBUG, "word: debug");
	is_int(word("Info"), LV_INFO, "word: Info, any case");
	is_int(word("NOTICE"), LV_INFO, "word: NOTICE is INFO");
	is_int(word("WARN"), LV_WARNING, "word: WARN");
	is_int(word("warning"), LV_WARNING, "word: warning");
	is_int(word("ERR"), LV_ERROR, "word: ERR");
	is_int(word("error"), LV_ERROR, "word: error");
	is_int(word("SEVERE"), LV_ERROR, "word: SEVERE (java.util.logging) is ERROR");
	is_int(word("crit"), LV_CRITICAL, "word: crit");
	is_int(word("CRITICAL"), LV_CRITICAL, "word: CRITICAL");
	is_int(word("FATAL"), LV_CRITICAL, "word: FATAL is CRITICAL");
	is_int(word("emerg"), LV_CRITICAL, "word: emerg");
	is_int(word("alert"), LV_CRITICAL, "word: alert");
	is_int(word("panic"), LV_CRITICAL, "word: panic");
	is_int(word("errors"), LV_NONE, "word: errors is not a level");
	is_int(word("inform"), LV_NONE, "word: a prefix of a level is not one");
	is_int(word(""), LV_NONE, "word: empty");
	is_int(word("averyveryverylongwordindeed"), LV_NONE, "word: too long");
	is_int(level_from_word("ERROR!", 5), LV_ERROR, "word: only n bytes are read");
}

static void test_status(void)
{
	is_int(level_from_status(200), LV_INFO, "status: 200 INFO");
	is_int(level_from_status(304), LV_INFO, "status: 304 INFO");
	is_int(level_from_status(399), LV_INFO, "status: 399 INFO");
	is_int(level_from_status(400), LV_WARNING, "status: 400 WARNING");
	is_int(level_from_status(404), LV_WARNING, "status: 404 WARNING");
	is_int(level_from_status(499), LV_WARNING, "status: 499 WARNING");
	is_int(level_from_status(500), LV_ERROR, "status: 500 ERROR");
	is_int(level_from_status(503), LV_ERROR, "status: 503 ERROR");
	is_int(level_from_status(100), LV_INFO, "status: 100 INFO");
}

static void test_syslog(void)
{
	is_int(level_from_syslog(0), LV_CRITICAL, "syslog: 0 emerg");
	is_int(level_from_syslog(1), LV_CRITICAL, "syslog: 1 alert");
	is_int(level_from_syslog(2), LV_CRITICAL, "syslog: 2 crit");
	is_int(level_from_syslog(3), LV_ERROR, "syslog: 3 err");
	is_int(level_from_syslog(4), LV_WARNING, "syslog: 4 warning");
	is_int(level_from_syslog(5), LV_INFO, "syslog: 5 notice");
	is_int(level_from_syslog(6), LV_INFO, "syslog: 6 info");
	is_int(level_from_syslog(7), LV_DEBUG, "syslog: 7 debug");
	is_int(level_from_syslog(8), LV_NONE, "syslog: 8 is none");
	is_int(level_from_syslog(-1), LV_NONE, "syslog: -1 is none");
}

static void test_message(void)
{
	is_int(msg("connection failed"), LV_ERROR, "message: failed");
	is_int(msg("Error: disk full"), LV_ERROR, "message: Error: at the start");
	is_int(msg("[ERROR] x"), LV_ERROR, "message: in brackets");
	is_int(msg("a warning about x"), LV_WARNING, "message: warning");
	is_int(msg("WARN low memory"), LV_WARNING, "message: WARN");
	is_int(msg("kernel panic - not syncing"), LV_CRITICAL, "message: panic");
	is_int(msg("fatal: not a git repository"), LV_CRITICAL, "message: fatal:");
	is_int(msg("debug: x=1"), LV_DEBUG, "message: debug");
	is_int(msg("an unhandled Exception"), LV_ERROR, "message: exception");
	is_int(msg("warning, then an error"), LV_ERROR, "message: the most severe keyword wins");
	is_int(msg("error then critical"), LV_CRITICAL, "message: critical beats error");
	is_int(msg("all is well"), LV_NONE, "message: no keyword");
	is_int(msg(""), LV_NONE, "message: empty");

	/* whole words only */
	is_int(msg("0 errors found"), LV_NONE, "whole word: errors");
	is_int(msg("terrorist"), LV_NONE, "whole word: inside terrorist");
	is_int(msg("errorlevel=0"), LV_NONE, "whole word: errorlevel");
	is_int(msg("error42"), LV_NONE, "whole word: glued to digits after");
	is_int(msg("42error"), LV_NONE, "whole word: glued to digits before");
	is_int(msg("my_error_handler"), LV_NONE, "whole word: inside an identifier");
	is_int(msg("ERROR_CODE=0"), LV_NONE, "whole word: followed by '_'");
	is_int(msg("failover complete"), LV_NONE, "whole word: failover");
	is_int(msg("prefetch debugger"), LV_NONE, "whole word: debugger");
	is_int(msg("warnings: 0"), LV_NONE, "whole word: warnings");
	is_int(msg("/var/log/error.log opened"), LV_ERROR, "whole word: a path part is a word");
	is_int(msg("caf\xc3\xa9 error"), LV_ERROR, "message: after UTF-8");
	is_int(msg("\xc3\xa9rror"), LV_NONE, "message: a non-ASCII letter glued before");
	is_int(level_from_message("no error", 4), LV_NONE, "message: only n bytes are read");
	is_int(level_from_message("err", 3), LV_ERROR, "message: a keyword that ends at n");

	/* binary junk never crashes and finds nothing invented */
	char junk[256];
	for (int i = 0; i < 256; i++)
		junk[i] = (char)i;
	ok(msg("x") == LV_NONE && level_from_message(junk, sizeof junk) == LV_NONE,
	   "message: all byte values, no keyword");
}

int main(void)
{
	test_names();
	test_words();
	test_status();
	test_syslog();
	test_message();
	return tap_done();
}
