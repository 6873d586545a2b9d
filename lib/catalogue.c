#include "catalogue.h"

#include <md4c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entity.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * How the pieces fit.  md4c calls us back for blocks, spans and text.  A
 * "leaf" is a block whose content is inline text: a paragraph, a heading, a
 * table cell, or the text of a tight list item (md4c sends no paragraph
 * there).  Links found in a leaf wait in `pending` until the leaf ends,
 * because a record needs what comes after its link (desc, a heading's full
 * text, the strong text of the item) before it can be written.
 */

/* A list item: what the topic rules need to know of it. */
struct item {
	int para_state;    /* first paragraph: 0 not yet, 1 reading, 2 read */
	int lead_strong;   /* first paragraph began with strong emphasis */
	int in_lead_strong;
	int seen_link;     /* the first paragraph has had a link */
	int topic_done;
	struct buf strong, before, first_title, topic;
	unsigned long links, line;
};

struct heading {
	int level;
	struct buf text;
	unsigned long line, records;
};

struct pending {
	struct buf title, url, desc;
	int desc_open, keep, has_image, is_image;
	int first_of_item; /* the first link of its item's first paragraph */
	int item;      /* innermost list item at the link, or -1 */
	int cell;      /* table cell index, or -1 */
	unsigned long line;
	int line_known;
	size_t search_from;
};

enum leaf_kind { LEAF_NONE, LEAF_PARA, LEAF_HEADING, LEAF_CELL };

struct warning {
	unsigned long line;
	char *message;
};

struct url_seen {
	uint64_t hash;
	char *url;
	char *file;
	unsigned long line;
};

struct catalogue {
	struct catalogue_options opt;
	catalogue_record_fn on_record;
	catalogue_warning_fn on_warning;
	void *userdata;
	unsigned long long n;

	/* per document */
	const char *doc;
	size_t size;
	int lone_cr;
	size_t cursor_off;
	unsigned long cursor_line;
	size_t last_text_end;
	struct buf file;

	MD_BLOCKTYPE *blocks;
	size_t depth, blocks_cap;

	struct item *items;
	int nitems, items_cap;

	struct heading *headings;
	int nheadings, headings_cap;
	struct text *heading_texts;
	int heading_texts_cap;
	/* The headings as records write them, quoted once per change of
	 * section rather than once per record. */
	int headings_changed;
	struct buf section_json, headings_json, file_json;

	enum leaf_kind leaf;
	int capture;        /* item whose first paragraph this leaf is, or -1 */
	int awaiting_first; /* capture: no inline content seen yet */
	int heading_level;
	struct buf heading_text;
	unsigned long heading_line;
	int cell;           /* index of the current table cell, -1 outside */
	struct buf first_cell;

	struct pending *pending;
	int npending, pending_cap;
	int link;           /* pending index of the open link, or -1 */
	int image;          /* pending index of the open image record, or -1 */
	int ignored_links;  /* nested link enters we refused, still open */
	int image_depth, strong_depth, lead_strong_depth;

	struct buf scratch, scratch2;

	struct warning *warnings;
	size_t nwarnings, warnings_cap;
	struct url_seen *seen;
	size_t seen_cap, seen_count;
};

static void close_link(struct catalogue *c);

/* ---- text helpers ---- */

/* Length of the white-space character at s (Unicode White_Space, and the
 * '\n' that marks line breaks), or 0.  s is valid UTF-8 and NUL-ended. */
static size_t white_at(const unsigned char *s, size_t left)
{
	switch (s[0]) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
		return 1;
	case 0xc2:
		return left >= 2 && (s[1] == 0x85 || s[1] == 0xa0) ? 2 : 0;
	case 0xe1:
		return left >= 3 && s[1] == 0x9a && s[2] == 0x80 ? 3 : 0;
	case 0xe2:
		if (left < 3)
			return 0;
		if (s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
			return 3;
		return s[1] == 0x81 && s[2] == 0x9f ? 3 : 0;
	case 0xe3:
		return left >= 3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	default:
		return 0;
	}
}

/* Bytes that may begin white space: ASCII controls and space, and the lead
 * bytes of the non-ASCII White_Space characters (see white_at). */
