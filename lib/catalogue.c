#include "catalogue.h"

#include <errno.h>
#include <md4c.h>
#include <stdbool.h>
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
 * there).  Links found in a leaf wait in `link.pending` until it ends,
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
enum held_fate { HELD_UNDECIDED, HELD_WANTED, HELD_DROPPED };

struct held {
	enum held_fate fate;
	struct buf topic, title, url, desc, section, section_json, headings_json;
	unsigned long line;
};

/* The bufs of each struct, for init (buf_init) and free (buf_free) alike:
 * every struct buf in zeroed or new memory is initialised before use. */
typedef void buf_fn(struct buf *);

static void item_bufs(struct item *it, buf_fn *fn)
{
	fn(&it->strong), fn(&it->before), fn(&it->first_title);
	fn(&it->topic), fn(&it->topic_any);
}

static void heading_bufs(struct heading *h, buf_fn *fn)
{
	fn(&h->text), fn(&h->label);
}

static void pending_bufs(struct pending *p, buf_fn *fn)
{
	fn(&p->title), fn(&p->url), fn(&p->desc);
}

static void held_bufs(struct held *h, buf_fn *fn)
{
	fn(&h->topic), fn(&h->title), fn(&h->url), fn(&h->desc);
	fn(&h->section), fn(&h->section_json), fn(&h->headings_json);
}

/*
 * The parser's state, grouped by how long each part lives: the document
 * (one catalogue_parse), the outline and the list (stacks that follow the
 * nesting of sections and items), the table row, the leaf (one paragraph,
 * heading or cell) and the links pending in it, and the queue of held
 * records.
 */

/* The document being parsed: its text and the cursor that turns offsets
 * into line numbers. */
struct document {
	const char *text;
	size_t size;
	bool lone_cr;          /* a CR not before LF ends a line too */
	size_t cursor_off;
	unsigned long cursor_line;
	size_t last_text_end;  /* offset just past the text seen last */
	struct buf file;       /* its name, repaired to valid UTF-8 */
	MD_BLOCKTYPE *blocks;  /* the open blocks, innermost last */
	size_t depth, blocks_cap;
};

/* The open sections, innermost last. */
struct outline {
	struct heading *headings;
	int n;
	size_t cap;
	/* The headings' texts as records borrow them; with changed, the
	 * record JSON cache is quoted again before the next record. */
	struct text *texts;
	size_t texts_cap;
	bool changed;
};

/* The open list items, innermost last. */
struct list {
	struct item *items;
	int n;
	size_t cap;
};

/* The table row being read. */
struct row {
	int cell;           /* index of the current table cell, -1 outside */
	struct buf cell_text;
	struct buf topic;   /* its first cell that is not an index */
	bool topic_set;
};

/* The leaf block being read. */
struct leaf {
	enum leaf_kind kind;
	int capture;        /* item whose first paragraph this leaf is, or -1 */
	bool awaiting_first; /* capture: no inline content seen yet */
	int heading_level;
	struct buf heading_text, heading_label;
	bool heading_skip;  /* inside a '#' link of a heading */
	unsigned long heading_line, line;
	struct buf text;    /* the leaf's text while it has no link */
	unsigned long links;
	int last_link;      /* pending index of the leaf's last link, or -1 */
	bool break_since_link;
};

/* The links of the leaf, waiting for it to end, and the spans open. */
struct links {
	struct pending *pending;
	int n;
	size_t cap;
	int open;           /* pending index of the open link, or -1 */
	int image;          /* pending index of the open image record, or -1 */
	int desc_of;        /* pending index whose desc is being read, or -1 */
	int ignored;        /* nested link enters we refused, still open */
	int image_depth, strong_depth, lead_strong_depth;
};

/* The held records: a ring of cap slots, count of them from head on. */
struct held_queue {
	struct held *slots;
	size_t head, count, cap;
	long base;          /* the number of the slots[head] record */
};

struct catalogue {
	struct catalogue_options opt;
	catalogue_record_fn on_record;
	catalogue_warning_fn on_warning;
	void *userdata;
	unsigned long long n;
	struct catcheck *check; /* NULL unless opt.check */

