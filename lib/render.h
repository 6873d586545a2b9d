/* render: iqfmt's output formats, one record at a time.
 *
 * A renderer is fed JSON objects in input order and appends its output to a
 * struct buf the caller owns and empties (the caller decides when to write
 * it out, e.g. through lib/out.h).  Most formats stream: memory does not
 * grow with the input.  The grouped formats (markdown, html) hold the
 * records and write them at the end, grouped by heading path and topic in
 * order of first appearance, so a random pick shows each section once.
 *
 * Ownership: objects passed in are BORROWED (markdown and html take a
 * reference of their own until render_finish); options' strings and the
 * template are borrowed and must outlive the renderer.  Nothing here prints or exits.
 *
 * Formats (man/iqfmt.1 has the reader's version):
 *   text      "  1. topic", then the title when it differs, desc,
 *             "section · #n" and url, indented under the headline; wrapped
 *             to width columns by display width; control and BiDi
 *             characters made visible (termsafe); SGR colours when color
 *             is set; a blank line between records.
 *   markdown  headings by the "headings" path, then a list: a topic whose
 *             first record's title is the topic is that record's link item,
 *             with the group's later records nested under it; otherwise a
 *             "**topic**" item (or "[topic](#)" when the topic ends in a
 *             mark iqcat would drop) with the records nested under it; a
 *             question record (no url, topic = title) is a plain item.
 *             iqcat reads it back to the same section, topic, title, url.
 *   csv, tsv  a header row of field names, then one row per record
 *             (spreadsheet: csv with a byte-order mark, formulas defused).
 *   html      a standalone HTML5 page grouped as markdown is.
 *   json      one pretty-printed array; jsonl one compact object per line
 *             (key order as jsonw.h says).
 *   template  the template expanded, then a newline. */
#ifndef IQ_RENDER_H
#define IQ_RENDER_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "template.h"

enum render_format {
	RENDER_TEXT,
	RENDER_MARKDOWN,
	RENDER_CSV,
	RENDER_TSV,
	RENDER_HTML,
	RENDER_JSON,
	RENDER_JSONL,
	RENDER_TEMPLATE,
};

/* The default column list of csv and tsv. */
#define RENDER_DEFAULT_FIELDS "n,section,topic,title,url"

/* The options of every format iqfmt has, its other modules' included. */
struct render_opts {
	enum render_format format;
	const char *fields;           /* csv, tsv: comma-separated keys; NULL: default */
	const struct field_template *tmpl; /* template: compiled template */
	int color;                    /* text: SGR colour sequences */
	size_t width;                 /* text: wrap at this column; 0: never */
	const char *lang;             /* html: the page's language; NULL: from the text */
	int spreadsheet;              /* csv: byte-order mark, formulas defused */
	const char *deck;             /* anki: the deck; NULL: Interview */
};

struct render;

/* A renderer for opts, freed with render_free; or NULL with a message in
 * err (an empty field name in opts->fields). */
struct render *render_new(const struct render_opts *opts, char *err, size_t errsize);

/* Append the rendering of obj (a JSON object) to dst (markdown and html
 * keep a reference to obj and write everything in render_finish). */
void render_record(struct render *r, json_t *obj, struct buf *dst);

/* Append what ends the output (closing tags, "]", a header row or page that
 * was not yet written because no record came; all of markdown and html).
 * Call once, at the end. */
void render_finish(struct render *r, struct buf *dst);

/* The fields named with opts->fields or in the template that no record
 * had so far (none before the first record), one per call, each name
 * once: start with *pos = 0; NULL after the last.  Names are borrowed
 * from r and opts. */
const char *render_next_unseen(const struct render *r, size_t *pos);

void render_free(struct render *r);

/* A format's operations on its opaque state, as iqfmt's -t table holds
 * them, so that a module with formats of its own (summary, anki) plugs in
 * with one entry.  open returns NULL with a message in err; unseen may be
 * NULL (no field names to warn about) and works as render_next_unseen. */
struct render_ops {
	void *(*open)(const struct render_opts *o, char *err, size_t errsize);
	void (*record)(void *state, json_t *obj, struct buf *dst);
	void (*finish)(void *state, struct buf *dst);
	const char *(*unseen)(const void *state, size_t *pos);
	void (*close)(void *state);
};

/* render's own formats, chosen by o->format. */
extern const struct render_ops render_ops;

#endif
