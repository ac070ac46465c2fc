#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void walk_dir(const char *dir, const char *glob, walk_fn fn, void *arg)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		fn(dir, errno, arg);
		return;
	}
	struct buf path = BUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			buf_reset(&path);
			buf_adds(&path, dir);
			if (path.len && path.p[path.len - 1] != '/')
				buf_addc(&path, '/');
			buf_adds(&path, name);
			struct stat st;
			if (lstat(path.p, &st) == 0) {
				if (S_ISDIR(st.st_mode))
					walk_dir(path.p, glob, fn, arg);
				else if (fnmatch(glob, name, 0) == 0 &&
					 (S_ISREG(st.st_mode) ||
					  (S_ISLNK(st.st_mode) && stat(path.p, &st) == 0 &&
					   S_ISREG(st.st_mode))))
					fn(path.p, 0, arg);
			}
		}
		free(names[i]);
	}
	free(names);
	buf_free(&path);
}