static const unsigned char may_be_white[256] = {
	[0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [' '] = 1,
	[0xc2] = 1, [0xe1] = 1, [0xe2] = 1, [0xe3] = 1,
};

/* Fold runs of white space (and the '\n' that marks line breaks) into one
 * space and trim both ends.  s must be valid UTF-8. */
static void fold(struct buf *dst, const char *s, size_t len)
{
	buf_reset(dst);
	buf_grow(dst, len);
	const unsigned char *u = (const unsigned char *)s;
	char *o = dst->p;
	size_t i = 0, n = 0;
	int space = 0;
	while (i < len) {
		size_t run = i;
		while (run < len && !may_be_white[u[run]])
			run++;
		if (run > i) {
			if (space)
				o[n++] = ' ';
			space = 0;
			memcpy(o + n, s + i, run - i);
			n += run - i;
			i = run;
			continue;
		}
		size_t w = white_at(u + i, len - i);
		if (w) {
			space = n > 0;
			i += w;
			continue;
		}
		/* A lead byte of something else: copy the whole character. */
		if (space)
			o[n++] = ' ';
		space = 0;
		o[n++] = s[i++];
		while (i < len && (u[i] & 0xc0) == 0x80)
			o[n++] = s[i++];
	}
	dst->len = n;
	o[n] = '\0';
}

static int ends_with(const struct buf *b, const char *s, size_t n)
{
	return b->len >= n && memcmp(b->p + b->len - n, s, n) == 0;
}

/* Rules 1-2 drop trailing ':', '：', '-', '–', '—' and spaces. */
static void drop_trailing_marks(struct buf *b)
{
	for (;;) {
		if (ends_with(b, " ", 1) || ends_with(b, ":", 1) || ends_with(b, "-", 1))
			b->len -= 1;
		else if (ends_with(b, "\xef\xbc\x9a", 3) || ends_with(b, "\xe2\x80\x93", 3) ||
			 ends_with(b, "\xe2\x80\x94", 3))
			b->len -= 3;
		else
			break;
	}
	if (b->p)
		b->p[b->len] = '\0';
}

/* The folded text of s up to its first line break. */
static void first_line(struct buf *dst, const struct buf *s)
{
	const char *nl = s->len ? memchr(s->p, '\n', s->len) : NULL;
	fold(dst, s->p ? s->p : "", nl ? (size_t)(nl - s->p) : s->len);
}

/* ---- source lines ---- */

static unsigned long count_lines(const char *p, size_t len, int lone_cr)
{
	unsigned long n = 0;
	if (!lone_cr) {
		const char *end = p + len;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			n++;
			p++;
		}
		return n;
	}
	for (size_t i = 0; i < len; i++)
		if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= len || p[i + 1] != '\n')))
			n++;
	return n;
}

static unsigned long line_at(struct catalogue *c, size_t off)
{
	if (off >= c->cursor_off)
		c->cursor_line += count_lines(c->doc + c->cursor_off, off - c->cursor_off, c->lone_cr);
	else
		c->cursor_line -= count_lines(c->doc + off, c->cursor_off - off, c->lone_cr);
	c->cursor_off = off;
	return c->cursor_line;
}

static int in_doc(struct catalogue *c, const char *p)
{
	return p >= c->doc && p < c->doc + c->size;
}

/* Where no text of a link lies in the source (an empty "[](u)"), its line is
 * that of the first mark after the text seen last. */
static unsigned long line_by_search(struct catalogue *c, size_t from, const char *marks)
{
	if (from > c->size)
		from = c->size;
	size_t off = from;
	while (off < c->size && !strchr(marks, c->doc[off]))
		off++;
	return line_at(c, off < c->size ? off : from);
}

/* ---- warnings ---- */

static void warn(struct catalogue *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct catalogue *c, unsigned long line, const char *fmt, ...)
{
	if (!c->opt.check)
		return;
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *m = xmalloc((size_t)n + 1);
	vsnprintf(m, (size_t)n + 1, fmt, again);
	va_end(again);
	va_end(ap);
	if (c->nwarnings == c->warnings_cap) {
		c->warnings_cap = c->warnings_cap ? c->warnings_cap * 2 : 16;
		c->warnings = xrealloc(c->warnings, c->warnings_cap * sizeof *c->warnings);
	}
	c->warnings[c->nwarnings].line = line;
	c->warnings[c->nwarnings].message = m;
	c->nwarnings++;
}

