/*
 * walk: the files under a directory, for `lparse -r`.
 *
 * walk_dir lists the regular files below DIR whose base name matches
 * GLOB (fnmatch), depth first, each directory's entries in byte order, so
 * the same tree always gives the same order.  Symbolic links to
 * directories are not followed (no loops).  Unreadable directories are
 * reported through the callback with a NULL path and an errno.
 *
 * The callback gets each path (valid during the call only).
 */
#ifndef LT_WALK_H
#define LT_WALK_H

typedef void (*walk_fn)(const char *path, int err, void *arg);

void walk_dir(const char *dir, const char *glob, walk_fn fn, void *arg);

#endif
