/*
 * diag: the programs' one-line messages, "prog: file:line: what".
 *
 * This is the only module that writes to stderr, and it is called from
 * cmd/ only: the library returns errors, the program places them.  The
 * program name is set once by main with diag_init.  Every string from an
 * input is printed with control characters escaped, so no message can
 * drive the terminal.
 */
#ifndef LT_DIAG_H
#define LT_DIAG_H

#include <stdint.h>

void diag_init(const char *progname);
const char *diag_prog(void);
/* "prog: what" */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file: what" */
void diag_file(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "prog: file:line: what" */
void diag_line(const char *file, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Usage error: "prog: what" and "Try 'prog --help'." on stderr; exits 2. */
void diag_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