	struct document doc;
	struct outline outline;
	struct list list;
	struct row row;
	struct leaf leaf;
	struct links link;
	struct held_queue held;
	/* section, headings and file as records write them */
	struct record_json_cache json;

	struct buf scratch, scratch2, scratch3;
	size_t max_size;    /* the largest document, once repaired */
	struct buf error;   /* catalogue_parse's last error text */
};

/* md4c counts in 32 bits. */
#define MAX_SIZE ((size_t)(MD_SIZE)-1)

static void close_link(struct catalogue *c);

/* ---- text helpers ---- */

static void fold(struct buf *dst, const char *s, size_t len)
{
	utf8_fold_white(dst, s, len);
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
	if (off >= c->doc.cursor_off)
		c->doc.cursor_line += count_lines(c->doc.text + c->doc.cursor_off, off - c->doc.cursor_off, c->doc.lone_cr);
	else
		c->doc.cursor_line -= count_lines(c->doc.text + off, c->doc.cursor_off - off, c->doc.lone_cr);
	c->doc.cursor_off = off;
	return c->doc.cursor_line;
}

static int in_doc(struct catalogue *c, const char *p)
{
	return p >= c->doc.text && p < c->doc.text + c->doc.size;
}

/* Where no text of a link lies in the source (an empty "[](u)"), its line is
 * that of the first mark after the text seen last. */
static unsigned long line_by_search(struct catalogue *c, size_t from, const char *marks)
{
	if (from > c->doc.size)
		from = c->doc.size;
	size_t off = from;
	while (off < c->doc.size && !strchr(marks, c->doc.text[off]))
		off++;
	return line_at(c, off < c->doc.size ? off : from);
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
		buf_add(&it->topic_any, it->topic.p, it->topic.len);
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
	struct item *parent = &c->list.items[i - 1];
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
		struct item *it = &c->list.items[p->item];
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
	if (p->cell > 0 && c->row.topic_set) {
		if (usable(&c->row.topic))
			return &c->row.topic;
		if (!first && c->row.topic.len)
			first = &c->row.topic;
	}
	if (usable(&p->title))
		return &p->title;
	if (!first && p->title.len)
		first = &p->title;
	/* (a) and (b) are rules 3 and 5 again; (c): */
	if ((p->item_para || p->cell >= 0) && p->prev >= 0 && usable(&c->link.pending[p->prev].title))
		return &c->link.pending[p->prev].title;
	if (c->outline.n && usable(&c->outline.headings[c->outline.n - 1].label))
		return &c->outline.headings[c->outline.n - 1].label;
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
	struct text t = {b->p, b->len};
	return t;
}

static void quote_headings(struct catalogue *c)
{
	XGROW(c->outline.texts, (size_t)c->outline.n, c->outline.texts_cap);
	for (int i = 0; i < c->outline.n; i++)
		c->outline.texts[i] = as_text(&c->outline.headings[i].text);
	record_json_cache_headings(&c->json, c->outline.texts, (size_t)c->outline.n);
	c->outline.changed = false;
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
		.file = as_text(&c->doc.file),
		.line = line,
		.section_json = section_json,
		.headings_json = headings_json,
		.file_json = as_text(&c->json.file),
	};
	c->on_record(&r, c->userdata);
}

static void flush_held(struct catalogue *c)
{
	while (c->held.count && c->held.slots[c->held.head].fate != HELD_UNDECIDED) {
		struct held *h = &c->held.slots[c->held.head];
		if (h->fate == HELD_WANTED && !c->check)
			write_record(c, as_text(&h->topic), as_text(&h->title), as_text(&h->url),
				     as_text(&h->desc), as_text(&h->section), as_text(&h->section_json),
				     as_text(&h->headings_json), h->line);
		c->held.head = (c->held.head + 1) % c->held.cap;
		c->held.count--;
		c->held.base++;
	}
}