static void flush_warnings(struct catalogue *c)
{
	/* Insertion sort, because it is stable: warnings of one line keep the
	 * order they were found in (qsort's would not). */
	for (size_t i = 1; i < c->nwarnings; i++) {
		struct warning w = c->warnings[i];
		size_t j = i;
		while (j > 0 && c->warnings[j - 1].line > w.line) {
			c->warnings[j] = c->warnings[j - 1];
			j--;
		}
		c->warnings[j] = w;
	}
	for (size_t i = 0; i < c->nwarnings; i++) {
		c->on_warning(buf_cstr(&c->file), c->warnings[i].line, c->warnings[i].message,
			      c->userdata);
		free(c->warnings[i].message);
	}
	c->nwarnings = 0;
}

static void check_duplicate(struct catalogue *c, const struct pending *p)
{
	if (c->seen_count * 2 >= c->seen_cap) {
		size_t cap = c->seen_cap ? c->seen_cap * 2 : 1024;
		struct url_seen *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < c->seen_cap; i++) {
			if (!c->seen[i].url)
				continue;
			size_t j = c->seen[i].hash & (cap - 1);
			while (t[j].url)
				j = (j + 1) & (cap - 1);
			t[j] = c->seen[i];
		}
		free(c->seen);
		c->seen = t;
		c->seen_cap = cap;
	}
	uint64_t h = record_id(p->url.p ? p->url.p : "", p->url.len);
	size_t j = h & (c->seen_cap - 1);
	for (; c->seen[j].url; j = (j + 1) & (c->seen_cap - 1)) {
		if (c->seen[j].hash == h && strlen(c->seen[j].url) == p->url.len &&
		    memcmp(c->seen[j].url, p->url.p, p->url.len) == 0) {
			char where[64];
			snprintf(where, sizeof where, ":%lu)", c->seen[j].line);
			struct buf m = BUF_INIT;
			buf_adds(&m, "duplicate URL ");
			buf_add(&m, p->url.p, p->url.len);
			buf_adds(&m, " (first at ");
			buf_adds(&m, c->seen[j].file);
			buf_adds(&m, where);
			warn(c, p->line, "%s", m.p);
			buf_free(&m);
			return;
		}
	}
	c->seen[j].hash = h;
	c->seen[j].url = xmemdup(p->url.p ? p->url.p : "", p->url.len);
	c->seen[j].file = xstrdup(buf_cstr(&c->file));
	c->seen[j].line = p->line;
	c->seen_count++;
}

/* ---- topics ---- */

/* Rules 1-2 for an item whose first paragraph has been read. */
static const struct buf *item_topic(struct item *it)
{
	if (it->topic_done)
		return &it->topic;
	it->topic_done = 1;
	buf_reset(&it->topic);
	if (it->para_state == 0)
		return &it->topic;
	if (it->lead_strong) {
		fold(&it->topic, it->strong.p ? it->strong.p : "", it->strong.len);
		drop_trailing_marks(&it->topic);
		if (it->topic.len)
			return &it->topic;
	}
	first_line(&it->topic, &it->before);
	drop_trailing_marks(&it->topic);
	return &it->topic;
}

/* The topic rules of SPEC §1; the result is borrowed from c or p. */
static const struct buf *choose_topic(struct catalogue *c, const struct pending *p)
{
	if (p->item >= 0) {
		const struct buf *t = item_topic(&c->items[p->item]);
		if (t->len)
			return t;
		if (p->item > 0) {
			struct item *parent = &c->items[p->item - 1];
			t = item_topic(parent);
			if (t->len)
				return t;
			if (parent->seen_link && parent->first_title.len)
				return &parent->first_title;
		}
	}
	if (p->cell > 0) {
		fold(&c->scratch, c->first_cell.p ? c->first_cell.p : "", c->first_cell.len);
		if (c->scratch.len)
			return &c->scratch;
	}
	return &p->title;
}

