#include "grepcheck.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
	/* jansson's white space: no \f or \v. */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Any byte of w below 0x20, equal to '"' or '\\', or at or above 0x80. */
static int needs_care(uint64_t w)
{
	uint64_t quote = w ^ (ONES * '"'), bslash = w ^ (ONES * '\\');
	uint64_t t = ((w - ONES * 0x20) & ~w) | ((quote - ONES) & ~quote) |
		     ((bslash - ONES) & ~bslash) | w;
	return (t & HIGHS) != 0;
}

/* p is just after an opening quote; returns just after the closing one, or
 * NULL for an escape, a control character, bad UTF-8 or no end. */
static const unsigned char *scan_string(const unsigned char *p, const unsigned char *end)
{
	for (;;) {
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (needs_care(w))
				break;
			p += 8;
		}
		if (p >= end)
			return NULL;
		unsigned char c = *p;
		if (c == '"')
			return p + 1;
		if (c < 0x20 || c == '\\')
			return NULL;
		if (c < 0x80) {
			p++;
			continue;
		}
		uint32_t cp;
		size_t bad, n = utf8_decode(p, (size_t)(end - p), &cp, &bad);
		if (!n)
			return NULL;
		p += n;
	}
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* A JSON number at p; returns its end or NULL.  *short_int is set when it
 * is an integer of at most 18 digits (printed back as written, bar "-0"
 * which prints as "0", a part of it). */
static const unsigned char *scan_number(const unsigned char *p, const unsigned char *end,
					int *short_int)
{
	const unsigned char *start = p;
	if (p < end && *p == '-')
		p++;
	if (p >= end || !is_digit(*p))
		return NULL;
	const unsigned char *digits = p;
	if (*p == '0') {
		p++;
		if (p < end && is_digit(*p))
			return NULL;
	} else {
		while (p < end && is_digit(*p))
			p++;
	}
	int integer = 1;
	size_t ndigits = (size_t)(p - digits);
	if (p < end && *p == '.') {
		integer = 0;
		p++;
		if (p >= end || !is_digit(*p))
			return NULL;
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		integer = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !is_digit(*p))
			return NULL;
		while (p < end && is_digit(*p))
			p++;
	}
	*short_int = integer && ndigits <= 18;
	if (*short_int)
		return p;
	/* jansson rejects what overflows to infinity; a long number is simply
	 * not worth proving. */
	char tmp[48];
	size_t n = (size_t)(p - start);
	if (n >= sizeof tmp)
		return NULL;
	memcpy(tmp, start, n);
	tmp[n] = '\0';
	if (isinf(strtod(tmp, NULL)))
		return NULL;
	return p;
}

static const unsigned char *scan_word(const unsigned char *p, const unsigned char *end,
				      const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	return p + n;
}

enum grepcheck_line_result grepcheck_line(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line, *end = p + len;
	char stack[GREPCHECK_MAX_DEPTH];
	int depth = 0, ints_only = 1, short_int;
	enum { VALUE, KEY, AFTER } state = VALUE;

	p = skip_ws(p, end);
	if (p >= end || *p != '{')
		return GREPCHECK_UNSURE;
	for (;;) {
		p = skip_ws(p, end);
		if (state == AFTER && depth == 0)
			break;
		if (p >= end)
			return GREPCHECK_UNSURE;
		switch (state) {
		case VALUE:
			switch (*p) {
			case '{':
			case '[':
				if (depth == GREPCHECK_MAX_DEPTH)
					return GREPCHECK_UNSURE;
				stack[depth++] = (char)*p;
				p = skip_ws(p + 1, end);
				if (p < end && *p == (stack[depth - 1] == '{' ? '}' : ']')) {
					p++;
					depth--;
					state = AFTER;
				} else {
					state = stack[depth - 1] == '{' ? KEY : VALUE;
				}
				continue;
			case '"':
				p = scan_string(p + 1, end);
				break;
			case 't':
				p = scan_word(p, end, "true");
				break;
			case 'f':
				p = scan_word(p, end, "false");
				break;
			case 'n':
				p = scan_word(p, end, "null");
				break;
			default:
				p = scan_number(p, end, &short_int);
				if (p && !short_int)
					ints_only = 0;
				break;
			}
			if (!p)
				return GREPCHECK_UNSURE;
			state = AFTER;
			break;
		case KEY:
			if (*p != '"' || !(p = scan_string(p + 1, end)))
				return GREPCHECK_UNSURE;
			p = skip_ws(p, end);
			if (p >= end || *p != ':')
				return GREPCHECK_UNSURE;
			p++;
			state = VALUE;
			break;
		case AFTER:
			if (*p == ',') {
				p++;
				state = stack[depth - 1] == '{' ? KEY : VALUE;
			} else if (*p == (stack[depth - 1] == '{' ? '}' : ']')) {
				p++;
				depth--;
			} else {
				return GREPCHECK_UNSURE;
			}
			break;
		}
	}
	if (p != end)
		return GREPCHECK_UNSURE;
	return ints_only ? GREPCHECK_VERBATIM_INTS : GREPCHECK_VERBATIM;
}

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skip "{...}" at *i if there; 0 if it is there but never closed. */
static int skip_braces(const char *s, size_t len, size_t *i)
{
	if (*i >= len || s[*i] != '{')
		return 1;
	const char *close = memchr(s + *i, '}', len - *i);
	if (!close)
		return 0;
	*i = (size_t)(close - s) + 1;
	return 1;
}

