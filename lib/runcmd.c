#include "runcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

extern char **environ;

char **runcmd_split(const char *cmd, char *err, size_t errlen)
{
	char **argv = NULL;
	size_t n = 0;
	struct buf w = BUF_INIT;
	const char *s = cmd;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		buf_reset(&w);
		bool any = false;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
			any = true;
			if (*s == '\'') {
				const char *e = strchr(s + 1, '\'');
				if (!e) {
					snprintf(err, errlen, "unbalanced ' in the command");
					goto fail;
				}
				buf_add(&w, s + 1, (size_t)(e - s - 1));
				s = e + 1;
			} else if (*s == '"') {
				s++;
				while (*s && *s != '"') {
					if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$'))
						s++;
					buf_addc(&w, *s++);
				}
				if (*s != '"') {
					snprintf(err, errlen, "unbalanced \" in the command");
					goto fail;
				}
				s++;
			} else if (*s == '\\' && s[1]) {
				buf_addc(&w, s[1]);
				s += 2;
			} else {
				buf_addc(&w, *s++);
			}
		}
		if (any) {
			argv = xrealloc(argv, (n + 2) * sizeof *argv);
			argv[n++] = xstrndup(w.p ? w.p : "", w.len);
			argv[n] = NULL;
		}
	}
	buf_free(&w);
	if (!n) {
		snprintf(err, errlen, "empty command");
		return NULL;
	}
	return argv;
fail:
	buf_free(&w);
	runcmd_free_argv(argv);
	return NULL;
}

void runcmd_free_argv(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

/* The environment with ENV added (a variable of ENV replaces one of ours). */
static char **merged_env(char *const env[])
{
	size_t ne = 0, no = 0;
	while (env && env[ne])
		ne++;
	while (environ[no])
		no++;
	char **v = xmalloc((ne + no + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < no; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t kl = eq ? (size_t)(eq - environ[i]) + 1 : strlen(environ[i]);
		bool replaced = false;
		for (size_t j = 0; j < ne && !replaced; j++)
			replaced = strncmp(env[j], environ[i], kl) == 0;
		if (!replaced)
			v[k++] = environ[i];
	}
	for (size_t j = 0; j < ne; j++)
		v[k++] = env[j];
	v[k] = NULL;
	return v;
}

int runcmd_run(char *const argv[], char *const env[], const char *in, size_t n, char *err,
	       size_t errlen)
{
	int fd = memfd_create("ltools-exec", MFD_CLOEXEC);
	if (fd < 0) {
		FILE *f = tmpfile();
		fd = f ? dup(fileno(f)) : -1;
		if (f)
			fclose(f);
	}
	if (fd < 0) {
		snprintf(err, errlen, "input file: %s", strerror(errno));
		return -1;
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, in + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "input file: %s", strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	lseek(fd, 0, SEEK_SET);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, STDIN_FILENO);
	char **envp = merged_env(env);
	pid_t pid;
	fflush(NULL);
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(rc));
		return -1;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "wait: %s", strerror(errno));
			return -1;
		}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int64_t runcmd_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool runcmd_rate_take(struct runcmd_rate *r, int64_t now_ms)
{
	if (r->window_start_ms < 0 || now_ms - r->window_start_ms >= 60000) {
		r->window_start_ms = now_ms;
		r->used = 0;
	}
	if (r->used >= r->max)
		return false;
	r->used++;
	return true;
}