/* Hold a record; returns its number for hold_decide. */
static long hold(struct catalogue *c, enum held_fate fate, const struct buf *topic,
		 const struct buf *title, const struct buf *url, const struct buf *desc,
		 const struct buf *section_json, const struct buf *headings_json,
		 unsigned long line)
{
	if (c->held.count == c->held.cap) {
		/* The ring is full: the slots from head to the old end move to
		 * the new end, buffers and all, and the gap they leave gets
		 * empty slots. */
		size_t old = c->held.cap;
		XGROW(c->held.slots, old + 1, c->held.cap);
		size_t gap = c->held.cap - old;
		memmove(c->held.slots + c->held.head + gap, c->held.slots + c->held.head,
			(old - c->held.head) * sizeof *c->held.slots);
		for (size_t i = c->held.head; i < c->held.head + gap; i++)
			held_bufs(&c->held.slots[i], buf_init);
		if (c->held.count)
			c->held.head += gap;
	}
	struct held *h = &c->held.slots[(c->held.head + c->held.count++) % c->held.cap];
	h->fate = fate;
	h->line = line;
#define COPY(f) buf_reset(&h->f); buf_add(&h->f, f->p, f->len)
	COPY(topic);
	COPY(title);
	COPY(url);
	COPY(desc);
	COPY(section_json);
	buf_reset(&h->section);
	if (c->outline.n)
		buf_add(&h->section, c->outline.headings[c->outline.n - 1].text.p, c->outline.headings[c->outline.n - 1].text.len);
	COPY(headings_json);
#undef COPY
	return c->held.base + (long)c->held.count - 1;
}

static void hold_decide(struct catalogue *c, long number, bool wanted)
{
	struct held *h = &c->held.slots[(c->held.head + (size_t)(number - c->held.base)) % c->held.cap];
	h->fate = wanted ? HELD_WANTED : HELD_DROPPED;
	flush_held(c);
}

/* A record goes out at once unless an undecided question is ahead of it. */
static void put_record(struct catalogue *c, const struct buf *topic, const struct buf *title,
		       const struct buf *url, const struct buf *desc, unsigned long line)
{
	if (c->outline.changed)
		quote_headings(c);
	if (c->held.count) {
		hold(c, HELD_WANTED, topic, title, url, desc, &c->json.section, &c->json.headings, line);
		return;
	}
	if (!c->check)
		write_record(c, as_text(topic), as_text(title), as_text(url), as_text(desc),
			     c->outline.n ? c->outline.texts[c->outline.n - 1] : (struct text){"", 0},
			     as_text(&c->json.section), as_text(&c->json.headings), line);
}

static void count_record(struct catalogue *c, int question)
{
	if (!c->outline.n)
		return;
	c->outline.headings[c->outline.n - 1].records++;
	if (!question)
		c->outline.headings[c->outline.n - 1].link_records++;
}

static void emit(struct catalogue *c, struct pending *p)
{
	if (!p->keep) {
		/* a table of contents is not an empty section */
		if (c->outline.n && p->url.len && p->url.p[0] == '#')
			c->outline.headings[c->outline.n - 1].records++;
		return;
	}
	if (p->item >= 0)
		c->list.items[p->item].records++;
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
		     bool undecided)
{
	static const struct buf empty = BUF_INIT;
	if (c->outline.changed)
		quote_headings(c);
	if (undecided)
		return hold(c, HELD_UNDECIDED, title, title, &empty, &empty, &c->json.section,
			    &c->json.headings, line);
	count_record(c, 1);
	put_record(c, title, title, &empty, &empty, line);
	return -1;
}

static struct pending *new_pending(struct catalogue *c)
{
	size_t old = c->link.cap;
	XGROW(c->link.pending, (size_t)c->link.n + 1, c->link.cap);
	for (size_t i = old; i < c->link.cap; i++)
		pending_bufs(&c->link.pending[i], buf_init);
	struct pending *p = &c->link.pending[c->link.n++];
	buf_reset(&p->title);
	buf_reset(&p->url);
	buf_reset(&p->desc);
	p->keep = p->has_image = p->is_image = p->first_of_item = 0;
	p->item = c->list.n - 1;
	p->cell = c->row.cell;
	p->prev = -1;
	p->item_para = c->leaf.kind == LEAF_PARA && c->list.n > 0;
	p->line = 0;
	p->line_known = 0;
	p->search_from = c->doc.last_text_end;
	p->heading_mark = c->leaf.heading_label.len;
	if (c->link.desc_of >= 0)
		c->link.desc_of = -1; /* a desc ends at the next link */
	return p;
}