/* The desc: text after the link to the end of its line, kept only when it
 * starts with a dash or colon, which is dropped with the spaces around it. */
static void choose_desc(struct buf *out, const struct buf *raw)
{
	static const char *const marks[] = {"-", "\xe2\x80\x93", "\xe2\x80\x94", ":", "\xef\xbc\x9a"};
	fold(out, raw->p ? raw->p : "", raw->len);
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t n = strlen(marks[i]);
		if (out->len >= n && memcmp(out->p, marks[i], n) == 0) {
			size_t skip = n;
			while (skip < out->len && out->p[skip] == ' ')
				skip++;
			memmove(out->p, out->p + skip, out->len - skip);
			out->len -= skip;
			out->p[out->len] = '\0';
			return;
		}
	}
	buf_reset(out);
}

/* ---- records ---- */

static struct text as_text(const struct buf *b)
{
	struct text t = {b->p ? b->p : "", b->len};
	return t;
}

static void quote_headings(struct catalogue *c)
{
	if (c->heading_texts_cap < c->nheadings) {
		c->heading_texts_cap = c->nheadings * 2;
		c->heading_texts = xrealloc(c->heading_texts,
					    (size_t)c->heading_texts_cap * sizeof *c->heading_texts);
	}
	for (int i = 0; i < c->nheadings; i++)
		c->heading_texts[i] = as_text(&c->headings[i].text);
	buf_reset(&c->section_json);
	if (c->nheadings)
		json_quote(&c->section_json, c->heading_texts[c->nheadings - 1].p,
			   c->heading_texts[c->nheadings - 1].len);
	else
		buf_adds(&c->section_json, "\"\"");
	buf_reset(&c->headings_json);
	json_quote_array(&c->headings_json, c->heading_texts, (size_t)c->nheadings);
	c->headings_changed = 0;
}

static void emit(struct catalogue *c, struct pending *p)
{
	struct buf *desc = &c->scratch2;
	if (!p->keep)
		return;
	if (p->item >= 0)
		c->items[p->item].links++;
	if (c->opt.check) {
		if (p->title.len == 0 && !p->has_image)
			warn(c, p->line, "link with empty text");
		if (p->url.len == 0)
			warn(c, p->line, "link with empty destination");
		check_duplicate(c, p);
	}
	if (c->nheadings)
		c->headings[c->nheadings - 1].records++;
	if (c->opt.check)
		return;
	const struct buf *topic = choose_topic(c, p);
	choose_desc(desc, &p->desc);
	if (c->headings_changed)
		quote_headings(c);
	struct record r = {
		.n = ++c->n,
		.topic = as_text(topic),
		.title = as_text(&p->title),
		.url = as_text(&p->url),
		.desc = as_text(desc),
		.headings = c->heading_texts,
		.nheadings = (size_t)c->nheadings,
		.file = as_text(&c->file),
		.line = p->line,
		.section_json = as_text(&c->section_json),
		.headings_json = as_text(&c->headings_json),
		.file_json = as_text(&c->file_json),
	};
	if (c->nheadings)
		r.section = c->heading_texts[c->nheadings - 1];
	else
		r.section = (struct text){"", 0};
	c->on_record(&r, c->userdata);
}

static struct pending *new_pending(struct catalogue *c)
{
	if (c->npending == c->pending_cap) {
		int cap = c->pending_cap ? c->pending_cap * 2 : 8;
		c->pending = xrealloc(c->pending, (size_t)cap * sizeof *c->pending);
		memset(c->pending + c->pending_cap, 0, (size_t)(cap - c->pending_cap) * sizeof *c->pending);
		c->pending_cap = cap;
	}
	struct pending *p = &c->pending[c->npending++];
	buf_reset(&p->title);
	buf_reset(&p->url);
	buf_reset(&p->desc);
	p->desc_open = p->keep = p->has_image = p->is_image = p->first_of_item = 0;
	p->item = c->nitems - 1;
	p->cell = c->cell;
	p->line = 0;
	p->line_known = 0;
	p->search_from = c->last_text_end;
	return p;
}

