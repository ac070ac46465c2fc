/*
 * ipaddr: IPv4 and IPv6 addresses and networks, for --ip filters and for
 * grouping clients by network (lbrute --by /24).
 *
 * An address is kept as 16 bytes in IPv6 form; an IPv4 address is stored
 * as the IPv4-mapped address ::ffff:a.b.c.d and flagged v4, so "1.2.3.4"
 * and "::ffff:1.2.3.4" are the same address and match the same networks.
 * Prefix lengths are given in the address's own family: 0-32 for IPv4,
 * 0-128 for IPv6.
 *
 * Not for: host names, zone indices (fe80::1%eth0 is rejected), ports.
 * Parsers take a pointer and a length and never read past it; nothing
 * here allocates.
 */
#ifndef LT_IPADDR_H
#define LT_IPADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct ipaddr {
	uint8_t b[16];
	bool v4;          /* b is ::ffff:a.b.c.d */
};

struct ipnet {
	struct ipaddr addr;   /* already masked to prefix */
	int prefix;           /* in the family of addr: 0-32 or 0-128 */
};

/* "192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7", "::1".  Strict: no
 * leading zeros in IPv4 parts ("010.0.0.1" is rejected), at most one "::". */
bool ipaddr_parse(const char *p, size_t n, struct ipaddr *a);

/* "10.0.0.0/8", "2001:db8::/32", or an address alone (a host network:
 * /32 or /128).  The address is masked, so "10.1.2.3/8" is 10.0.0.0/8. */
bool ipaddr_parse_net(const char *p, size_t n, struct ipnet *net);

/* Whether A lies in NET.  An IPv4 address is also inside an IPv6 network
 * that covers its mapped form (::ffff:0:0/96). */
bool ipaddr_in_net(const struct ipaddr *a, const struct ipnet *net);

/* Clear all but the first PREFIX bits (family terms; clamped to the
 * family's width). */
void ipaddr_mask(struct ipaddr *a, int prefix);

/* Append the canonical text: dotted quad for IPv4, RFC 5952 for IPv6. */
void ipaddr_format(struct buf *b, const struct ipaddr *a);

static inline bool ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	for (int i = 0; i < 16; i++)
		if (a->b[i] != b->b[i])
			return false;
	return true;
}

#endif