/* ---- leaves ---- */

/* Close the innermost section: a section is empty when neither it nor its
 * subsections held a record, so its count goes to its parent.  A heading
 * that is a question becomes a record when no link record lies below it. */
static void pop_heading(struct catalogue *c)
{
	struct heading *h = &c->outline.headings[--c->outline.n];
	c->outline.changed = true;
	int is_question = h->question >= 0 && h->link_records == 0;
	if (h->question >= 0)
		hold_decide(c, h->question, is_question);
	if (c->check && h->records == 0 && !is_question)
		catcheck_empty_section(c->check, h->line, h->text.p);
	if (c->outline.n) {
		c->outline.headings[c->outline.n - 1].records += h->records + (unsigned long)is_question;
		c->outline.headings[c->outline.n - 1].link_records += h->link_records;
	}
}

static void heading_done(struct catalogue *c)
{
	struct buf text = BUF_INIT;
	fold(&text, c->leaf.heading_text.p, c->leaf.heading_text.len);
	while (c->outline.n && c->outline.headings[c->outline.n - 1].level >= c->leaf.heading_level)
		pop_heading(c);
	long q = -1;
	if (!c->opt.links && c->leaf.links == 0 && label_ends_question(text.p, text.len))
		q = question(c, &text, c->leaf.heading_line, true);
	size_t old = c->outline.cap;
	XGROW(c->outline.headings, (size_t)c->outline.n + 1, c->outline.cap);
	for (size_t i = old; i < c->outline.cap; i++)
		heading_bufs(&c->outline.headings[i], buf_init);
	struct heading *h = &c->outline.headings[c->outline.n++];
	c->outline.changed = true;
	h->level = c->leaf.heading_level;
	buf_reset(&h->text);
	buf_add(&h->text, text.p, text.len);
	label_drop_empty_brackets(&c->leaf.heading_label);
	fold(&h->label, c->leaf.heading_label.p, c->leaf.heading_label.len);
	label_drop_trailing_marks(&h->label);
	h->line = c->leaf.heading_line;
	h->records = h->link_records = 0;
	h->question = q;
	buf_free(&text);
}

static void leaf_begin(struct catalogue *c, enum leaf_kind kind)
{
	c->leaf.kind = kind;
	c->leaf.capture = -1;
	c->leaf.links = 0;
	c->leaf.line = 0;
	c->leaf.last_link = -1;
	c->leaf.break_since_link = false;
	c->link.desc_of = -1;
	buf_reset(&c->leaf.text);
	MD_BLOCKTYPE parent = c->doc.depth >= 2 ? c->doc.blocks[c->doc.depth - 2] : MD_BLOCK_DOC;
	if (kind == LEAF_PARA && c->doc.blocks[c->doc.depth - 1] == MD_BLOCK_LI)
		parent = MD_BLOCK_LI; /* a tight item's text: the item is the leaf */
	if (kind == LEAF_PARA && parent == MD_BLOCK_LI && c->list.n &&
	    c->list.items[c->list.n - 1].first == FIRST_NOT_YET) {
		c->leaf.capture = c->list.n - 1;
		c->list.items[c->leaf.capture].first = FIRST_READING;
		c->leaf.awaiting_first = true;
	}
	if (kind == LEAF_HEADING) {
		buf_reset(&c->leaf.heading_text);
		buf_reset(&c->leaf.heading_label);
		c->leaf.heading_skip = false;
		c->leaf.heading_line = 0;
	}
	if (kind == LEAF_CELL)
		buf_reset(&c->row.cell_text);
}

