/*
 * Unit tests of lib/ipaddr: parsing, networks, masking, formatting.
 */
#include <string.h>

#include "ipaddr.h"
#include "tap.h"

static bool parse(const char *s, struct ipaddr *a)
{
	return ipaddr_parse(s, strlen(s), a);
}

static const char *fmt(const struct ipaddr *a)
{
	static struct buf b;
	buf_reset(&b);
	ipaddr_format(&b, a);
	return b.p;
}

static const char *roundtrip(const char *s)
{
	struct ipaddr a;
	if (!parse(s, &a))
		return "(invalid)";
	return fmt(&a);
}

static bool in(const char *addr, const char *net)
{
	struct ipaddr a;
	struct ipnet n;
	return parse(addr, &a) && ipaddr_parse_net(net, strlen(net), &n) && ipaddr_in_net(&a, &n);
}

int main(void)
{
	struct ipaddr a, b;
	ok(parse("192.0.2.7", &a) && a.v4 && a.b[12] == 192 && a.b[15] == 7, "IPv4");
	ok(parse("::ffff:192.0.2.7", &b) && b.v4 && ipaddr_eq(&a, &b), "IPv4-mapped equals IPv4");
	ok(parse("::FFFF:c000:0207", &b) && b.v4 && ipaddr_eq(&a, &b), "mapped in hex");
	ok(parse("2001:db8::1", &a) && !a.v4 && a.b[0] == 0x20 && a.b[15] == 1, "IPv6");
	is_str(roundtrip("192.0.2.7"), "192.0.2.7", "format IPv4");
	is_str(roundtrip("::ffff:10.0.0.1"), "10.0.0.1", "format mapped as IPv4");
	is_str(roundtrip("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1", "RFC 5952 ::");
	is_str(roundtrip("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1", "first longest run");
	is_str(roundtrip("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1", "a single zero stays");
	is_str(roundtrip("::"), "::", "unspecified");
	is_str(roundtrip("::1"), "::1", "loopback");
	is_str(roundtrip("fe80::"), "fe80::", "trailing ::");
	is_str(roundtrip("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8", "full form");
	is_str(roundtrip("64:ff9b::192.0.2.33"), "64:ff9b::c000:221", "embedded IPv4 tail");

	const char *bad[] = { "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "1..2.3",
			      ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", "12345::", "g::1",
			      "fe80::1%eth0", "1.2.3.4/8", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4",
			      "-1.2.3.4", "1:2:3:4:5:6:7::8" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char what[80];
		snprintf(what, sizeof what, "'%s' is not an address", bad[i]);
		ok(!parse(bad[i], &a), what);
	}
	ok(parse("1:2:3:4:5:6::8", &a), "one zero word as ::");
	ok(parse("1:2:3:4:5:6:1.2.3.4", &a), "full form with IPv4 tail");
	ok(!ipaddr_parse("1.2.3.4", 3, &a), "parse stops at the length given");

	ok(in("10.1.2.3", "10.0.0.0/8"), "10.1.2.3 in 10/8");
	ok(!in("11.1.2.3", "10.0.0.0/8"), "11.1.2.3 not in 10/8");
	ok(in("10.1.2.3", "10.1.2.3"), "a bare address is a host network");
	ok(!in("10.1.2.4", "10.1.2.3"), "other host");
	ok(in("192.168.1.77", "192.168.1.64/26"), "/26 boundary inside");
	ok(!in("192.168.1.128", "192.168.1.64/26"), "/26 boundary outside");
	ok(in("8.8.8.8", "0.0.0.0/0"), "0/0 holds every IPv4");
	ok(!in("2001:db8::1", "0.0.0.0/0"), "IPv4 0/0 holds no IPv6");
	ok(in("::ffff:10.9.9.9", "10.0.0.0/8"), "mapped address in an IPv4 network");
	ok(in("10.9.9.9", "::ffff:0:0/96"), "IPv4 in the mapped IPv6 network");
	ok(in("10.9.9.9", "::ffff:10.0.0.0/104"), "mapped /104 is IPv4 /8");
	ok(!in("11.9.9.9", "::ffff:10.0.0.0/104"), "outside mapped /104");
	ok(in("10.9.9.9", "::/0") && in("2001:db8::1", "::/0"), "::/0 holds everything");
	ok(in("2001:db8:1::5", "2001:db8::/32"), "IPv6 /32");
	ok(!in("2001:db9::5", "2001:db8::/32"), "IPv6 outside /32");
	ok(in("2001:db8::1", "2001:db8::1/128"), "IPv6 /128");
	ok(in("fe80::1", "fe80::/10") && in("febf::1", "fe80::/10") && !in("fec0::1", "fe80::/10"),
	   "IPv6 /10 boundaries");
	struct ipnet n;
	ok(ipaddr_parse_net("10.1.2.3/8", 10, &n) && n.prefix == 8 && !strcmp(fmt(&n.addr), "10.0.0.0"),
	   "network is masked");
	ok(!ipaddr_parse_net("10.0.0.0/33", 11, &n), "/33 refused for IPv4");
	ok(ipaddr_parse_net("::/128", 6, &n), "/128 for IPv6");
	ok(!ipaddr_parse_net("::/129", 6, &n), "/129 refused");
	ok(!ipaddr_parse_net("10.0.0.0/", 9, &n), "empty prefix refused");
	ok(!ipaddr_parse_net("10.0.0.0/x", 10, &n), "non-digit prefix refused");

	parse("192.168.77.200", &a);
	ipaddr_mask(&a, 24);
	is_str(fmt(&a), "192.168.77.0", "mask IPv4 /24");
	ok(a.v4, "still IPv4 after masking");
	parse("192.168.77.200", &a);
	ipaddr_mask(&a, 0);
	is_str(fmt(&a), "0.0.0.0", "mask IPv4 /0 keeps the family");
	parse("2001:db8:aaaa:bbbb:cccc::1", &a);
	ipaddr_mask(&a, 64);
	is_str(fmt(&a), "2001:db8:aaaa:bbbb::", "mask IPv6 /64");
	parse("2001:db8:aaaa:bbbb:cccc::1", &a);
	ipaddr_mask(&a, 200);
	is_str(fmt(&a), "2001:db8:aaaa:bbbb:cccc::1", "prefix over the width is clamped");
	parse("10.255.255.255", &a);
	ipaddr_mask(&a, 13);
	is_str(fmt(&a), "10.248.0.0", "mask /13 inside a byte");
	return tap_done();
}