/* ---- leaves ---- */

static void end_descs(struct catalogue *c)
{
	for (int i = 0; i < c->npending; i++)
		c->pending[i].desc_open = 0;
}

/* Close the innermost section: a section is empty when neither it nor its
 * subsections held a record, so its count goes to its parent. */
static void pop_heading(struct catalogue *c)
{
	struct heading *h = &c->headings[--c->nheadings];
	if (h->records == 0)
		warn(c, h->line, "empty section '%s'", buf_cstr(&h->text));
	else if (c->nheadings)
		c->headings[c->nheadings - 1].records += h->records;
}

static void heading_done(struct catalogue *c)
{
	struct buf text = BUF_INIT;
	fold(&text, c->heading_text.p ? c->heading_text.p : "", c->heading_text.len);
	while (c->nheadings && c->headings[c->nheadings - 1].level >= c->heading_level)
		pop_heading(c);
	if (c->nheadings == c->headings_cap) {
		int cap = c->headings_cap ? c->headings_cap * 2 : 8;
		c->headings = xrealloc(c->headings, (size_t)cap * sizeof *c->headings);
		memset(c->headings + c->headings_cap, 0, (size_t)(cap - c->headings_cap) * sizeof *c->headings);
		c->headings_cap = cap;
	}
	struct heading *h = &c->headings[c->nheadings++];
	c->headings_changed = 1;
	h->level = c->heading_level;
	buf_reset(&h->text);
	buf_add(&h->text, text.p, text.len);
	h->line = c->heading_line;
	h->records = 0;
	buf_free(&text);
}

static void leaf_begin(struct catalogue *c, enum leaf_kind kind)
{
	c->leaf = kind;
	c->capture = -1;
	MD_BLOCKTYPE parent = c->depth >= 2 ? c->blocks[c->depth - 2] : MD_BLOCK_DOC;
	if (kind == LEAF_PARA && c->blocks[c->depth - 1] == MD_BLOCK_LI)
		parent = MD_BLOCK_LI; /* a tight item's text: the item is the leaf */
	if (kind == LEAF_PARA && parent == MD_BLOCK_LI && c->nitems &&
	    c->items[c->nitems - 1].para_state == 0) {
		c->capture = c->nitems - 1;
		c->items[c->capture].para_state = 1;
		c->awaiting_first = 1;
	}
	if (kind == LEAF_HEADING) {
		buf_reset(&c->heading_text);
		c->heading_line = 0;
	}
	if (kind == LEAF_CELL && c->cell == 0)
		buf_reset(&c->first_cell);
}

static void leaf_end(struct catalogue *c)
{
	if (c->leaf == LEAF_NONE)
		return;
	end_descs(c);
	if (c->link >= 0) {
		/* md4c 0.4.8 never closes a bare URL that ends a table cell, and
		 * takes the cell's '|' into it: close it with its leaf, without
		 * the pipe. */
		struct pending *p = &c->pending[c->link];
		if (p->url.len && p->url.p[p->url.len - 1] == '|')
			p->url.p[--p->url.len] = '\0';
		close_link(c);
		p->desc_open = 0;
	}
	c->ignored_links = 0;
	if (c->capture >= 0) {
		c->items[c->capture].para_state = 2;
		c->items[c->capture].in_lead_strong = 0;
		c->capture = -1;
	}
	if (c->leaf == LEAF_HEADING)
		heading_done(c);
	for (int i = 0; i < c->npending; i++)
		emit(c, &c->pending[i]);
	c->npending = 0;
	c->leaf = LEAF_NONE;
}

/* Inline content directly in a list item (a tight list) opens a leaf. */
static void ensure_leaf(struct catalogue *c)
{
	if (c->leaf == LEAF_NONE && c->depth && c->blocks[c->depth - 1] == MD_BLOCK_LI)
		leaf_begin(c, LEAF_PARA);
}

/* ---- text routing ---- */