static void para_question(struct catalogue *c)
{
	if (c->opt.links || c->leaf.links)
		return;
	fold(&c->scratch3, c->leaf.text.p, c->leaf.text.len);
	if (!label_ends_question(c->scratch3.p, c->scratch3.len))
		return;
	if (c->leaf.capture >= 0)
		c->list.items[c->leaf.capture].question = question(c, &c->scratch3, c->leaf.line, true);
	else
		question(c, &c->scratch3, c->leaf.line, false);
}

static void leaf_end(struct catalogue *c)
{
	if (c->leaf.kind == LEAF_NONE)
		return;
	c->link.desc_of = -1;
	if (c->link.open >= 0) {
		/* md4c 0.4.8 never closes a bare URL that ends a table cell, and
		 * takes the cell's '|' into it: close it with its leaf, without
		 * the pipe. */
		struct pending *p = &c->link.pending[c->link.open];
		if (p->url.len && p->url.p[p->url.len - 1] == '|')
			p->url.p[--p->url.len] = '\0';
		close_link(c);
		c->link.desc_of = -1;
	}
	c->link.ignored = 0;
	if (c->leaf.kind == LEAF_HEADING)
		heading_done(c);
	for (int i = 0; i < c->link.n; i++)
		emit(c, &c->link.pending[i]);
	c->link.n = 0;
	if (c->leaf.kind == LEAF_PARA)
		para_question(c);
	if (c->leaf.capture >= 0) {
		c->list.items[c->leaf.capture].first = FIRST_READ;
		c->list.items[c->leaf.capture].in_lead_strong = 0;
		c->leaf.capture = -1;
	}
	if (c->leaf.kind == LEAF_CELL && !c->row.topic_set) {
		fold(&c->row.topic, c->row.cell_text.p, c->row.cell_text.len);
		if (label_has_letter(c->row.topic.p, c->row.topic.len) &&
		    !label_is_index(c->row.topic.p, c->row.topic.len))
			c->row.topic_set = true;
	}
	c->leaf.kind = LEAF_NONE;
}

/* Inline content directly in a list item (a tight list) opens a leaf. */
static void ensure_leaf(struct catalogue *c)
{
	if (c->leaf.kind == LEAF_NONE && c->doc.depth && c->doc.blocks[c->doc.depth - 1] == MD_BLOCK_LI)
		leaf_begin(c, LEAF_PARA);
}

/* ---- text routing ---- */

static void route_text(struct catalogue *c, const char *s, size_t len)
{
	if (c->link.image_depth) {
		if (c->link.image >= 0)
			buf_add(&c->link.pending[c->link.image].title, s, len);
		return;
	}
	if (c->link.open >= 0)
		buf_add(&c->link.pending[c->link.open].title, s, len);
	else if (c->link.desc_of >= 0)
		buf_add(&c->link.pending[c->link.desc_of].desc, s, len);
	if (c->leaf.kind == LEAF_HEADING && !c->leaf.heading_skip) {
		buf_add(&c->leaf.heading_text, s, len);
		buf_add(&c->leaf.heading_label, s, len);
	}
	if (c->leaf.kind == LEAF_CELL)
		buf_add(&c->row.cell_text, s, len);
	if (c->leaf.kind == LEAF_PARA && !c->leaf.links)
		buf_add(&c->leaf.text, s, len);
	if (c->leaf.capture >= 0) {
		struct item *it = &c->list.items[c->leaf.capture];
		c->leaf.awaiting_first = false;
		if (!it->seen_link)
			buf_add(&it->before, s, len);
		if (it->in_lead_strong)
			buf_add(&it->strong, s, len);
	}
}

