#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "xalloc.h"

struct segment {
	int field;
	size_t len;
	char *text; /* literal bytes, or the field name NUL-terminated */
};

struct field_template {
	struct segment *seg;
	size_t n, cap;
	struct buf lit;
};

static void add_segment(struct field_template *t, int field, const char *p, size_t len)
{
	XGROW(t->seg, t->n + 1, t->cap);
	t->seg[t->n++] = (struct segment){field, len, xmemdup(p, len)};
}

static void flush_literal(struct field_template *t)
{
	if (t->lit.len)
		add_segment(t, 0, t->lit.p, t->lit.len);
	buf_reset(&t->lit);
}

static struct field_template *fail(struct field_template *t, char *err, size_t errsize, const char *msg)
{
	snprintf(err, errsize, "template: %s", msg);
	template_free(t);
	return NULL;
}

/* Bytes in the (UTF-8) character at s. */
static int char_len(const char *s)
{
	int n = 1;
	while (n < 4 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* At most 40 bytes of s, cut at a character boundary. */
static int shown(const char *s, size_t n)
{
	if (n <= 40)
		return (int)n;
	n = 40;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

struct field_template *template_compile(const char *src, char *err, size_t errsize)
{
	struct field_template *t = xcalloc(1, sizeof *t);
	char msg[120];
	for (const char *p = src; *p; p++) {
		if (*p == '{' && p[1] == '{') {
			buf_addc(&t->lit, '{');
			p++;
		} else if (*p == '}' && p[1] == '}') {
			buf_addc(&t->lit, '}');
			p++;
		} else if (*p == '}') {
			return fail(t, err, errsize, "single '}' (write '}}' for a brace)");
		} else if (*p == '{') {
			size_t n = strcspn(p + 1, "{}");
			if (p[1 + n] != '}') {
				snprintf(msg, sizeof msg, "missing '}' after '%.*s'", shown(p, n + 1), p);
				return fail(t, err, errsize, msg);
			}
			if (n == 0)
				return fail(t, err, errsize, "empty field name '{}'");
			flush_literal(t);
			add_segment(t, 1, p + 1, n);
			p += n + 1;
		} else if (*p == '\\') {
			switch (p[1]) {
			case 'n': buf_addc(&t->lit, '\n'); break;
			case 't': buf_addc(&t->lit, '\t'); break;
			case '\\': buf_addc(&t->lit, '\\'); break;
			case '\0':
				return fail(t, err, errsize, "'\\' at the end");
			default:
				snprintf(msg, sizeof msg, "unknown escape '\\%.*s' (use \\n, \\t or \\\\)",
					 char_len(p + 1), p + 1);
				return fail(t, err, errsize, msg);
			}
			p++;
		} else {
			buf_addc(&t->lit, *p);
		}
	}
	flush_literal(t);
	buf_free(&t->lit);
	return t;
}

void template_expand(const struct field_template *t, json_t *obj, struct buf *dst)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct segment *s = &t->seg[i];
		if (!s->field) {
			buf_add(dst, s->text, s->len);
			continue;
		}
		json_t *v = json_object_get(obj, s->text);
		if (v)
			jsonw_text(dst, v);
	}
}

size_t template_nfields(const struct field_template *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->seg[i].field)
			k++;
	return k;
}

const char *template_field(const struct field_template *t, size_t i)
{
	for (size_t j = 0; j < t->n; j++)
		if (t->seg[j].field && i-- == 0)
			return t->seg[j].text;
	return NULL;
}

void template_free(struct field_template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->seg[i].text);
	free(t->seg);
	buf_free(&t->lit);
	free(t);
}