static void route_text(struct catalogue *c, const char *s, size_t len)
{
	if (c->image_depth) {
		if (c->image >= 0)
			buf_add(&c->pending[c->image].title, s, len);
		return;
	}
	if (c->link >= 0)
		buf_add(&c->pending[c->link].title, s, len);
	for (int i = 0; i < c->npending; i++)
		if (c->pending[i].desc_open)
			buf_add(&c->pending[i].desc, s, len);
	if (c->leaf == LEAF_HEADING)
		buf_add(&c->heading_text, s, len);
	if (c->leaf == LEAF_CELL && c->cell == 0)
		buf_add(&c->first_cell, s, len);
	if (c->capture >= 0) {
		struct item *it = &c->items[c->capture];
		c->awaiting_first = 0;
		if (!it->seen_link)
			buf_add(&it->before, s, len);
		if (it->in_lead_strong)
			buf_add(&it->strong, s, len);
	}
}

static void route_break(struct catalogue *c)
{
	end_descs(c);
	route_text(c, "\n", 1);
}

static int is_br_tag(const char *s, size_t len)
{
	if (len < 4 || s[0] != '<' || (s[1] | 0x20) != 'b' || (s[2] | 0x20) != 'r')
		return 0;
	size_t i = 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i < len && s[i] == '/')
		i++;
	return i + 1 == len && s[i] == '>';
}

static void note_position(struct catalogue *c, const char *s, size_t len)
{
	if (!in_doc(c, s))
		return;
	size_t off = (size_t)(s - c->doc);
	c->last_text_end = off + len;
	int open = c->image >= 0 ? c->image : c->link;
	if (open >= 0 && !c->pending[open].line_known) {
		c->pending[open].line = line_at(c, off);
		c->pending[open].line_known = 1;
	}
	if (c->leaf == LEAF_HEADING && !c->heading_line)
		c->heading_line = line_at(c, off);
	if (c->capture >= 0 && !c->items[c->capture].line)
		c->items[c->capture].line = line_at(c, off);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
	struct catalogue *c = userdata;
	MD_BLOCKTYPE block = c->depth ? c->blocks[c->depth - 1] : MD_BLOCK_DOC;
	if (block == MD_BLOCK_CODE || block == MD_BLOCK_HTML)
		return 0;
	note_position(c, s, size);
	ensure_leaf(c);
	switch (type) {
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		route_break(c);
		break;
	case MD_TEXT_HTML:
		if (is_br_tag(s, size))
			route_break(c);
		break;
	case MD_TEXT_ENTITY:
		buf_reset(&c->scratch);
		entity_decode(&c->scratch, s, size);
		route_text(c, c->scratch.p, c->scratch.len);
		break;
	case MD_TEXT_NULLCHAR:
		route_text(c, UTF8_REPLACEMENT, 3);
		break;
	case MD_TEXT_CODE:
		/* A line end inside a code span is a space, not a line break. */
		if (size == 1 && s[0] == '\n')
			route_text(c, " ", 1);
		else
			route_text(c, s, size);
		break;
	default:
		route_text(c, s, size);
		break;
	}
	return 0;
}

/* ---- spans ---- */

static void attribute_text(struct buf *dst, const MD_ATTRIBUTE *a)
{
	buf_reset(dst);
	for (unsigned i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			entity_decode(dst, s, n);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_add(dst, UTF8_REPLACEMENT, 3);
		else
			buf_add(dst, s, n);
	}
	buf_cstr(dst);
}

