#include "width.h"

#include <utf8proc.h>

#include "utf8.h"

int width_char(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x7f)
		return 1;
	int w = utf8proc_charwidth((utf8proc_int32_t)cp);
	return w < 0 ? 0 : w > 2 ? 2 : w;
}

/* The code point at s[i], as shown on a terminal: white space as ' ',
 * controls and invalid bytes as U+FFFD.  Returns the bytes consumed. */
static size_t next_cp(const char *s, size_t len, size_t i, uint32_t *cp)
{
	size_t bad, n = utf8_decode((const unsigned char *)s + i, len - i, cp, &bad);
	if (!n) {
		*cp = 0xfffd;
		return bad;
	}
	if (utf8_is_white(*cp))
		*cp = ' ';
	else if (*cp < 0x20 || (*cp >= 0x7f && *cp < 0xa0))
		*cp = 0xfffd;
	return n;
}

size_t width_str(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += next_cp(s, len, i, &cp);
		w += (size_t)width_char(cp);
	}
	return w;
}

/* Kinsoku, simplified: no line starts with closing punctuation and none
 * ends with opening punctuation. */
static int no_break_before(uint32_t c)
{
	static const uint32_t closing[] = {
		')', ']', '}', '.', ',', ';', ':', '!', '?', '%',
		0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015, 0x3017,
		0x30fc, 0xff01, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d,
		0xff5d, 0x2026,
	};
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (c == closing[i])
			return 1;
	return 0;
}

static int no_break_after(uint32_t c)
{
	static const uint32_t opening[] = {
		'(', '[', '{', 0x3008, 0x300a, 0x300c, 0x300e, 0x3010, 0x3014, 0x3016,
		0xff08, 0xff3b, 0xff5b,
	};
	for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++)
		if (c == opening[i])
			return 1;
	return 0;
}

static int can_break(uint32_t a, uint32_t b)
{
	int wa = width_char(a), wb = width_char(b);
	return (wa == 2 || wb == 2) && wb != 0 && !no_break_before(b) && !no_break_after(a);
}

static void put_cp(struct buf *dst, uint32_t cp)
{
	if (cp < 0x80)
		buf_addc(dst, (char)cp);
	else
		utf8_encode(dst, cp);
}

static void new_line(struct buf *dst, size_t *col, size_t indent)
{
	buf_grow(dst, indent + 1);
	buf_addc(dst, '\n');
	for (size_t k = 0; k < indent; k++)
		buf_addc(dst, ' ');
	*col = indent;
}

size_t width_wrap(struct buf *dst, const char *s, size_t len, size_t *col, size_t indent,
		  size_t wrap)
{
	size_t i = 0, breaks = 0;
	int pending_space = 0, any = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = next_cp(s, len, i, &cp);
		if (cp == ' ') {
			pending_space = any;
			i += n;
			continue;
		}
		/* The next unbreakable segment is [i, j), w columns wide. */
		size_t j = i, w = 0;
		uint32_t prev = 0;
		while (j < len) {
			uint32_t c;
			size_t m = next_cp(s, len, j, &c);
			if (c == ' ' || (j > i && can_break(prev, c)))
				break;
			w += (size_t)width_char(c);
			prev = c;
			j += m;
		}
		if (wrap && *col > indent && *col + (size_t)pending_space + w > wrap) {
			new_line(dst, col, indent);
			breaks++;
			pending_space = 0;
		}
		if (pending_space) {
			buf_addc(dst, ' ');
			++*col;
			pending_space = 0;
		}
		int cut = wrap && *col + w > wrap;
		for (size_t k = i; k < j;) {
			uint32_t c;
			k += next_cp(s, len, k, &c);
			size_t cw = (size_t)width_char(c);
			if (cut && cw && *col > indent && *col + cw > wrap) {
				new_line(dst, col, indent);
				breaks++;
			}
			put_cp(dst, c);
			*col += cw;
		}
		any = 1;
		i = j;
	}
	return breaks;
}
