#include "catalogue.h"

#include <md4c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catcheck.h"
#include "entity.h"
#include "labels.h"
#include "set.h"
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

/* A list item's first paragraph (SPEC §1): its first block, when that is
 * a paragraph or a tight item's text. */
enum first_para { FIRST_NOT_YET, FIRST_READING, FIRST_READ, FIRST_NONE };

/* A list item: what the topic and question rules need to know of it. */
struct item {
	enum first_para first;
	int lead_strong;   /* first paragraph began with strong emphasis */
	int in_lead_strong;
	int seen_link;     /* the first paragraph has had a link */
	int topic_done;
	struct buf strong, before, first_title;
	struct buf topic;     /* rules 1-2: the first usable text, or "" */
	struct buf topic_any; /* rules 1-2: the first non-empty text, for (e) */
	unsigned long records; /* link records in it, nested items included */
	unsigned long links;   /* links of any kind in it, nested included */
	unsigned long line;
	long question;         /* held question record of its first paragraph, or -1 */
};

struct heading {
	int level;
	struct buf text;  /* without the titles of '#' links */
	struct buf label; /* the fallback (d): generic links' titles left out too */
	unsigned long line;
	unsigned long records;      /* records of any kind in it and below */
	unsigned long link_records; /* records that are not questions */
	long question;              /* its held question record, or -1 */
};

struct pending {
	struct buf title, url, desc;
	int keep, has_image, is_image;
	int first_of_item; /* the first link of its item's first paragraph */
	int item;      /* innermost list item at the link, or -1 */
	int cell;      /* table cell index, or -1 */
	int prev;      /* the link just before in its paragraph or cell, no line
			* break between (fallback (c)), or -1 */
	int item_para; /* in a list item's paragraph */
	unsigned long line;
	int line_known;
	size_t search_from;
	size_t heading_mark; /* heading label length when the link opened */
};

enum leaf_kind { LEAF_NONE, LEAF_PARA, LEAF_HEADING, LEAF_CELL };

/* A record that waits for a question ahead of it to be decided: records go
 * out in document order, and whether a heading or an item's paragraph is a
 * question record is known only when its section or item ends. */
struct held {
	int decided, wanted, question;
	struct buf topic, title, url, desc, section, section_json, headings_json;
	unsigned long line;
};

struct catalogue {
	struct catalogue_options opt;
	catalogue_record_fn on_record;
	catalogue_warning_fn on_warning;
	void *userdata;
	unsigned long long n;
	struct catcheck *check; /* NULL unless opt.check */

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

	/* the leaf block */
	enum leaf_kind leaf;
	int capture;        /* item whose first paragraph this leaf is, or -1 */
	int awaiting_first; /* capture: no inline content seen yet */
	int heading_level;
	struct buf heading_text, heading_label;
	int heading_skip;   /* inside a '#' link of a heading */
	unsigned long heading_line, leaf_line;
	int cell;           /* index of the current table cell, -1 outside */
	struct buf cell_text, row_topic;
	int row_topic_set;
	struct buf leaf_text; /* the leaf's text while it has no link */
	unsigned long leaf_links;
	int last_link;      /* pending index of the leaf's last link, or -1 */
	int break_since_link;

	/* links */
	struct pending *pending;
	int npending, pending_cap;
	int link;           /* pending index of the open link, or -1 */
	int image;          /* pending index of the open image record, or -1 */
	int desc_of;        /* pending index whose desc is being read, or -1 */
	int ignored_links;  /* nested link enters we refused, still open */
	int image_depth, strong_depth, lead_strong_depth;
	int in_bare_url;    /* routing a bare URL md4c left as text */

	struct held *held;
	size_t held_head, held_count, held_cap;
	long held_base;     /* the number of the held[held_head] record */

	struct buf scratch, scratch2, scratch3;
};

static void close_link(struct catalogue *c);

/* ---- text helpers ---- */

static void fold(struct buf *dst, const char *s, size_t len)
{
	utf8_fold_white(dst, s ? s : "", len);
}

/* The folded text of s up to its first line break. */
static void first_line(struct buf *dst, const struct buf *s)
{
	const char *nl = s->len ? memchr(s->p, '\n', s->len) : NULL;
	fold(dst, s->p, nl ? (size_t)(nl - s->p) : s->len);
}

