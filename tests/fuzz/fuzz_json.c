/*
 * Fuzz target: the JSON scanner.  Any bytes in: validation never crashes;
 * the record index agrees with the validator and with the tree-free
 * walker; every value span lies inside the text; decoding never crashes.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside(struct span s, struct span t)
{
	return s.p >= t.p && s.p + s.len <= t.p + t.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span t = span_make((const char *)data, size);
	const char *any = json_validate(t, JSON_ANY);
	const char *obj = json_validate(t, 0);
	const char *strict = json_validate(t, JSON_UTF8);
	FUZZ_CHECK(!obj ? !any : 1);          /* an object is a value */
	FUZZ_CHECK(!strict ? !obj : 1);       /* strict UTF-8 accepts less */

	struct json_obj o = JSON_OBJ_INIT;
	const char *why = json_obj_parse(&o, t, 0);
	FUZZ_CHECK(!why == !obj);
	struct buf scratch = BUF_INIT;
	if (!why) {
		struct json_iter it;
		struct span k;
		struct json_val v;
		size_t n = 0;
		json_iter_init(&it, t);
		while (json_iter_next(&it, &k, &v)) {
			FUZZ_CHECK(n < o.n);
			FUZZ_CHECK(k.p == o.m[n].key.p && k.len == o.m[n].key.len);
			FUZZ_CHECK(v.type == o.m[n].val.type);
			FUZZ_CHECK(v.raw.p == o.m[n].val.raw.p && v.raw.len == o.m[n].val.raw.len);
			n++;
		}
		FUZZ_CHECK(n == o.n);
		for (size_t i = 0; i < o.n; i++) {
			struct json_val v1 = o.m[i].val;
			FUZZ_CHECK(v1.type != JSON_NONE && inside(v1.raw, t) && inside(o.m[i].key, t));
			FUZZ_CHECK(json_validate(v1.raw, JSON_ANY) == NULL);
			struct span s = json_str(v1, &scratch);
			FUZZ_CHECK((s.p != NULL) == (v1.type == JSON_STRING));
			double d;
			int64_t iv;
			bool b;
			FUZZ_CHECK(json_num(v1, &d) == (v1.type == JSON_NUMBER));
			(void)json_int(v1, &iv);
			FUZZ_CHECK(json_bool(v1, &b) == (v1.type == JSON_TRUE || v1.type == JSON_FALSE));
			if (!o.m[i].key_escaped) {
				struct json_val v2, v3;
				FUZZ_CHECK(json_obj_get(&o, o.m[i].key.p, o.m[i].key.len, &v2));
				FUZZ_CHECK(json_get(t, o.m[i].key.p, o.m[i].key.len, &v3));
				FUZZ_CHECK(v2.raw.p == v3.raw.p && v2.raw.len == v3.raw.len);
			}
		}
	}
	/* the walkers on text that may be invalid */
	struct json_val v;
	(void)json_get(t, "a", 1, &v);
	(void)json_path(t, "a.b", 3, &v);
	(void)json_obj_path(&o, "a.b.c", 5, &v);
	buf_reset(&scratch);
	json_unescape(&scratch, t.p, t.len);
	json_obj_free(&o);
	buf_free(&scratch);
	return 0;
}
