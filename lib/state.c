#include "state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "hash.h"
#include "xalloc.h"

struct sentry {
	uint64_t dev, ino, offset, fp;
	uint32_t fplen;
	char *path;
};

struct state {
	char *path;
	struct sentry *e;
	size_t n, cap;
	long cur;                    /* the entry state_begin chose, or -1 */
};

static struct sentry *add(struct state *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->e = xrealloc(s->e, s->cap * sizeof *s->e);
	}
	struct sentry *e = &s->e[s->n++];
	memset(e, 0, sizeof *e);
	return e;
}

struct state *state_open(const char *path, int *err)
{
	struct state *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->cur = -1;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return s;
		*err = errno;
		state_close(s);
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[0] == '#')
			continue;
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		uint64_t dev, ino, off, fp;
		unsigned fplen;
		int used = 0;
		if (sscanf(line, "%" SCNu64 "\t%" SCNu64 "\t%" SCNu64 "\t%u\t%" SCNx64 "\t%n", &dev, &ino,
			   &off, &fplen, &fp, &used) != 5 || fplen > STATE_FP_MAX)
			continue;   /* a line we do not understand is dropped */
		struct sentry *e = add(s);
		*e = (struct sentry){ dev, ino, off, fp, fplen, xstrdup(line + used) };
	}
	free(line);
	fclose(f);
	return s;
}

void state_close(struct state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].path);
	free(s->e);
	free(s->path);
	free(s);
}

int state_save(struct state *s)
{
	size_t pl = strlen(s->path);
	char *tmp = xcalloc(1, pl + 32);
	snprintf(tmp, pl + 32, "%s.tmp.%ld", s->path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		int e = errno;
		free(tmp);
		return e;
	}
	fprintf(f, "# lparse state 1: dev ino offset fplen fingerprint path\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct sentry *e = &s->e[i];
		fprintf(f, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%u\t%016" PRIx64 "\t", e->dev, e->ino,
			e->offset, e->fplen, e->fp);
		for (const char *p = e->path; *p; p++)   /* one line an entry */
			fputc(*p == '\n' || *p == '\t' ? '?' : *p, f);
		fputc('\n', f);
	}
	int e = 0;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		e = errno;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, s->path) != 0)
		e = errno;
	if (e)
		unlink(tmp);
	free(tmp);
	return e;
}

int64_t state_begin(struct state *s, const char *file, int *err)
{
	s->cur = -1;
	struct stat st;
	if (stat(file, &st) != 0) {
		*err = errno;
		return -1;
	}
	gzFile g = gzopen(file, "rb");
	if (!g) {
		*err = errno ? errno : ENOMEM;
		return -1;
	}
	unsigned char head[STATE_FP_MAX];
	int n = gzread(g, head, sizeof head);
	gzclose(g);
	if (n < 0) {
		*err = EIO;
		return -1;
	}
	/* the entry whose fingerprint matches the start of this content; the
	 * longest (most read) one when several do */
	long best = -1;
	for (size_t i = 0; i < s->n; i++) {
		struct sentry *e = &s->e[i];
		if (e->fplen > (uint32_t)n || hash_bytes(head, e->fplen) != e->fp)
			continue;
		if (e->fplen == 0 && (e->dev != (uint64_t)st.st_dev || e->ino != (uint64_t)st.st_ino))
			continue;   /* an empty file is known by its inode alone */
		if (best < 0 || e->offset > s->e[best].offset)
			best = (long)i;
	}
	if (best < 0) {
		struct sentry *e = add(s);
		e->path = xstrdup(file);
		best = (long)(s->n - 1);
	}
	struct sentry *e = &s->e[best];
	/* the fingerprint grows with the file, up to STATE_FP_MAX */
	e->dev = (uint64_t)st.st_dev;
	e->ino = (uint64_t)st.st_ino;
	e->fplen = (uint32_t)n;
	e->fp = hash_bytes(head, (size_t)n);
	free(e->path);
	e->path = xstrdup(file);
	s->cur = best;
	return (int64_t)e->offset;
}

void state_end(struct state *s, uint64_t offset)
{
	if (s->cur >= 0 && offset > s->e[s->cur].offset)
		s->e[s->cur].offset = offset;
	s->cur = -1;
}