static int usable(const struct buf *b)
{
	return b->len && !label_is_generic(b->p, b->len);
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

/* ---- topics ---- */

/* Rules 1-2 for an item whose first paragraph has been read. */
static const struct buf *item_topic(struct item *it)
{
	if (it->topic_done)
		return &it->topic;
	it->topic_done = 1;
	buf_reset(&it->topic);
	buf_reset(&it->topic_any);
	if (it->first != FIRST_READ && it->first != FIRST_READING)
		return &it->topic;
	if (it->lead_strong) {
		fold(&it->topic, it->strong.p, it->strong.len);
		label_clean_rule_text(&it->topic);
		if (it->topic.len)
			buf_add(&it->topic_any, it->topic.p, it->topic.len);
		if (usable(&it->topic))
			return &it->topic;
	}
	first_line(&it->topic, &it->before);
	label_clean_rule_text(&it->topic);
	if (!it->topic_any.len)
		buf_add(&it->topic_any, it->topic.p ? it->topic.p : "", it->topic.len);
	if (!usable(&it->topic))
		buf_reset(&it->topic);
	return &it->topic;
}

/* Rule 3 for the item above item i: its rules 1-2 topic, or else the title
 * of its first link; NULL when there is none. */
static const struct buf *parent_topic(struct catalogue *c, int i)
{
	if (i <= 0)
		return NULL;
	struct item *parent = &c->items[i - 1];
	const struct buf *t = item_topic(parent);
	if (t->len)
		return t;
	if (parent->seen_link && parent->first_title.len)
		return &parent->first_title;
	return NULL;
}

/* The topic rules of SPEC §1 with the generic-label fallback; the result
 * is borrowed from c or p. */
static const struct buf *choose_topic(struct catalogue *c, const struct pending *p)
{
	const struct buf *first = NULL; /* first non-empty text of rules 1-5 */
	const struct buf *t;
	if (p->item >= 0) {
		struct item *it = &c->items[p->item];
		t = item_topic(it);
		if (t->len)
			return t;
		if (it->topic_any.len)
			first = &it->topic_any;
		t = parent_topic(c, p->item);
		if (t && usable(t))
			return t;
		if (t && t->len && !first)
			first = t;
	}
	if (p->cell > 0 && c->row_topic_set) {
		if (usable(&c->row_topic))
			return &c->row_topic;
		if (!first && c->row_topic.len)
			first = &c->row_topic;
	}
	if (usable(&p->title))
		return &p->title;
	if (!first && p->title.len)
		first = &p->title;
	/* (a) and (b) are rules 3 and 5 again; (c): */
	if ((p->item_para || p->cell >= 0) && p->prev >= 0 && usable(&c->pending[p->prev].title))
		return &c->pending[p->prev].title;
	if (c->nheadings && usable(&c->headings[c->nheadings - 1].label))
		return &c->headings[c->nheadings - 1].label;
	if (first)
		return first;
	return &p->title;
}

/* The desc: text after the link to the end of its line or the next link,
 * kept when it starts with a dash or colon (dropped with the spaces
 * around it) or with the word "by" (kept). */
static void choose_desc(struct buf *out, const struct buf *raw)
{
	static const char *const marks[] = {"-", "\xe2\x80\x93", "\xe2\x80\x94", ":", "\xef\xbc\x9a"};
	fold(out, raw->p, raw->len);
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
	if (out->len >= 3 && memcmp(out->p, "by ", 3) == 0)
		return;
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

static void write_record(struct catalogue *c, struct text topic, struct text title,
			 struct text url, struct text desc, struct text section, struct text section_json,
			 struct text headings_json, unsigned long line)
{
	struct record r = {
		.n = ++c->n,
		.topic = topic,
		.title = title,
		.url = url,
		.desc = desc,
		.section = section,
		.file = as_text(&c->file),
		.line = line,
		.section_json = section_json,
		.headings_json = headings_json,
		.file_json = as_text(&c->file_json),
	};
	c->on_record(&r, c->userdata);
}

static void flush_held(struct catalogue *c)
{
	while (c->held_count && c->held[c->held_head].decided) {
		struct held *h = &c->held[c->held_head];
		if (h->wanted && !c->check)
			write_record(c, as_text(&h->topic), as_text(&h->title), as_text(&h->url),
				     as_text(&h->desc), as_text(&h->section), as_text(&h->section_json),
				     as_text(&h->headings_json), h->line);
		c->held_head = (c->held_head + 1) % c->held_cap;
		c->held_count--;
		c->held_base++;
	}
}

/* Hold a record; returns its number for hold_decide. */
static long hold(struct catalogue *c, int decided, const struct buf *topic,
		 const struct buf *title, const struct buf *url, const struct buf *desc,
		 const struct buf *section_json, const struct buf *headings_json,
		 unsigned long line)
{
	if (c->held_count == c->held_cap) {
		size_t cap = c->held_cap ? c->held_cap * 2 : 16;
		struct held *t = xcalloc(cap, sizeof *t);
		/* every slot moves, in queue order, buffers and all */
		for (size_t i = 0; i < c->held_cap; i++)
			t[i] = c->held[(c->held_head + i) % c->held_cap];
		free(c->held);
		c->held = t;
		c->held_head = 0;
		c->held_cap = cap;
	}
	struct held *h = &c->held[(c->held_head + c->held_count++) % c->held_cap];
	h->decided = decided;
	h->wanted = 1;
	h->line = line;
#define COPY(f) buf_reset(&h->f); buf_add(&h->f, f->p ? f->p : "", f->len)
	COPY(topic);
	COPY(title);
	COPY(url);
	COPY(desc);
	COPY(section_json);
	buf_reset(&h->section);
	if (c->nheadings)
		buf_add(&h->section, c->headings[c->nheadings - 1].text.p, c->headings[c->nheadings - 1].text.len);
	COPY(headings_json);
#undef COPY
	return c->held_base + (long)c->held_count - 1;
}

static void hold_decide(struct catalogue *c, long number, int wanted)
{
	struct held *h = &c->held[(c->held_head + (size_t)(number - c->held_base)) % c->held_cap];
	h->decided = 1;
	h->wanted = wanted;
	flush_held(c);
}

/* A record goes out at once unless an undecided question is ahead of it. */
static void put_record(struct catalogue *c, const struct buf *topic, const struct buf *title,
		       const struct buf *url, const struct buf *desc, unsigned long line)
{
	if (c->headings_changed)
		quote_headings(c);
	if (c->held_count) {
		hold(c, 1, topic, title, url, desc, &c->section_json, &c->headings_json, line);
		return;
	}
	if (!c->check)
		write_record(c, as_text(topic), as_text(title), as_text(url), as_text(desc),
			     c->nheadings ? c->heading_texts[c->nheadings - 1] : (struct text){"", 0},
			     as_text(&c->section_json), as_text(&c->headings_json), line);
}

static void count_record(struct catalogue *c, int question)
{
	if (!c->nheadings)
		return;
	c->headings[c->nheadings - 1].records++;
	if (!question)
		c->headings[c->nheadings - 1].link_records++;
}

static void emit(struct catalogue *c, struct pending *p)
{
	if (!p->keep) {
		/* a table of contents is not an empty section */
		if (c->nheadings && p->url.len && p->url.p[0] == '#')
			c->headings[c->nheadings - 1].records++;
		return;
	}
	if (p->item >= 0)
		c->items[p->item].records++;
	count_record(c, 0);
	if (c->check) {
		catcheck_link(c->check, p->line, p->url.p, p->url.len, p->title.len != 0,
			      p->has_image);
		return;
	}
	const struct buf *topic = choose_topic(c, p);
	choose_desc(&c->scratch2, &p->desc);
	put_record(c, topic, &p->title, &p->url, &c->scratch2, p->line);
}

/* A question record for a leaf of text title: decided now, or held until
 * its item or section ends (returns its number then, else -1). */
static long question(struct catalogue *c, const struct buf *title, unsigned long line,
		     int undecided)
{
	static const struct buf empty = BUF_INIT;
	if (c->headings_changed)
		quote_headings(c);
	if (undecided)
		return hold(c, 0, title, title, &empty, &empty, &c->section_json,
			    &c->headings_json, line);
	count_record(c, 1);
	put_record(c, title, title, &empty, &empty, line);
	return -1;
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
	p->keep = p->has_image = p->is_image = p->first_of_item = 0;
	p->item = c->nitems - 1;
	p->cell = c->cell;
	p->prev = -1;
	p->item_para = c->leaf == LEAF_PARA && c->nitems > 0;
	p->line = 0;
	p->line_known = 0;
	p->search_from = c->last_text_end;
	p->heading_mark = c->heading_label.len;
	if (c->desc_of >= 0)
		c->desc_of = -1; /* a desc ends at the next link */
	return p;
}

/* ---- leaves ---- */

/* Close the innermost section: a section is empty when neither it nor its
 * subsections held a record, so its count goes to its parent.  A heading
 * that is a question becomes a record when no link record lies below it. */
static void pop_heading(struct catalogue *c)
{
	struct heading *h = &c->headings[--c->nheadings];
	c->headings_changed = 1;
	int is_question = h->question >= 0 && h->link_records == 0;
	if (h->question >= 0)
		hold_decide(c, h->question, is_question);
	if (c->check && h->records == 0 && !is_question)
		catcheck_empty_section(c->check, h->line, h->text.p);
	if (c->nheadings) {
		c->headings[c->nheadings - 1].records += h->records + (unsigned long)is_question;
		c->headings[c->nheadings - 1].link_records += h->link_records;
	}
}

static void heading_done(struct catalogue *c)
{
	struct buf text = BUF_INIT;
	fold(&text, c->heading_text.p, c->heading_text.len);
	while (c->nheadings && c->headings[c->nheadings - 1].level >= c->heading_level)
		pop_heading(c);
	long q = -1;
	if (!c->opt.links && c->leaf_links == 0 && label_ends_question(text.p ? text.p : "", text.len))
		q = question(c, &text, c->heading_line, 1);
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
	buf_add(&h->text, text.p ? text.p : "", text.len);
	label_drop_empty_brackets(&c->heading_label);
	fold(&h->label, c->heading_label.p, c->heading_label.len);
	label_drop_trailing_marks(&h->label);
	h->line = c->heading_line;
	h->records = h->link_records = 0;
	h->question = q;
	buf_free(&text);
}

static void leaf_begin(struct catalogue *c, enum leaf_kind kind)
{
	c->leaf = kind;
	c->capture = -1;
	c->leaf_links = 0;
	c->leaf_line = 0;
	c->last_link = -1;
	c->break_since_link = 0;
	c->desc_of = -1;
	buf_reset(&c->leaf_text);
	MD_BLOCKTYPE parent = c->depth >= 2 ? c->blocks[c->depth - 2] : MD_BLOCK_DOC;
	if (kind == LEAF_PARA && c->blocks[c->depth - 1] == MD_BLOCK_LI)
		parent = MD_BLOCK_LI; /* a tight item's text: the item is the leaf */
	if (kind == LEAF_PARA && parent == MD_BLOCK_LI && c->nitems &&
	    c->items[c->nitems - 1].first == FIRST_NOT_YET) {
		c->capture = c->nitems - 1;
		c->items[c->capture].first = FIRST_READING;
		c->awaiting_first = 1;
	}
	if (kind == LEAF_HEADING) {
		buf_reset(&c->heading_text);
		buf_reset(&c->heading_label);
		c->heading_skip = 0;
		c->heading_line = 0;
	}
	if (kind == LEAF_CELL)
		buf_reset(&c->cell_text);
}

static void para_question(struct catalogue *c)
{
	if (c->opt.links || c->leaf_links)
		return;
	fold(&c->scratch3, c->leaf_text.p, c->leaf_text.len);
	if (!label_ends_question(c->scratch3.p ? c->scratch3.p : "", c->scratch3.len))
		return;
	if (c->capture >= 0)
		c->items[c->capture].question = question(c, &c->scratch3, c->leaf_line, 1);
	else
		question(c, &c->scratch3, c->leaf_line, 0);
}

static void leaf_end(struct catalogue *c)
{
	if (c->leaf == LEAF_NONE)
		return;
	c->desc_of = -1;
	if (c->link >= 0) {
		/* md4c 0.4.8 never closes a bare URL that ends a table cell, and
		 * takes the cell's '|' into it: close it with its leaf, without
		 * the pipe. */
		struct pending *p = &c->pending[c->link];
		if (p->url.len && p->url.p[p->url.len - 1] == '|')
			p->url.p[--p->url.len] = '\0';
		close_link(c);
		c->desc_of = -1;
	}
	c->ignored_links = 0;
	if (c->leaf == LEAF_HEADING)
		heading_done(c);
	for (int i = 0; i < c->npending; i++)
		emit(c, &c->pending[i]);
	c->npending = 0;
	if (c->leaf == LEAF_PARA)
		para_question(c);
	if (c->capture >= 0) {
		c->items[c->capture].first = FIRST_READ;
		c->items[c->capture].in_lead_strong = 0;
		c->capture = -1;
	}
	if (c->leaf == LEAF_CELL && !c->row_topic_set) {
		fold(&c->row_topic, c->cell_text.p, c->cell_text.len);
		if (label_has_letter(c->row_topic.p, c->row_topic.len) &&
		    !label_is_index(c->row_topic.p, c->row_topic.len))
			c->row_topic_set = 1;
	}
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
	else if (c->desc_of >= 0)
		buf_add(&c->pending[c->desc_of].desc, s, len);
	if (c->leaf == LEAF_HEADING && !c->heading_skip) {
		buf_add(&c->heading_text, s, len);
		buf_add(&c->heading_label, s, len);
	}
	if (c->leaf == LEAF_CELL)
		buf_add(&c->cell_text, s, len);
	if (c->leaf == LEAF_PARA && !c->leaf_links)
		buf_add(&c->leaf_text, s, len);
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
	c->desc_of = -1;
	c->break_since_link = 1;
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

static int is_img_tag(const char *s, size_t len)
{
	return len >= 5 && s[0] == '<' && strncasecmp(s + 1, "img", 3) == 0 &&
	       (s[4] == ' ' || s[4] == '\t' || s[4] == '\n' || s[4] == '\r' || s[4] == '/' ||
		s[4] == '>');
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
	if (c->leaf != LEAF_NONE && !c->leaf_line)
		c->leaf_line = line_at(c, off);
	if (c->capture >= 0 && !c->items[c->capture].line)
		c->items[c->capture].line = line_at(c, off);
}

static void link_open(struct catalogue *c, const struct buf *href, const MD_ATTRIBUTE *a);
static void attribute_text(struct buf *dst, const MD_ATTRIBUTE *a);

/*
 * GitHub links an http:// or https:// URL after any character that is not
 * an ASCII letter or digit (地址：https://…); md4c 0.4.8 only after white
 * space or one of *_~([.  Where md4c left such a URL as text, md4c itself
 * says where it ends: the text from the URL up to the next white space is
 * parsed again, on its own, with a space before it, and the link md4c
 * finds there is the URL.  That parse is cut short at the next URL in the
 * text, and redone to the white space only when the link reaches the cut,
 * so each byte is parsed a bounded number of times: linear.
 */
struct bare {
	const char *base;
	size_t end;      /* end of the link text in base, 0 if none */
	int in_link, done;
	struct buf href;
};

static int bare_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct bare *b = userdata;
	if (type == MD_SPAN_A && !b->done && !b->in_link) {
		b->in_link = 1;
		attribute_text(&b->href, &((MD_SPAN_A_DETAIL *)detail)->href);
	}
	return 0;
}

static int bare_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct bare *b = userdata;
	(void)detail;
	if (type == MD_SPAN_A && b->in_link) {
		b->in_link = 0;
		b->done = 1;
	}
	return 0;
}

static int bare_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
	struct bare *b = userdata;
	(void)type;
	if (b->in_link && !b->done)
		b->end = (size_t)(s - b->base) + size;
	return 0;
}

