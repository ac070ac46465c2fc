/*
 * recloop: the shared record loop of the consumer programs.  See recloop.h.
 */
#include "recloop.h"

#include "diag.h"

static void add_counts(struct ndjson_counts *to, const struct ndjson_counts *c)
{
	to->lines += c->lines;
	to->records += c->records;
	to->bad += c->bad;
	to->blank += c->blank;
	to->toolong += c->toolong;
	to->bytes += c->bytes;
}

int recloop_file(struct recloop *l, const char *path)
{
	char err[256];
	struct ndjson *nd = ndjson_open(path, err, sizeof err);
	if (!nd) {
		diag_file(path, "%s", err);
		return 2;
	}
	if (l->wait_hook)
		ndjson_set_wait_hook(nd, l->wait_hook, l->wait_arg);
	const struct json_obj *rec;
	uint64_t bad = 0;
	int st, status = 0;
	while (!l->stopped && (st = ndjson_next(nd, &rec)) != NDJSON_EOF) {
		if (st == NDJSON_RECORD) {
			if (!l->record(l->ctx, rec, nd))
				l->stopped = true;
		} else if (st == NDJSON_BAD) {
			if (++bad <= RECLOOP_BAD_SHOWN || l->strict)
				diag_line(ndjson_name(nd), ndjson_lineno(nd), "not a JSON object (%s)",
					  ndjson_reason(nd));
			if (l->strict || l->bad_fails)
				status = 2;
			if (l->strict)
				l->stopped = true;
		} else if (st == NDJSON_TOOLONG) {
			diag_line(ndjson_name(nd), ndjson_lineno(nd), "line too long, skipped");
			status = 2;
		} else {
			diag_file(ndjson_name(nd), "%s", ndjson_error(nd));
			status = 2;
			break;
		}
	}
	if (bad > RECLOOP_BAD_SHOWN && !l->strict)
		diag_file(ndjson_name(nd), "%llu lines were not JSON objects (the first %d shown)",
			  (unsigned long long)bad, RECLOOP_BAD_SHOWN);
	struct ndjson_counts c;
	ndjson_counts(nd, &c);
	add_counts(&l->counts, &c);
	ndjson_close(nd);
	return status;
}