/* An escape outside or inside a class, at s[*i] == '\\'. */
static int regular_escape(const char *s, size_t len, size_t *i, int in_class)
{
	if (*i + 1 >= len)
		return 0;
	unsigned char d = (unsigned char)s[*i + 1];
	*i += 2;
	if (d >= 0x80)
		return 0;
	if (!is_alnum(d))
		return 1; /* a quoted punctuation character */
	if (strchr("dDsSwWhHvVtnrfae", d))
		return 1;
	if (!in_class && strchr("NRbB", d))
		return 1;
	switch (d) {
	case 'x':
	case 'o':
		return skip_braces(s, len, i);
	case 'p':
	case 'P':
		if (*i < len && s[*i] == '{')
			return skip_braces(s, len, i);
		*i += 1;
		return *i <= len;
	case '0': /* always an octal escape, never a back-reference */
		return 1;
	case 'c':
		*i += 1;
		return *i <= len && (unsigned char)s[*i - 1] < 0x80;
	}
	return 0; /* \A \z \G \K \Q \E \X \C, back-references, the rest */
}

/* A character class from s[*i] == '['. */
static int regular_class(const char *s, size_t len, size_t *i)
{
	size_t j = *i + 1;
	if (j < len && s[j] == '^')
		j++;
	if (j < len && s[j] == ']')
		j++;
	while (j < len && s[j] != ']') {
		if (s[j] == '\\') {
			if (!regular_escape(s, len, &j, 1))
				return 0;
		} else if (s[j] == '[' && j + 1 < len && strchr(":.=", s[j + 1])) {
			const char *close = NULL;
			for (size_t k = j + 2; k + 1 < len; k++)
				if (s[k] == s[j + 1] && s[k + 1] == ']') {
					close = s + k;
					break;
				}
			if (!close)
				return 0;
			j = (size_t)(close - s) + 2;
		} else {
			j++;
		}
	}
	if (j >= len)
		return 0;
	*i = j + 1;
	return 1;
}

/* A group opening at s[*i] == '(': plain, non-capturing, branch reset,
 * named, or setting options other than x. */
static int regular_group(const char *s, size_t len, size_t *i)
{
	size_t j = *i + 1;
	if (j < len && s[j] == '*')
		return 0;
	if (j >= len || s[j] != '?') {
		*i = j;
		return 1;
	}
	j++;
	if (j >= len)
		return 0;
	if (s[j] == ':' || s[j] == '|') {
		*i = j + 1;
		return 1;
	}
	if (s[j] == 'P' && j + 1 < len && s[j + 1] == '<')
		j++;
	if (s[j] == '<' || s[j] == '\'') {
		char close = s[j] == '<' ? '>' : '\'';
		j++;
		unsigned char c = j < len ? (unsigned char)s[j] : 0;
		if (!(c == '_' || (is_alnum(c) && !is_digit(c))))
			return 0; /* (?<= and (?<! are look-behinds */
		while (j < len && (is_alnum((unsigned char)s[j]) || s[j] == '_'))
			j++;
		if (j >= len || s[j] != close)
			return 0;
		*i = j + 1;
		return 1;
	}
	while (j < len && strchr("imnsJU-", s[j]) && s[j] != '\0')
		j++;
	if (j < len && (s[j] == ')' || s[j] == ':')) {
		*i = j + 1;
		return 1;
	}
	return 0;
}

int grepcheck_pattern_regular(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\\':
			if (!regular_escape(s, len, &i, 0))
				return 0;
			break;
		case '[':
			if (!regular_class(s, len, &i))
				return 0;
			break;
		case '(':
			if (!regular_group(s, len, &i))
				return 0;
			break;
		case '^':
		case '$':
			return 0;
		case '*':
		case '+':
		case '?':
		case '}':
			if (i + 1 < len && s[i + 1] == '+')
				return 0; /* possessive */
			i++;
			break;
		case '\0':
			return 0;
		default:
			i++;
			break;
		}
	}
	return 1;
}
