#include "level.h"

#include <stdbool.h>
#include <string.h>

const char *level_name(int lv)
{
	static const char *const names[] = { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" };
	return lv >= LV_DEBUG && lv <= LV_CRITICAL ? names[lv] : NULL;
}

struct word {
	const char *w;
	int lv;
};

/* Level names as formats write them (matched case-insensitively). */
static const struct word level_words[] = {
	{ "trace", LV_DEBUG }, { "debug", LV_DEBUG }, { "dbg", LV_DEBUG }, { "finest", LV_DEBUG },
	{ "finer", LV_DEBUG }, { "fine", LV_DEBUG }, { "verbose", LV_DEBUG },
	{ "info", LV_INFO }, { "information", LV_INFO }, { "informational", LV_INFO },
	{ "notice", LV_INFO }, { "config", LV_INFO },
	{ "warn", LV_WARNING }, { "warning", LV_WARNING },
	{ "err", LV_ERROR }, { "error", LV_ERROR }, { "eror", LV_ERROR },
	{ "crit", LV_CRITICAL }, { "critical", LV_CRITICAL }, { "fatal", LV_CRITICAL },
	{ "emerg", LV_CRITICAL }, { "emergency", LV_CRITICAL }, { "alert", LV_CRITICAL },
	{ "panic", LV_CRITICAL }, { "severe", LV_ERROR },
};

/* Keywords looked for in free text (whole words, any case). */
static const struct word message_words[] = {
	{ "debug", LV_DEBUG },
	{ "warn", LV_WARNING }, { "warning", LV_WARNING },
	{ "err", LV_ERROR }, { "error", LV_ERROR }, { "exception", LV_ERROR },
	{ "fail", LV_ERROR }, { "failed", LV_ERROR }, { "failure", LV_ERROR },
	{ "crit", LV_CRITICAL }, { "critical", LV_CRITICAL }, { "fatal", LV_CRITICAL },
	{ "panic", LV_CRITICAL }, { "emerg", LV_CRITICAL }, { "emergency", LV_CRITICAL },
};

/* LIT (NUL-terminated) equals the len bytes at w.  (Speed: this runs for
 * words of every message; it stops at the first differing byte instead of
 * a strlen per table entry.) */
static inline bool word_eq(const char *lit, const char *w, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (lit[k] == '\0' || lit[k] != w[k])
			return false;
	return lit[len] == '\0';
}

static int lookup(const struct word *tab, size_t n, const char *p, size_t len)
{
	char w[16];
	if (len == 0 || len >= sizeof w)
		return LV_NONE;
	for (size_t i = 0; i < len; i++)
		w[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i]);
	for (size_t i = 0; i < n; i++)
		if (word_eq(tab[i].w, w, len))
			return tab[i].lv;
	return LV_NONE;
}

int level_from_word(const char *p, size_t n)
{
	return lookup(level_words, sizeof level_words / sizeof *level_words, p, n);
}

int level_from_status(int status)
{
	return status >= 500 ? LV_ERROR : status >= 400 ? LV_WARNING : LV_INFO;
}

int level_from_syslog(int sev)
{
	static const int map[8] = { LV_CRITICAL, LV_CRITICAL, LV_CRITICAL, LV_ERROR,
				    LV_WARNING,  LV_INFO,     LV_INFO,     LV_DEBUG };
	return sev >= 0 && sev < 8 ? map[sev] : LV_NONE;
}

static inline bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline bool is_word(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

/* The first two letters (lower case) of some word of message_words. */
static inline bool keyword_prefix(unsigned c0, unsigned c1)
{
	switch (c0) {
	case 'c': return c1 == 'r';                     /* crit critical */
	case 'd': return c1 == 'e';                     /* debug */
	case 'e': return c1 == 'r' || c1 == 'x' || c1 == 'm'; /* err error exception emerg */
	case 'f': return c1 == 'a';                     /* fail failed failure fatal */
	case 'p': return c1 == 'a';                     /* panic */
	case 'w': return c1 == 'a';                     /* warn warning */
	default: return false;
	}
}

int level_from_message(const char *p, size_t n)
{
	int best = LV_NONE;
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		if (!is_alpha(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && is_alpha(s[j]))
			j++;
		/* A whole word: not glued to digits or '_' on either side. */
		bool whole = (i == 0 || !is_word(s[i - 1])) && (j == n || !is_word(s[j]));
		size_t len = j - i;
		/* Only words starting with two letters some keyword starts with.
		 * (Speed: most words of a message stop here, before lookup.) */
		if (whole && len >= 3 && len <= 9 && keyword_prefix(s[i] | 0x20, s[i + 1] | 0x20)) {
			int lv = lookup(message_words, sizeof message_words / sizeof *message_words,
					p + i, len);
			if (lv > best)
				best = lv;
			if (best == LV_CRITICAL)
				break;
		}
		i = j;
	}
	return best;
}