static int bare_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	(void)type, (void)detail, (void)userdata;
	return 0;
}

/* Length of the URL md4c finds in s[0..len) with a space before it, or 0;
 * its destination goes to href. */
static size_t bare_url(struct buf *work, struct buf *href, const char *s, size_t len)
{
	buf_reset(work);
	buf_addc(work, ' ');
	buf_add(work, s, len);
	struct bare b = {work->p, 0, 0, 0, BUF_INIT};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB,
		.enter_block = bare_block,
		.leave_block = bare_block,
		.enter_span = bare_enter_span,
		.leave_span = bare_leave_span,
		.text = bare_text,
	};
	md_parse(work->p, (MD_SIZE)work->len, &parser, &b);
	size_t n = b.done && b.end > 1 ? b.end - 1 : 0;
	buf_reset(href);
	if (n)
		buf_add(href, b.href.p ? b.href.p : "", b.href.len);
	buf_free(&b.href);
	return n;
}

static int is_ascii_alnum(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/* Where a URL md4c did not link may start in s: "http://" or "https://"
 * after a character that is not an ASCII letter or digit. */
static size_t next_bare(const char *s, size_t from, size_t len, char before)
{
	for (size_t i = from; i + 7 <= len; i++) {
		const char *h = memchr(s + i, 'h', len - i);
		if (!h)
			return len;
		i = (size_t)(h - s);
		if (i + 7 > len)
			return len;
		char prev = i ? s[i - 1] : before;
		if (is_ascii_alnum((unsigned char)prev))
			continue;
		if (memcmp(s + i, "http://", 7) == 0 || (i + 8 <= len && memcmp(s + i, "https://", 8) == 0))
			return i;
	}
	return len;
}

/* md4c tries a URL itself after white space or one of *_~([. */
static int md4c_tried_after(char ch)
{
	switch (ch) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case '*': case '_': case '~': case '(': case '[':
		return 1;
	default:
		return 0;
	}
}

