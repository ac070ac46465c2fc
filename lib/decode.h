/*
 * decode: undoing the encodings attackers use to slip payloads past
 * signatures, the way OWASP CRS transformations do (urlDecodeUni,
 * htmlEntityDecode, utf8toUnicode, removeNulls, lowercase,
 * replaceComments, compressWhitespace, normalisePath).
 *
 * What it is for: turning one field value of an access-log record (a
 * request target, a referer, a user agent) into the forms lthreat's rules
 * match: the decoded text (decode_value), its SQL form (decode_sql) and
 * its path form (decode_path).  Each step is also exported on its own so
 * it can be tested and reused.
 *
 * What it is not for: producing text to show as it was sent (decoded
 * forms are lower-cased and lossy), or validating URLs.  Nothing here
 * rejects input: an invalid escape stays literal, any byte is allowed
 * (NULs included), and no step writes more bytes than it reads (a %uHHHH
 * or an entity shrinks, an overlong form folds), so no input can make the
 * output grow beyond the input length.
 *
 * Memory: every function appends to, or rewrites, a struct buf owned by
 * the caller; nothing is kept between calls.  Inputs are (pointer, length)
 * and may hold any bytes; they must not point into the output buffer.
 */
#ifndef LT_DECODE_H
#define LT_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* What decode_value found and undid (bits of its return value). */
enum {
	DECODE_LOGESC = 1 << 0,   /* log escapes (\" \\ \xHH) */
	DECODE_URL = 1 << 1,      /* %HH or %uHHHH */
	DECODE_MULTI = 1 << 2,    /* more than one round of %-decoding changed it */
	DECODE_PLUS = 1 << 3,     /* '+' read as a space in the query */
	DECODE_HTML = 1 << 4,     /* HTML entities */
	DECODE_UTF8 = 1 << 5,     /* overlong UTF-8 or full-width forms folded */
	DECODE_NUL = 1 << 6,      /* NUL bytes removed */
	DECODE_CASE = 1 << 7,     /* upper-case letters folded */
};

/* The most %-decoding rounds decode_value runs (double/triple encoding). */
#define DECODE_URL_ROUNDS 3

/*
 * Undo the access log's own escaping, as Apache (\" \\ \xhh \n \t ...)
 * and nginx (\xHH) write it: append the bytes meant to OUT.  A backslash
 * not followed by a known escape stays as it is.  Returns whether
 * anything was undone.
 */
bool decode_log_escapes(struct buf *out, const char *s, size_t n);

/*
 * One round of percent-decoding: %HH (either case) and %uHHHH (as UTF-8;
 * a surrogate code point stays literal).  With PLUS, '+' becomes a space.
 * Invalid sequences stay literal.  Appends to OUT; returns whether
 * anything was decoded.
 */
bool decode_url(struct buf *out, const char *s, size_t n, bool plus);

/*
 * HTML character references: &lt; &gt; &amp; &quot; &apos; &nbsp; &tab;
 * &newline; &colon; &sol; &bsol; &lpar; &rpar; &semi; &equals; &grave;
 * (named ones need their ';') and &#DDD; &#xHH; (';' optional, as
 * browsers allow).  A code point over U+10FFFF or a surrogate becomes
 * U+FFFD; NUL stays NUL (decode_strip_nul removes it).  Appends to OUT.
 */
bool decode_html(struct buf *out, const char *s, size_t n);

/*
 * Fold what spells ASCII in disguise into ASCII: overlong UTF-8 forms of
 * ASCII (C0 AE, E0 80 AF, F0 80 80 AE ...), including the IIS forms whose
 * continuation byte has the wrong top bits, and the full-width forms
 * U+FF01..U+FF5E (and U+3000, the ideographic space).  Everything else is
 * copied.  Appends to OUT.
 */
bool decode_fold_utf8(struct buf *out, const char *s, size_t n);

/* Remove NUL bytes from B in place; returns whether there were any. */
bool decode_strip_nul(struct buf *b);

/* ASCII lower-case in place; returns whether anything changed. */
bool decode_lower(char *p, size_t n);

/*
 * The SQL form: C comments become one space (an unterminated one runs to
 * the end; MySQL's version comments "/x!50000 ... x/" keep their content),
 * then every run of whitespace (space, TAB, LF, CR, VT, FF, NBSP 0xA0)
 * becomes one space.  Appends to OUT.
 */
void decode_sql(struct buf *out, const char *s, size_t n);

/*
 * The path form: '\' is '/', "..;" (Tomcat's path parameter) is "..",
 * empty and "." segments go, and "SEG/.." pairs resolve; ".." that would
 * climb above the start are kept, so "/a/../../etc/passwd" is
 * "/../etc/passwd": the traversal stays visible and the target is
 * plain.  A trailing '/' is kept.  Appends to OUT.
 */
void decode_path(struct buf *out, const char *s, size_t n);

/*
 * The command-line form (after OWASP CRS's cmdLine): the shell's no-op
 * characters go so "c\\a't'\"\"t" reads "cat": backslashes, quotes and
 * carets are deleted, and so are empty expansions glued inside a word
 * ("c$@at", "c$*at", "ca$()t", "ca``t", "cat$u", "ca${x}t") and "<()" ">()";
 * a word-initial "$NAME" stays ("$SHELL -c").  Runs of whitespace become
 * one space, or one '\n' when they hold a CR or LF (a command separator;
 * unlike CRS, which also deletes spaces before '/').  Appends to OUT.
 */
void decode_cmdline(struct buf *out, const char *s, size_t n);

/* Which kind of value decode_value is given. */
enum decode_kind {
	DECODE_TARGET,   /* a URL or request target (path, referer): path, then ?query */
	DECODE_TEXT,     /* anything else: user agent, user, message */
};

/*
 * Scratch buffers, reused from value to value (zero-initialise, or
 * DECODER_INIT; free with decode_free).
 */
struct decoder {
	struct buf a, b, c, e;
};

#define DECODER_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }

void decode_free(struct decoder *d);

/*
 * The full decoding of one value into OUT (reset first):
 *   1. undo the log's escaping;
 *   2. DECODE_TARGET: split at the first '?'; the path
 *      is %-decoded, the query split at '&' into parameters whose names
 *      and values are each %-decoded with '+' as a space (first round
 *      only), then joined again with '&' and '='; DECODE_TEXT: %-decoded
 *      as a whole, '+' kept; either way up to DECODE_URL_ROUNDS rounds,
 *      stopping when a round changes nothing;
 *   3. HTML entities; 4. overlong UTF-8 and full-width forms;
 *   5. NUL bytes removed; 6. ASCII lower case.
 * Returns the DECODE_* bits of what was undone (0: OUT equals the input).
 */
unsigned decode_value(struct decoder *d, enum decode_kind kind, const char *s, size_t n,
		      struct buf *out);

#endif