static int excluded_destination(const struct buf *url)
{
	if (url->len && url->p[0] == '#')
		return 1;
	return url->len >= 7 && (url->p[0] | 0x20) == 'm' && strncasecmp(url->p, "mailto:", 7) == 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	ensure_leaf(c);
	int first_inline = c->capture >= 0 && c->awaiting_first;
	if (c->capture >= 0)
		c->awaiting_first = 0;
	switch (type) {
	case MD_SPAN_A: {
		if (c->link >= 0 || c->image_depth) {
			c->ignored_links++;
			break;
		}
		struct pending *p = new_pending(c);
		attribute_text(&p->url, &((MD_SPAN_A_DETAIL *)detail)->href);
		c->link = c->npending - 1;
		if (c->capture >= 0 && !c->items[c->capture].seen_link) {
			c->items[c->capture].seen_link = 1;
			p->first_of_item = 1;
		}
		break;
	}
	case MD_SPAN_IMG:
		if (c->link >= 0)
			c->pending[c->link].has_image = 1;
		if (c->opt.all && c->image_depth == 0) {
			struct pending *p = new_pending(c);
			attribute_text(&p->url, &((MD_SPAN_IMG_DETAIL *)detail)->src);
			p->is_image = 1;
			p->keep = 1;
			c->image = c->npending - 1;
		}
		c->image_depth++;
		break;
	case MD_SPAN_STRONG:
		c->strong_depth++;
		if (first_inline) {
			struct item *it = &c->items[c->capture];
			it->lead_strong = it->in_lead_strong = 1;
			c->lead_strong_depth = c->strong_depth;
		}
		break;
	default:
		break;
	}
	return 0;
}

static void finish_title(struct catalogue *c, struct pending *p)
{
	fold(&c->scratch, p->title.p ? p->title.p : "", p->title.len);
	struct buf folded = c->scratch;
	c->scratch = p->title;
	p->title = folded;
}

