#include "termsafe.h"

#include <stdio.h>

#include "utf8.h"

int termsafe_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static void add_hex(struct buf *dst, const char *prefix, unsigned value, int digits)
{
	char tmp[16];
	int n = snprintf(tmp, sizeof tmp, "%s%0*x", prefix, digits, value);
	if (n > 0 && (size_t)n < sizeof tmp)
		buf_add(dst, tmp, (size_t)n);
}

size_t termsafe_append(struct buf *dst, const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t escaped = 0, i = 0, start = 0;
	buf_grow(dst, len);
	while (i < len) {
		uint32_t cp;
		size_t bad = 0, n;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp, &bad);
		if (n && !termsafe_is_unsafe(cp)) {
			i += n;
			continue;
		}
		if (n && (flags & TERMSAFE_KEEP_SPACE) && (cp == '\t' || cp == '\n' || cp == '\r')) {
			i += n;
			continue;
		}
		buf_add(dst, s + start, i - start);
		if (!n) {
			for (size_t k = 0; k < bad; k++)
				add_hex(dst, "\\x", p[i + k], 2);
			i += bad;
		} else {
			if (cp < 0x80)
				add_hex(dst, "\\x", cp, 2);
			else
				add_hex(dst, "\\u", cp, 4);
			i += n;
		}
		escaped++;
		start = i;
	}
	buf_add(dst, s + start, len - start);
	return escaped;
}

const char *termsafe_str(const char *s)
{
	static struct buf b = BUF_INIT;
	buf_reset(&b);
	termsafe_append(&b, s, strlen(s), 0);
	return buf_cstr(&b);
}
