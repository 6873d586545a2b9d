#include "anki.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "strmap.h"
#include "utf8.h"
#include "xalloc.h"

struct anki {
	const char *deck;
	int header_done;
	struct strmap *ids;
	struct buf tmp;
};

struct anki *anki_new(const char *deck)
{
	struct anki *a = xcalloc(1, sizeof *a);
	a->deck = deck ? deck : ANKI_DEFAULT_DECK;
	a->ids = strmap_new();
	buf_init(&a->tmp);
	return a;
}

void anki_free(struct anki *a)
{
	if (!a)
		return;
	strmap_free(a->ids);
	buf_free(&a->tmp);
	free(a);
}

static void header(struct anki *a, struct buf *dst)
{
	if (a->header_done)
		return;
	a->header_done = 1;
	buf_adds(dst, "#separator:tab\n#html:true\n#notetype:Basic\n"
		      "#guid column:1\n#deck column:4\n#tags column:5\n");
}

static int is_break(uint32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
	       cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

enum { DROP_QUOTES = 1, WHITE_TO_UNDERSCORE = 2 };

/* s on one line: breaks as spaces (or, with WHITE_TO_UNDERSCORE, all white
 * space as "_"), other controls and invalid UTF-8 as U+FFFD, and with
 * DROP_QUOTES no ".  For the fields that are not HTML, which must not
 * start with a quote (Anki's reader would take it as CSV quoting). */
static void flatten(struct buf *dst, const char *s, size_t len, unsigned how)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t bad, n = utf8_decode(u + i, len - i, &cp, &bad);
		if (!n) {
			buf_adds(dst, UTF8_REPLACEMENT);
			i += bad;
			continue;
		}
		if ((how & WHITE_TO_UNDERSCORE) && utf8_is_white(cp))
			buf_addc(dst, '_');
		else if (is_break(cp))
			buf_addc(dst, ' ');
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			buf_adds(dst, UTF8_REPLACEMENT);
		else if (!(how & DROP_QUOTES) || cp != '"')
			buf_add(dst, s + i, n);
		i += n;
	}
}

/* HTML text on one line. */
static void html_text(struct anki *a, struct buf *dst, const char *s, size_t len)
{
	buf_reset(&a->tmp);
	flatten(&a->tmp, s, len, 0);
	escape_html(dst, a->tmp.p, a->tmp.len);
}

static const char *str(json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);
	*len = json_string_length(v);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The record's next non-empty string heading from index *i on (borrowed
 * from obj, *len bytes), *i moved past it; NULL when none is left. */
static const char *next_heading(json_t *obj, size_t *i, size_t *len)
{
	json_t *headings = json_object_get(obj, "headings");
	for (; *i < json_array_size(headings); (*i)++) {
		json_t *h = json_array_get(headings, *i);
		if (json_is_string(h) && json_string_length(h)) {
			(*i)++;
			*len = json_string_length(h);
			return json_string_value(h);
		}
	}
	return NULL;
}

static void back(struct anki *a, json_t *obj, struct buf *dst)
{
	size_t tlen, ulen, dlen;
	const char *title = str(obj, "title", &tlen), *url = str(obj, "url", &ulen),
		   *desc = str(obj, "desc", &dlen);
	int link = ulen && escape_url_is_safe(url, ulen);
	if (link) {
		buf_adds(dst, "<a href=\"");
		buf_reset(&a->tmp);
		flatten(&a->tmp, url, ulen, 0);
		escape_href(dst, a->tmp.p, a->tmp.len);
		buf_adds(dst, "\">");
	}
	if (tlen || !link)
		html_text(a, dst, title, tlen);
	else
		html_text(a, dst, url, ulen);
	if (link)
		buf_adds(dst, "</a>");
	if (dlen) {
		buf_adds(dst, "<br>");
		html_text(a, dst, desc, dlen);
	}
	const char *h;
	size_t hlen;
	for (size_t i = 0, shown = 0; (h = next_heading(obj, &i, &hlen)); shown++) {
		buf_adds(dst, shown ? " &gt; " : "<br>");
		html_text(a, dst, h, hlen);
	}
}

static void tags(json_t *obj, struct buf *dst)
{
	const char *h;
	size_t hlen;
	for (size_t i = 0, shown = 0; (h = next_heading(obj, &i, &hlen)); shown++) {
		if (shown)
			buf_addc(dst, ' ');
		flatten(dst, h, hlen, DROP_QUOTES | WHITE_TO_UNDERSCORE);
	}
}

void anki_record(struct anki *a, json_t *obj, struct buf *dst)
{
	if (!json_is_object(obj))
		return;
	size_t idlen, tlen, slen;
	const char *id = str(obj, "id", &idlen);
	if (idlen) {
		int added;
		strmap_intern(a->ids, id, idlen, &added);
		if (!added)
			return;
	}
	header(a, dst);
	flatten(dst, id, idlen, DROP_QUOTES);
	buf_addc(dst, '\t');
	const char *front = str(obj, "topic", &tlen);
	if (!tlen)
		front = str(obj, "title", &tlen);
	html_text(a, dst, front, tlen);
	buf_addc(dst, '\t');
	back(a, obj, dst);
	buf_addc(dst, '\t');
	flatten(dst, a->deck, strlen(a->deck), DROP_QUOTES);
	const char *section = str(obj, "section", &slen);
	if (slen) {
		buf_adds(dst, "::");
		flatten(dst, section, slen, DROP_QUOTES);
	}
	buf_addc(dst, '\t');
	tags(obj, dst);
	buf_addc(dst, '\n');
}

void anki_finish(struct anki *a, struct buf *dst) { header(a, dst); }

/* -t anki in iqfmt's format table: --deck comes as render_opts.deck. */
static void *anki_open(const struct render_opts *o, char *err, size_t errsize)
{
	(void)err, (void)errsize;
	return anki_new(o->deck);
}

static void anki_add(void *state, json_t *obj, struct buf *dst) { anki_record(state, obj, dst); }
static void anki_end(void *state, struct buf *dst) { anki_finish(state, dst); }
static void anki_close(void *state) { anki_free(state); }

const struct render_ops anki_ops = {anki_open, anki_add, anki_end, NULL, anki_close};
