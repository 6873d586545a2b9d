#include "escape.h"

#include <string.h>

#include "utf8.h"

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Entity-like: & followed by what could start a character reference. */
static int entity_start(const char *s, size_t len, size_t i)
{
	return i + 1 < len && (is_alnum((unsigned char)s[i + 1]) || s[i + 1] == '#');
}

static int www_before(const char *s, size_t i)
{
	return i >= 3 && (s[i - 3] | 0x20) == 'w' && (s[i - 2] | 0x20) == 'w' &&
	       (s[i - 1] | 0x20) == 'w';
}

/* The length of a run of 1-9 ASCII digits at s, when '.' or ')' follows
 * it (an ordered list's marker); else 0. */
static size_t list_number(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && n < 10 && s[n] >= '0' && s[n] <= '9')
		n++;
	return n && n < 10 && n < len && (s[n] == '.' || s[n] == ')') ? n : 0;
}

void escape_md_text(struct buf *dst, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, number = 0;
	int space = 0, any = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t n = 1, bad;
		if (c >= 0x80 && !(n = utf8_decode((const unsigned char *)s + i, len - i, &cp, &bad))) {
			buf_adds(dst, UTF8_REPLACEMENT);
			i += bad;
			any = 1;
			continue;
		}
		if (utf8_is_white(cp)) {
			space = any;
			i += n;
			continue;
		}
		if (space)
			buf_addc(dst, ' ');
		space = 0;
		int esc = 0, block = 0;
		if (!any && (flags & ESCAPE_MD_BLOCK_START)) {
			/* What would open a block at a line's start: a heading, a
			 * list, a quote, a thematic break or table. */
			block = c == '#' || c == '-' || c == '+' || c == '>' || c == '=' || c == '|';
			number = list_number(s + i, len - i);
		}
		any = 1;
		if (number && (c == '.' || c == ')')) {
			block = 1; /* the first . or ) after the digits ends the number */
			number = 0;
		}
		switch (c) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '~':
		case '@':
			esc = 1;
			break;
		case '&':
			esc = entity_start(s, len, i);
			break;
		case ':':
			esc = i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/';
			break;
		case '.':
			esc = www_before(s, i);
			break;
		case '#':
			esc = esc || (flags & ESCAPE_MD_HEADING);
			break;
		case '\0':
			buf_adds(dst, UTF8_REPLACEMENT);
			i++;
			continue;
		}
		if (esc || block)
			buf_addc(dst, '\\');
		buf_add(dst, s + i, n);
		i += n;
	}
}

void escape_md_url(struct buf *dst, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		switch (c) {
		case '<': case '>': case '\\': case '`':
			buf_addc(dst, '\\');
			break;
		case '&':
			if (entity_start(s, len, i))
				buf_addc(dst, '\\');
			break;
		case '\n':
			buf_adds(dst, "&#10;");
			continue;
		case '\r':
			buf_adds(dst, "&#13;");
			continue;
		case '\0':
			buf_adds(dst, UTF8_REPLACEMENT);
			continue;
		}
		buf_addc(dst, c);
	}
}

static int html_bad(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r';
	if (cp >= 0x7f && cp < 0xa0)
		return 1;
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

void escape_html(struct buf *dst, const char *s, size_t len)
{
	size_t run = 0, i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t n = 1;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: {
			uint32_t cp = c;
			size_t bad;
			if (c >= 0x80 &&
			    !(n = utf8_decode((const unsigned char *)s + i, len - i, &cp, &bad))) {
				n = bad;
				rep = UTF8_REPLACEMENT;
			} else if (html_bad(cp)) {
				rep = UTF8_REPLACEMENT;
			}
		}
		}
		if (rep) {
			buf_add(dst, s + run, i - run);
			buf_adds(dst, rep);
			run = i + n;
		}
		i += n;
	}
	buf_add(dst, s + run, len - run);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

void escape_href(struct buf *dst, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int enc = c <= ' ' || c == 0x7f || strchr("\"<>^`{|}", c) ||
			  (c == '%' && !(i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2])));
		if (!enc)
			continue;
		escape_html(dst, s + run, i - run);
		char e[3] = {'%', hex[c >> 4], hex[c & 15]};
		buf_add(dst, e, 3);
		run = i + 1;
	}
	escape_html(dst, s + run, len - run);
}

int escape_url_is_safe(const char *s, size_t len)
{
	char scheme[6];
	size_t i = 0, n = 0;
	while (i < len && (unsigned char)s[i] <= ' ')
		i++;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
		    !(n > 0 && (is_alnum(c) || c == '+' || c == '-' || c == '.')))
			return 1; /* no scheme: a relative reference */
		if (n < sizeof scheme)
			scheme[n] = (char)(c | 0x20);
		n++;
	}
	if (i == len)
		return 1;
	return (n == 4 && memcmp(scheme, "http", 4) == 0) ||
	       (n == 5 && memcmp(scheme, "https", 5) == 0);
}

/* An RFC 4180 field, after prefix (prefix_len bytes, no quote in it). */
static void csv_field(struct buf *dst, const char *prefix, size_t prefix_len, const char *s,
		      size_t len)
{
	size_t i = 0;
	while (i < len && s[i] != '"' && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
		i++;
	if (i == len) {
		buf_add(dst, prefix, prefix_len);
		buf_add(dst, s, len);
		return;
	}
	buf_grow(dst, prefix_len + len + 3);
	buf_addc(dst, '"');
	buf_add(dst, prefix, prefix_len);
	size_t run = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '"') {
			buf_add(dst, s + run, i + 1 - run);
			run = i;
		}
	buf_add(dst, s + run, len - run);
	buf_addc(dst, '"');
}

void escape_csv(struct buf *dst, const char *s, size_t len) { csv_field(dst, "", 0, s, len); }

void escape_csv_spreadsheet(struct buf *dst, const char *s, size_t len)
{
	int formula = len && strchr("=+-@\t\r", s[0]) && s[0];
	csv_field(dst, "'", formula ? 1 : 0, s, len);
}

void escape_tsv(struct buf *dst, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '\\': rep = "\\\\"; break;
		case '\t': rep = "\\t"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		default: continue;
		}
		buf_add(dst, s + run, i - run);
		buf_add(dst, rep, 2);
		run = i + 1;
	}
	buf_add(dst, s + run, len - run);
}
