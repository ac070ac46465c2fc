/*
 * human: output for a person at a terminal, shared by the programs.
 *
 * What it is for: deciding between NDJSON and text (--format, --json,
 * whether stdout is a terminal), deciding on colour (--color, NO_COLOR,
 * isatty, TERM=dumb), severity colours, printing strings from logs so
 * that they cannot drive the terminal, and tables with aligned columns.
 *
 * What it is not for: the machine path.  NDJSON output never goes
 * through this module, so records on a pipe stay byte for byte what
 * they were.
 *
 * Escaping (human_str): C0 controls and DEL print as \xHH, bytes that
 * are not valid UTF-8 as \xHH, C1 controls and the bidirectional
 * overrides (U+202A-U+202E, U+2066-U+2069) as \u{HHHH}; a backslash
 * stays as it is.  Widths count code points (wide CJK characters
 * count as one column: alignment is approximate for them).
 *
 * Memory: everything is appended to a caller's struct buf; a table
 * owns its cells (copies) until human_table_free.
 */
#ifndef LT_HUMAN_H
#define LT_HUMAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum human_color { HUMAN_COLOR_AUTO, HUMAN_COLOR_ALWAYS, HUMAN_COLOR_NEVER };
enum human_format { HUMAN_FORMAT_AUTO, HUMAN_FORMAT_TEXT, HUMAN_FORMAT_JSON };

/* "auto", "always", "never" (also "yes"/"no"); false when it is none. */
bool human_color_arg(const char *v, enum human_color *c);
/* "text" or "json" ("ndjson" too); false when it is neither. */
bool human_format_arg(const char *v, enum human_format *f);
/* Colour on descriptor fd: always/never as told; auto: a terminal, NO_COLOR
 * unset or empty, and TERM not "dumb". */
bool human_use_color(enum human_color c, int fd);
/* Text on descriptor fd: as told, or auto when fd is a terminal. */
bool human_use_text(enum human_format f, int fd);

/* SGR parameters for a severity ("critical", "high", ..., or a level
 * "ERROR", ...); "" for one without a colour. */
const char *human_sev_sgr(const char *sev);
/* Append "\033[<sgr>m" when color and sgr is not empty; human_end the reset. */
void human_begin(struct buf *b, bool color, const char *sgr);
void human_end(struct buf *b, bool color, const char *sgr);

/* Append s[0..n) escaped for a terminal; returns the columns appended. */
size_t human_str(struct buf *b, const char *s, size_t n);
/* The same, cut after max columns with "…" when longer (max >= 2). */
size_t human_str_max(struct buf *b, const char *s, size_t n, size_t max);
/* Append spaces from column have to column want (nothing when have >= want). */
void human_pad(struct buf *b, size_t have, size_t want);

/* A table: cells are added row by row (ncol per row), escaped; columns
 * whose align letter is 'r' are right-aligned, the others left. */
struct human_table;
struct human_table *human_table_new(size_t ncol, const char *const *head, const char *align);
/* Add a cell; sgr ("" or NULL for none) colours it when rendered in colour. */
void human_table_cell(struct human_table *t, const char *sgr, const char *s, size_t n);
void human_table_cellf(struct human_table *t, const char *sgr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t human_table_rows(const struct human_table *t);
/* Append the table: a header (bold in colour), then the rows, two spaces
 * between columns, no trailing blanks. */
void human_table_render(const struct human_table *t, struct buf *b, bool color);
void human_table_free(struct human_table *t);

#endif