static void close_link(struct catalogue *c)
{
	struct pending *p = &c->pending[c->link];
	c->link = -1;
	finish_title(c, p);
	if (!p->line_known)
		p->line = line_by_search(c, p->search_from, "[<");
	p->keep = c->opt.all ||
		  !(excluded_destination(&p->url) || (p->has_image && p->title.len == 0));
	if (p->first_of_item) {
		struct item *it = &c->items[c->capture >= 0 ? c->capture : p->item];
		buf_reset(&it->first_title);
		buf_add(&it->first_title, p->title.p ? p->title.p : "", p->title.len);
	}
	p->desc_open = 1;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	switch (type) {
	case MD_SPAN_A:
		if (c->ignored_links)
			c->ignored_links--;
		else if (c->link >= 0)
			close_link(c);
		break;
	case MD_SPAN_IMG:
		if (--c->image_depth == 0 && c->image >= 0) {
			struct pending *p = &c->pending[c->image];
			c->image = -1;
			finish_title(c, p);
			if (!p->line_known)
				p->line = line_by_search(c, p->search_from, "!");
			p->desc_open = 1;
		}
		break;
	case MD_SPAN_STRONG:
		if (c->capture >= 0 && c->items[c->capture].in_lead_strong &&
		    c->strong_depth == c->lead_strong_depth)
			c->items[c->capture].in_lead_strong = 0;
		c->strong_depth--;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- blocks ---- */

static void push_item(struct catalogue *c)
{
	if (c->nitems == c->items_cap) {
		int cap = c->items_cap ? c->items_cap * 2 : 8;
		c->items = xrealloc(c->items, (size_t)cap * sizeof *c->items);
		memset(c->items + c->items_cap, 0, (size_t)(cap - c->items_cap) * sizeof *c->items);
		c->items_cap = cap;
	}
	struct item *it = &c->items[c->nitems++];
	it->para_state = it->lead_strong = it->in_lead_strong = it->seen_link = 0;
	it->topic_done = 0;
	buf_reset(&it->strong);
	buf_reset(&it->before);
	buf_reset(&it->first_title);
	buf_reset(&it->topic);
	it->links = 0;
	it->line = 0;
}

static void pop_item(struct catalogue *c)
{
	struct item *it = &c->items[--c->nitems];
	if (c->opt.check && it->links == 0 && it->para_state) {
		const struct buf *t = item_topic(it);
		if (t->len)
			warn(c, it->line, "item without a link '%s'", t->p);
	}
	if (c->nitems)
		c->items[c->nitems - 1].links += it->links;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	/* A block inside a tight item ends the item's text. */
	if (c->leaf != LEAF_NONE)
		leaf_end(c);
	if (c->depth == c->blocks_cap) {
		c->blocks_cap = c->blocks_cap ? c->blocks_cap * 2 : 64;
		c->blocks = xrealloc(c->blocks, c->blocks_cap * sizeof *c->blocks);
	}
	c->blocks[c->depth++] = type;
	switch (type) {
	case MD_BLOCK_LI:
		push_item(c);
		break;
	case MD_BLOCK_P:
		leaf_begin(c, LEAF_PARA);
		break;
	case MD_BLOCK_H:
		c->heading_level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		leaf_begin(c, LEAF_HEADING);
		break;
	case MD_BLOCK_TR:
		c->cell = -1;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		c->cell++;
		leaf_begin(c, LEAF_CELL);
		break;
	default:
		break;
	}
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	leaf_end(c);
	c->depth--;
	if (type == MD_BLOCK_LI)
		pop_item(c);
	else if (type == MD_BLOCK_TABLE)
		c->cell = -1;
	return 0;
}

/* ---- the document ---- */

struct catalogue *catalogue_new(const struct catalogue_options *options,
				catalogue_record_fn on_record,
				catalogue_warning_fn on_warning, void *userdata)
{
	struct catalogue *c = xcalloc(1, sizeof *c);
	c->opt = *options;
	c->on_record = on_record;
	c->on_warning = on_warning;
	c->userdata = userdata;
	return c;
}

void catalogue_free(struct catalogue *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->items_cap; i++) {
		buf_free(&c->items[i].strong);
		buf_free(&c->items[i].before);
		buf_free(&c->items[i].first_title);
		buf_free(&c->items[i].topic);
	}
	for (int i = 0; i < c->headings_cap; i++)
		buf_free(&c->headings[i].text);
	for (int i = 0; i < c->pending_cap; i++) {
		buf_free(&c->pending[i].title);
		buf_free(&c->pending[i].url);
		buf_free(&c->pending[i].desc);
	}
	for (size_t i = 0; i < c->seen_cap; i++) {
		free(c->seen[i].url);
		free(c->seen[i].file);
	}
	free(c->seen);
	free(c->warnings);
	free(c->items);
	free(c->headings);
	free(c->heading_texts);
	free(c->pending);
	free(c->blocks);
	buf_free(&c->heading_text);
	buf_free(&c->first_cell);
	buf_free(&c->scratch);
	buf_free(&c->scratch2);
	buf_free(&c->file);
	buf_free(&c->section_json);
	buf_free(&c->headings_json);
	buf_free(&c->file_json);
	free(c);
}

int catalogue_parse(struct catalogue *c, const char *text, size_t len, const char *file)
{
	if (len > (MD_SIZE)-1)
		return -1; /* md4c counts in 32 bits */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3, len -= 3;
	/* md4c passes invalid UTF-8 through and reports NUL apart; repairing the
	 * document first (NUL to U+FFFD, as CommonMark says) keeps every text
	 * we take from it valid.  The copy is made only when needed. */
	struct buf repaired = BUF_INIT;
	/* utf8_valid is the vectorised validator. */
	if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
		utf8_repair(&repaired, text, len, 1);
		text = repaired.p;
		len = repaired.len;
	}
	buf_reset(&c->file);
	utf8_repair(&c->file, file, strlen(file), 1);
	c->doc = text;
	c->size = len;
	c->lone_cr = 0;
	for (const char *p = text; (p = memchr(p, '\r', (size_t)(text + len - p))); p++)
		if (p + 1 >= text + len || p[1] != '\n') {
			c->lone_cr = 1;
			break;
		}
	c->cursor_off = 0;
	c->cursor_line = 1;
	c->last_text_end = 0;
	c->depth = 0;
	c->nitems = 0;
	c->nheadings = 0;
	c->headings_changed = 1;
	buf_reset(&c->file_json);
	json_quote(&c->file_json, c->file.p, c->file.len);
	c->npending = 0;
	c->leaf = LEAF_NONE;
	c->capture = -1;
	c->cell = -1;
	c->link = c->image = -1;
	c->ignored_links = c->image_depth = c->strong_depth = 0;

	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB,
		.enter_block = on_enter_block,
		.leave_block = on_leave_block,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	int rc = md_parse(text, (MD_SIZE)len, &parser, c);
	leaf_end(c);
	while (c->nheadings)
		pop_heading(c);
	if (c->opt.check)
		flush_warnings(c);
	buf_free(&repaired);
	return rc == 0 ? 0 : -1;
}
