/*
 * level: the five record levels and the ways a line's level is found.
 *
 * Order: DEBUG < INFO < WARNING < ERROR < CRITICAL.  Formats map their own
 * names (syslog severities, Python names, TRACE, FATAL, ...) with
 * level_from_word; access logs use level_from_status; for everything else
 * level_from_message looks for whole-word keywords (see man/ltools.7).
 */
#ifndef LT_LEVEL_H
#define LT_LEVEL_H

#include <stddef.h>

enum level {
	LV_NONE = -1,
	LV_DEBUG,
	LV_INFO,
	LV_WARNING,
	LV_ERROR,
	LV_CRITICAL,
};

/* "DEBUG" .. "CRITICAL"; NULL for LV_NONE. */
const char *level_name(int lv);
/* A level word in any case: debug, trace, info, notice, warn, warning,
 * err, error, crit, critical, fatal, emerg, alert, panic, severe, ...
 * LV_NONE if the word is not a level. */
int level_from_word(const char *p, size_t n);
/* HTTP status: >= 500 ERROR, >= 400 WARNING, else INFO. */
int level_from_status(int status);
/* The most severe keyword found as a whole word in a message, or LV_NONE. */
int level_from_message(const char *p, size_t n);
/* Syslog severity 0-7 to a level. */
int level_from_syslog(int severity);

#endif