static void route_break(struct catalogue *c)
{
	c->link.desc_of = -1;
	c->leaf.break_since_link = true;
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
	size_t off = (size_t)(s - c->doc.text);
	c->doc.last_text_end = off + len;
	int open = c->link.image >= 0 ? c->link.image : c->link.open;
	if (open >= 0 && !c->link.pending[open].line_known) {
		c->link.pending[open].line = line_at(c, off);
		c->link.pending[open].line_known = 1;
	}
	if (c->leaf.kind == LEAF_HEADING && !c->leaf.heading_line)
		c->leaf.heading_line = line_at(c, off);
	if (c->leaf.kind != LEAF_NONE && !c->leaf.line)
		c->leaf.line = line_at(c, off);
	if (c->leaf.capture >= 0 && !c->list.items[c->leaf.capture].line)
		c->list.items[c->leaf.capture].line = line_at(c, off);
}

static void link_open_url(struct catalogue *c, const struct buf *url);
static void link_open_attribute(struct catalogue *c, const MD_ATTRIBUTE *a);
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
		buf_add(href, b.href.p, b.href.len);
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
	if (c->link.open >= 0 || c->link.image_depth || !c->leaf.kind) {
		route_text(c, s, len);
		return;
	}
	char before = in_doc(c, s) && s > c->doc.text ? s[-1] : ' ';
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
		link_open_url(c, &href);
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
	MD_BLOCKTYPE block = c->doc.depth ? c->doc.blocks[c->doc.depth - 1] : MD_BLOCK_DOC;
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
		else if (c->link.open >= 0 && is_img_tag(s, size))
			c->link.pending[c->link.open].has_image = 1;
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

/* A link opens, its destination in p->url. */
static void link_begin(struct catalogue *c, struct pending *p)
{
	c->link.open = c->link.n - 1;
	c->leaf.links++;
	if (p->item >= 0)
		c->list.items[p->item].links++;
	if (!c->leaf.break_since_link && c->leaf.last_link >= 0)
		p->prev = c->leaf.last_link;
	c->leaf.last_link = c->link.open;
	c->leaf.break_since_link = false;
	if (c->leaf.kind == LEAF_HEADING && p->url.len && p->url.p[0] == '#')
		c->leaf.heading_skip = true;
	if (c->leaf.capture >= 0 && !c->list.items[c->leaf.capture].seen_link) {
		c->list.items[c->leaf.capture].seen_link = 1;
		p->first_of_item = 1;
	}
}

/* A bare URL opens a link to itself. */
static void link_open_url(struct catalogue *c, const struct buf *url)
{
	struct pending *p = new_pending(c);
	buf_add(&p->url, url->p, url->len);
	link_begin(c, p);
}

