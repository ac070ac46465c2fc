/*
 * ipaddr: address and network parsing, matching and masking.  See ipaddr.h.
 */
#include "ipaddr.h"

#include <stdio.h>
#include <string.h>

static const uint8_t v4_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Dotted quad at p (exactly n bytes) into out[4]. */
static bool parse_v4(const char *p, size_t n, uint8_t out[4])
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part) {
			if (i >= n || p[i] != '.')
				return false;
			i++;
		}
		size_t d = i;
		unsigned v = 0;
		while (i < n && p[i] >= '0' && p[i] <= '9' && i - d < 3) {
			v = v * 10 + (unsigned)(p[i] - '0');
			i++;
		}
		if (i == d || v > 255 || (i - d > 1 && p[d] == '0'))
			return false;
		out[part] = (uint8_t)v;
	}
	return i == n;
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_v6(const char *p, size_t n, uint8_t out[16])
{
	uint16_t w[8];
	int nw = 0, gap = -1;
	size_t i = 0;
	if (n >= 2 && p[0] == ':' && p[1] == ':') {
		gap = 0;
		i = 2;
		if (i == n)
			goto done;
	} else if (n && p[0] == ':') {
		return false;
	}
	for (;;) {
		/* an embedded IPv4 tail: the rest holds a '.' */
		size_t j = i;
		while (j < n && p[j] != ':' && p[j] != '.')
			j++;
		if (j < n && p[j] == '.') {
			uint8_t q[4];
			if (nw > 6 || !parse_v4(p + i, n - i, q))
				return false;
			w[nw++] = (uint16_t)(q[0] << 8 | q[1]);
			w[nw++] = (uint16_t)(q[2] << 8 | q[3]);
			break;
		}
		if (nw == 8)
			return false;
		unsigned v = 0;
		size_t d = i;
		while (i < n && hexv(p[i]) >= 0 && i - d < 4)
			v = v * 16 + (unsigned)hexv(p[i++]);
		if (i == d)
			return false;
		w[nw++] = (uint16_t)v;
		if (i == n)
			break;
		if (p[i] != ':')
			return false;
		i++;
		if (i < n && p[i] == ':') {
			if (gap >= 0)
				return false;
			gap = nw;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false;   /* a trailing single ':' */
		}
	}
done:
	if (gap < 0 && nw != 8)
		return false;
	if (gap >= 0 && nw > 7)
		return false;
	memset(out, 0, 16);
	int tail = gap >= 0 ? nw - gap : 0;
	int head = gap >= 0 ? gap : nw;
	for (int k = 0; k < head; k++) {
		out[2 * k] = (uint8_t)(w[k] >> 8);
		out[2 * k + 1] = (uint8_t)w[k];
	}
	for (int k = 0; k < tail; k++) {
		int pos = 8 - tail + k;
		out[2 * pos] = (uint8_t)(w[head + k] >> 8);
		out[2 * pos + 1] = (uint8_t)w[head + k];
	}
	return true;
}

bool ipaddr_parse(const char *p, size_t n, struct ipaddr *a)
{
	if (n == 0 || n > 45)
		return false;
	if (memchr(p, ':', n)) {
		if (!parse_v6(p, n, a->b))
			return false;
		a->v4 = memcmp(a->b, v4_prefix, 12) == 0;
		return true;
	}
	memcpy(a->b, v4_prefix, 12);
	a->v4 = true;
	return parse_v4(p, n, a->b + 12);
}

void ipaddr_mask(struct ipaddr *a, int prefix)
{
	int width = a->v4 ? 32 : 128;
	if (prefix < 0)
		prefix = 0;
	if (prefix > width)
		prefix = width;
	int bits = prefix + (a->v4 ? 96 : 0);
	for (int i = 0; i < 16; i++) {
		int keep = bits - 8 * i;
		if (keep >= 8)
			continue;
		a->b[i] &= keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
}

bool ipaddr_parse_net(const char *p, size_t n, struct ipnet *net)
{
	const char *slash = memchr(p, '/', n);
	size_t an = slash ? (size_t)(slash - p) : n;
	if (!ipaddr_parse(p, an, &net->addr))
		return false;
	/* a prefix after IPv6 notation counts 128 bits, even for ::ffff:a.b.c.d */
	bool v6_text = memchr(p, ':', an) != NULL;
	int width = net->addr.v4 && !v6_text ? 32 : 128;
	int prefix = width;
	if (slash) {
		const char *q = slash + 1, *end = p + n;
		if (q == end || end - q > 3)
			return false;
		prefix = 0;
		for (; q < end; q++) {
			if (*q < '0' || *q > '9')
				return false;
			prefix = prefix * 10 + (*q - '0');
		}
		if (prefix > width)
			return false;
	}
	if (net->addr.v4 && width == 128) {
		if (prefix >= 96)
			prefix -= 96;                 /* an IPv4 network in mapped form */
		else
			net->addr.v4 = false;         /* wider than the mapped space */
	}
	net->prefix = prefix;
	ipaddr_mask(&net->addr, prefix);
	return true;
}

bool ipaddr_in_net(const struct ipaddr *a, const struct ipnet *net)
{
	/* compare in the 128-bit space: an IPv4 network is ::ffff:0:0/96 + prefix */
	int bits = net->prefix + (net->addr.v4 ? 96 : 0);
	int full = bits / 8, rest = bits % 8;
	if (memcmp(a->b, net->addr.b, (size_t)full) != 0)
		return false;
	if (rest) {
		uint8_t m = (uint8_t)(0xff << (8 - rest));
		if ((a->b[full] & m) != net->addr.b[full])
			return false;
	}
	return true;
}

void ipaddr_format(struct buf *b, const struct ipaddr *a)
{
	char s[64];
	if (a->v4) {
		snprintf(s, sizeof s, "%u.%u.%u.%u", a->b[12], a->b[13], a->b[14], a->b[15]);
		buf_adds(b, s);
		return;
	}
	uint16_t w[8];
	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(a->b[2 * i] << 8 | a->b[2 * i + 1]);
	/* RFC 5952: the longest run (>= 2) of zero words becomes "::", first one on ties */
	int best = -1, bestlen = 1;
	for (int i = 0; i < 8;) {
		if (w[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !w[j])
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			n += (size_t)snprintf(s + n, sizeof s - n, "::");
			i += bestlen - 1;
			continue;
		}
		if (i && !(best >= 0 && i == best + bestlen))
			s[n++] = ':';
		n += (size_t)snprintf(s + n, sizeof s - n, "%x", w[i]);
	}
	s[n] = '\0';
	buf_adds(b, s);
}