static void close_link(struct catalogue *c);

static void route_normal(struct catalogue *c, const char *s, size_t len)
{
	if (c->link >= 0 || c->image_depth || !c->leaf) {
		route_text(c, s, len);
		return;
	}
	char before = in_doc(c, s) && s > c->doc ? s[-1] : ' ';
	if (md4c_tried_after(before))
		before = 'a';
	size_t at = 0, white = 0;
	while (at < len) {
		size_t start = next_bare(s, at, len, at ? 'a' : before);
		if (start == len)
			break;
		if (start > 0 && md4c_tried_after(s[start - 1])) {
			/* md4c tried this one itself */
			route_text(c, s + at, start + 1 - at);
			at = start + 1;
			continue;
		}
		if (white < start) { /* found once per run of non-white text */
			white = start;
			while (white < len && s[white] != ' ' && s[white] != '\t')
				white++;
		}
		size_t cut = next_bare(s, start + 7, white, 'a');
		size_t n = bare_url(&c->scratch3, &c->scratch, s + start, cut - start);
		if (n && n == cut - start && cut < white)
			n = bare_url(&c->scratch3, &c->scratch, s + start, white - start);
		if (!n) {
			route_text(c, s + at, start + 1 - at);
			at = start + 1;
			continue;
		}
		route_text(c, s + at, start - at);
		struct buf href = c->scratch;
		c->scratch = (struct buf)BUF_INIT;
		note_position(c, s + start, 0);
		link_open(c, &href, NULL);
		buf_free(&href);
		note_position(c, s + start, n);
		route_text(c, s + start, n);
		close_link(c);
		at = start + n;
	}
	if (at < len)
		route_text(c, s + at, len - at);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
	struct catalogue *c = userdata;
	MD_BLOCKTYPE block = c->depth ? c->blocks[c->depth - 1] : MD_BLOCK_DOC;
	if (block == MD_BLOCK_CODE || block == MD_BLOCK_HTML)
		return 0;
	ensure_leaf(c);
	note_position(c, s, size);
	switch (type) {
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		route_break(c);
		break;
	case MD_TEXT_HTML:
		if (is_br_tag(s, size))
			route_break(c);
		else if (c->link >= 0 && is_img_tag(s, size))
			c->pending[c->link].has_image = 1;
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
	case MD_TEXT_NORMAL:
		route_normal(c, s, size);
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

/* A link opens: its destination is href, or a's text when href is NULL. */
static void link_open(struct catalogue *c, const struct buf *href, const MD_ATTRIBUTE *a)
{
	struct pending *p = new_pending(c);
	if (href)
		buf_add(&p->url, href->p ? href->p : "", href->len);
	else
		attribute_text(&p->url, a);
	buf_cstr(&p->url);
	c->link = c->npending - 1;
	c->leaf_links++;
	if (p->item >= 0)
		c->items[p->item].links++;
	if (!c->break_since_link && c->last_link >= 0)
		p->prev = c->last_link;
	c->last_link = c->link;
	c->break_since_link = 0;
	if (c->leaf == LEAF_HEADING && p->url.len && p->url.p[0] == '#')
		c->heading_skip = 1;
	if (c->capture >= 0 && !c->items[c->capture].seen_link) {
		c->items[c->capture].seen_link = 1;
		p->first_of_item = 1;
	}
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	ensure_leaf(c);
	int first_inline = c->capture >= 0 && c->awaiting_first;
	if (c->capture >= 0)
		c->awaiting_first = 0;
	switch (type) {
	case MD_SPAN_A:
		if (c->link >= 0 || c->image_depth) {
			c->ignored_links++;
			break;
		}
		link_open(c, NULL, &((MD_SPAN_A_DETAIL *)detail)->href);
		break;
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
	fold(&c->scratch, p->title.p, p->title.len);
	struct buf folded = c->scratch;
	c->scratch = p->title;
	p->title = folded;
}

static void close_link(struct catalogue *c)
{
	struct pending *p = &c->pending[c->link];
	int index = c->link;
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
	if (c->leaf == LEAF_HEADING) {
		c->heading_skip = 0;
		if (label_is_generic(p->title.p ? p->title.p : "", p->title.len) &&
		    p->heading_mark <= c->heading_label.len) {
			c->heading_label.len = p->heading_mark;
			buf_cstr(&c->heading_label);
			c->heading_label.p[c->heading_label.len] = '\0';
		}
	}
	c->desc_of = index;
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
			int index = c->image;
			c->image = -1;
			finish_title(c, p);
			if (!p->line_known)
				p->line = line_by_search(c, p->search_from, "!");
			if (c->link < 0)
				c->desc_of = index;
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
	it->first = FIRST_NOT_YET;
	it->lead_strong = it->in_lead_strong = it->seen_link = 0;
	it->topic_done = 0;
	buf_reset(&it->strong);
	buf_reset(&it->before);
	buf_reset(&it->first_title);
	buf_reset(&it->topic);
	buf_reset(&it->topic_any);
	it->records = it->links = 0;
	it->line = 0;
	it->question = -1;
}

static void pop_item(struct catalogue *c)
{
	struct item *it = &c->items[--c->nitems];
	int is_question = 0;
	if (it->question >= 0) {
		is_question = it->links == 0;
		if (is_question)
			count_record(c, 1);
		hold_decide(c, it->question, is_question);
	}
	if (c->check && it->records == 0 && it->first != FIRST_NOT_YET &&
	    it->first != FIRST_NONE && !is_question) {
		const struct buf *t = item_topic(it);
		const struct buf *shown = t->len ? t : &it->topic_any;
		if (shown->len)
			catcheck_unlinked_item(c->check, it->line, shown->p);
	}
	if (c->nitems) {
		c->items[c->nitems - 1].records += it->records;
		c->items[c->nitems - 1].links += it->links;
	}
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	/* A block inside a tight item ends the item's text. */
	if (c->leaf != LEAF_NONE)
		leaf_end(c);
	if (c->depth && c->blocks[c->depth - 1] == MD_BLOCK_LI && c->nitems &&
	    c->items[c->nitems - 1].first == FIRST_NOT_YET && type != MD_BLOCK_P)
		c->items[c->nitems - 1].first = FIRST_NONE;
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
		c->row_topic_set = 0;
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
	if (options->check)
		c->check = catcheck_new(set_process_seed());
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
		buf_free(&c->items[i].topic_any);
	}
	for (int i = 0; i < c->headings_cap; i++) {
		buf_free(&c->headings[i].text);
		buf_free(&c->headings[i].label);
	}
	for (size_t i = 0; i < c->held_cap; i++) {
		struct held *h = &c->held[i];
		buf_free(&h->topic);
		buf_free(&h->title);
		buf_free(&h->url);
		buf_free(&h->desc);
		buf_free(&h->section);
		buf_free(&h->section_json);
		buf_free(&h->headings_json);
	}
	free(c->held);
	for (int i = 0; i < c->pending_cap; i++) {
		buf_free(&c->pending[i].title);
		buf_free(&c->pending[i].url);
		buf_free(&c->pending[i].desc);
	}
	catcheck_free(c->check);
	free(c->items);
	free(c->headings);
	free(c->heading_texts);
	free(c->pending);
	free(c->blocks);
	buf_free(&c->heading_text);
	buf_free(&c->heading_label);
	buf_free(&c->cell_text);
	buf_free(&c->row_topic);
	buf_free(&c->leaf_text);
	buf_free(&c->scratch);
	buf_free(&c->scratch2);
	buf_free(&c->scratch3);
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
	if (c->check)
		catcheck_begin(c->check, c->file.p);
	c->npending = 0;
	c->leaf = LEAF_NONE;
	c->capture = -1;
	c->cell = -1;
	c->link = c->image = c->desc_of = c->last_link = -1;
	c->row_topic_set = 0;
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
	while (c->held_count) /* only after md4c gave up half way */
		hold_decide(c, c->held_base, 0);
	if (c->check)
		catcheck_end(c->check, c->on_warning, c->userdata);
	buf_free(&repaired);
	return rc == 0 ? 0 : -1;
}
