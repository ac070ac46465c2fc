/*
 * template: mining log templates from messages, as they stream by, in the
 * manner of Drain (He et al., "Drain: An Online Log Parsing Approach with
 * Fixed Depth Tree", ICWS 2017).
 *
 * A message is split at white space into tokens; typed variables are
 * masked first (tpl_mask): numbers, hex, IPv4/IPv6 with ports, UUIDs,
 * MACs, paths, URLs, e-mail addresses, timestamps, quoted strings, the
 * values of key=value pairs, and digit runs after a separator inside a
 * word (worker-12 -> worker-<NUM>).  Masked messages are routed through a
 * tree by token count and the first `depth` tokens (tokens holding digits
 * or masks go to a <*> branch; a node with max_children branches sends new
 * tokens to <*> too), and in the leaf the cluster whose template shares
 * the most tokens position by position is taken if the share reaches
 * `sim`; its template then turns every differing token into <*>.
 * Otherwise the message starts a new cluster.  One generic setting for
 * every kind of log: there are no per-format regular expressions.
 *
 * A cluster's id is the FNV-1a hash of the first masked message that
 * started it (made unique within the miner), so it is stable for the
 * cluster's life, and the same input in the same order gives the same
 * ids in every run.  At most max_templates clusters are kept; the least
 * recently matched one is evicted when a new one is needed (and its id is
 * then forgotten).  Messages longer than TPL_MAX_TOKENS tokens are cut
 * there (the last token becomes <*>), and a token over TPL_MAX_TOKEN
 * bytes is masked as <*>, so memory is bounded whatever the input.
 *
 * Not for: parsing fields out of lines (the formats do that), or
 * templates that need regular expressions to describe them.
 *
 * Ownership: tpl_new returns a miner that tpl_free releases.  The text in
 * a struct tpl_match is borrowed from the miner and valid until the next
 * tpl_add or tpl_free.
 */
#ifndef LT_TEMPLATE_H
#define LT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define TPL_MAX_TOKENS 200
#define TPL_MAX_TOKEN 160

struct tpl_opts {
	double sim;              /* similarity threshold, 0..1 */
	int depth;               /* leading tokens used to route (>= 0) */
	size_t max_children;     /* branches per tree node before <*> */
	size_t max_templates;    /* clusters kept (LRU eviction past it) */
};

/* The one generic setting. */
#define TPL_OPTS_DEFAULT { 0.5, 1, 100, 100000 }

struct tpl_miner;

struct tpl_match {
	uint64_t id;             /* stable for the cluster's life */
	const char *text;        /* the cluster's template, tokens joined by ' ' */
	size_t len;
	uint64_t count;          /* messages in the cluster so far */
	bool created;            /* this message started the cluster */
	bool changed;            /* the template changed (created or generalised) */
};

struct tpl_miner *tpl_new(const struct tpl_opts *opt);
void tpl_free(struct tpl_miner *m);

/* Mine one message; fills *out with its cluster. */
void tpl_add(struct tpl_miner *m, const char *msg, size_t n, struct tpl_match *out);

/* The current template of cluster ID, or NULL when there is none (evicted). */
const char *tpl_lookup(const struct tpl_miner *m, uint64_t id, size_t *len);

/* Clusters held, and clusters evicted so far. */
size_t tpl_count(const struct tpl_miner *m);
uint64_t tpl_evictions(const struct tpl_miner *m);

/* Append the masked form of a message (tokens joined by ' ') to b. */
void tpl_mask(struct buf *b, const char *msg, size_t n);

/* The id as text: 16 lowercase hex digits and a NUL, into out[17]. */
void tpl_id_hex(uint64_t id, char out[17]);

#endif