/* A link span opens: its destination is a's text. */
static void link_open_attribute(struct catalogue *c, const MD_ATTRIBUTE *a)
{
	struct pending *p = new_pending(c);
	attribute_text(&p->url, a);
	link_begin(c, p);
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	ensure_leaf(c);
	int first_inline = c->leaf.capture >= 0 && c->leaf.awaiting_first;
	if (c->leaf.capture >= 0)
		c->leaf.awaiting_first = false;
	switch (type) {
	case MD_SPAN_A:
		if (c->link.open >= 0 || c->link.image_depth) {
			c->link.ignored++;
			break;
		}
		link_open_attribute(c, &((MD_SPAN_A_DETAIL *)detail)->href);
		break;
	case MD_SPAN_IMG:
		if (c->link.open >= 0)
			c->link.pending[c->link.open].has_image = 1;
		if (c->opt.all && c->link.image_depth == 0) {
			struct pending *p = new_pending(c);
			attribute_text(&p->url, &((MD_SPAN_IMG_DETAIL *)detail)->src);
			p->is_image = 1;
			p->keep = 1;
			c->link.image = c->link.n - 1;
		}
		c->link.image_depth++;
		break;
	case MD_SPAN_STRONG:
		c->link.strong_depth++;
		if (first_inline) {
			struct item *it = &c->list.items[c->leaf.capture];
			it->lead_strong = it->in_lead_strong = 1;
			c->link.lead_strong_depth = c->link.strong_depth;
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
	struct pending *p = &c->link.pending[c->link.open];
	int index = c->link.open;
	c->link.open = -1;
	finish_title(c, p);
	if (!p->line_known)
		p->line = line_by_search(c, p->search_from, "[<");
	p->keep = c->opt.all ||
		  !(excluded_destination(&p->url) || (p->has_image && p->title.len == 0));
	if (p->first_of_item) {
		struct item *it = &c->list.items[c->leaf.capture >= 0 ? c->leaf.capture : p->item];
		buf_reset(&it->first_title);
		buf_add(&it->first_title, p->title.p, p->title.len);
	}
	if (c->leaf.kind == LEAF_HEADING) {
		c->leaf.heading_skip = false;
		if (label_is_generic(p->title.p, p->title.len) &&
		    p->heading_mark <= c->leaf.heading_label.len) {
			c->leaf.heading_label.len = p->heading_mark;
			buf_cstr(&c->leaf.heading_label);
			c->leaf.heading_label.p[c->leaf.heading_label.len] = '\0';
		}
	}
	c->link.desc_of = index;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	switch (type) {
	case MD_SPAN_A:
		if (c->link.ignored)
			c->link.ignored--;
		else if (c->link.open >= 0)
			close_link(c);
		break;
	case MD_SPAN_IMG:
		if (--c->link.image_depth == 0 && c->link.image >= 0) {
			struct pending *p = &c->link.pending[c->link.image];
			int index = c->link.image;
			c->link.image = -1;
			finish_title(c, p);
			if (!p->line_known)
				p->line = line_by_search(c, p->search_from, "!");
			if (c->link.open < 0)
				c->link.desc_of = index;
		}
		break;
	case MD_SPAN_STRONG:
		if (c->leaf.capture >= 0 && c->list.items[c->leaf.capture].in_lead_strong &&
		    c->link.strong_depth == c->link.lead_strong_depth)
			c->list.items[c->leaf.capture].in_lead_strong = 0;
		c->link.strong_depth--;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- blocks ---- */

static void push_item(struct catalogue *c)
{
	size_t old = c->list.cap;
	XGROW(c->list.items, (size_t)c->list.n + 1, c->list.cap);
	for (size_t i = old; i < c->list.cap; i++)
		item_bufs(&c->list.items[i], buf_init);
	struct item *it = &c->list.items[c->list.n++];
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
	struct item *it = &c->list.items[--c->list.n];
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
	if (c->list.n) {
		c->list.items[c->list.n - 1].records += it->records;
		c->list.items[c->list.n - 1].links += it->links;
	}
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct catalogue *c = userdata;
	(void)detail;
	/* A block inside a tight item ends the item's text. */
	if (c->leaf.kind != LEAF_NONE)
		leaf_end(c);
	if (c->doc.depth && c->doc.blocks[c->doc.depth - 1] == MD_BLOCK_LI && c->list.n &&
	    c->list.items[c->list.n - 1].first == FIRST_NOT_YET && type != MD_BLOCK_P)
		c->list.items[c->list.n - 1].first = FIRST_NONE;
	XGROW(c->doc.blocks, c->doc.depth + 1, c->doc.blocks_cap);
	c->doc.blocks[c->doc.depth++] = type;
	switch (type) {
	case MD_BLOCK_LI:
		push_item(c);
		break;
	case MD_BLOCK_P:
		leaf_begin(c, LEAF_PARA);
		break;
	case MD_BLOCK_H:
		c->leaf.heading_level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		leaf_begin(c, LEAF_HEADING);
		break;
	case MD_BLOCK_TR:
		c->row.cell = -1;
		c->row.topic_set = false;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		c->row.cell++;
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
	c->doc.depth--;
	if (type == MD_BLOCK_LI)
		pop_item(c);
	else if (type == MD_BLOCK_TABLE)
		c->row.cell = -1;
	return 0;
}

/* ---- the document ---- */

static void catalogue_bufs(struct catalogue *c, buf_fn *fn)
{
	fn(&c->doc.file), fn(&c->row.cell_text), fn(&c->row.topic);
	fn(&c->leaf.heading_text), fn(&c->leaf.heading_label), fn(&c->leaf.text);
	fn(&c->scratch), fn(&c->scratch2), fn(&c->scratch3), fn(&c->error);
}

struct catalogue *catalogue_new(const struct catalogue_options *options,
				catalogue_record_fn on_record,
				catalogue_warning_fn on_warning, void *userdata)
{
	struct catalogue *c = xcalloc(1, sizeof *c);
	catalogue_bufs(c, buf_init);
	record_json_cache_init(&c->json);
	c->max_size = MAX_SIZE;
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
	for (size_t i = 0; i < c->list.cap; i++)
		item_bufs(&c->list.items[i], buf_free);
	for (size_t i = 0; i < c->outline.cap; i++)
		heading_bufs(&c->outline.headings[i], buf_free);
	for (size_t i = 0; i < c->held.cap; i++)
		held_bufs(&c->held.slots[i], buf_free);
	free(c->held.slots);
	for (size_t i = 0; i < c->link.cap; i++)
		pending_bufs(&c->link.pending[i], buf_free);
	catcheck_free(c->check);
	free(c->list.items);
	free(c->outline.headings);
	free(c->outline.texts);
	free(c->link.pending);
	free(c->doc.blocks);
	catalogue_bufs(c, buf_free);
	record_json_cache_free(&c->json);
	free(c);
}

void catalogue_limit_size(struct catalogue *c, size_t max)
{
	c->max_size = max < MAX_SIZE ? max : MAX_SIZE;
}

/* The error text for a document over the limit, len_before bytes long
 * before the repair. */
static const char *too_large(struct catalogue *c, size_t len_before)
{
	char limit[48];
	if (c->max_size == MAX_SIZE)
		snprintf(limit, sizeof limit, "4 GiB");
	else
		snprintf(limit, sizeof limit, "%zu bytes", c->max_size);
	buf_reset(&c->error);
	buf_adds(&c->error, "larger than ");
	buf_adds(&c->error, limit);
	if (len_before <= c->max_size)
		buf_adds(&c->error, " once NUL bytes and invalid UTF-8 become U+FFFD");
	return c->error.p;
}

const char *catalogue_parse(struct catalogue *c, const char *text, size_t len, const char *file)
{
	/* Repair never shrinks a document: what is too large now stays so,
	 * and need not be copied to find out. */
	if (len > c->max_size)
		return too_large(c, len);
	size_t len_before = len;
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
		/* NUL and each invalid byte become three bytes. */
		if (len > c->max_size) {
			buf_free(&repaired);
			return too_large(c, len_before);
		}
	}
	buf_reset(&c->doc.file);
	utf8_repair(&c->doc.file, file, strlen(file), 1);
	c->doc.text = text;
	c->doc.size = len;
	c->doc.lone_cr = false;
	for (const char *p = text; (p = memchr(p, '\r', (size_t)(text + len - p))); p++)
		if (p + 1 >= text + len || p[1] != '\n') {
			c->doc.lone_cr = true;
			break;
		}
	c->doc.cursor_off = 0;
	c->doc.cursor_line = 1;
	c->doc.last_text_end = 0;
	c->doc.depth = 0;
	c->list.n = 0;
	c->outline.n = 0;
	c->outline.changed = true;
	record_json_cache_file(&c->json, c->doc.file.p, c->doc.file.len);
	if (c->check)
		catcheck_begin(c->check, c->doc.file.p);
	c->link.n = 0;
	c->leaf.kind = LEAF_NONE;
	c->leaf.capture = -1;
	c->row.cell = -1;
	c->link.open = c->link.image = c->link.desc_of = c->leaf.last_link = -1;
	c->row.topic_set = false;
	c->link.ignored = c->link.image_depth = c->link.strong_depth = 0;

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
	while (c->outline.n)
		pop_heading(c);
	while (c->held.count) /* only after md4c gave up half way */
		hold_decide(c, c->held.base, false);
	if (c->check)
		catcheck_end(c->check, c->on_warning, c->userdata);
	buf_free(&repaired);
	/* md4c fails only when it runs out of memory: our callbacks return 0 */
	return rc == 0 ? NULL : strerror(ENOMEM);
}
