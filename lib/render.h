/* render: iqfmt's output formats, one record at a time.
 *
 * A renderer is fed JSON objects in input order and appends its output to a
 * struct buf the caller owns and empties (the caller decides when to write
 * it out, e.g. through lib/out.h).  It never reads ahead and keeps only
 * the state of the current group (heading path, topic), so memory does not
 * grow with the input, for json and html too.
 *
 * Ownership: objects passed in are BORROWED (the renderer neither keeps
 * nor releases them); options' strings and the template are borrowed and
 * must outlive the renderer.  Nothing here prints or exits.
 *
 * Formats (man/iqfmt.1 has the reader's version):
 *   text      "  1. title" then desc, "section › topic" and url, indented
 *             under the title; wrapped to width columns by display width;
 *             SGR colours when color is set; a blank line between records.
 *   markdown  headings by the "headings" path, then a list: a topic whose
 *             first record's title is the topic is that record's link item,
 *             with the group's later records nested under it; otherwise a
 *             "**topic**" item (or "[topic](#)" when the topic ends in a
 *             mark iqcat would drop) with the records nested under it.
 *             iqcat reads it back to the same section, topic, title, url.
 *   csv, tsv  a header row of field names, then one row per record.
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

/* The format called name ("text", "markdown" or "md", "csv", "tsv",
 * "html", "json", "jsonl"); 0 when there is none. */
int render_format_from_name(const char *name, enum render_format *fmt);

/* The default column list of csv and tsv. */
#define RENDER_DEFAULT_FIELDS "n,section,topic,title,url"

struct render_opts {
	enum render_format format;
	const char *fields;           /* csv, tsv: comma-separated keys; NULL: default */
	const struct template *tmpl;  /* template: compiled template */
	int color;                    /* text: SGR colour sequences */
	size_t width;                 /* text: wrap at this column; 0: never */
};

struct render;

/* A renderer for opts, freed with render_free; or NULL with a message in
 * err (an empty field name in opts->fields). */
struct render *render_new(const struct render_opts *opts, char *err, size_t errsize);

/* Append the rendering of obj (a JSON object) to dst. */
void render_record(struct render *r, json_t *obj, struct buf *dst);

/* Append what ends the output (closing tags, "]", a header row or page that
 * was not yet written because no record came).  Call once, at the end. */
void render_finish(struct render *r, struct buf *dst);

void render_free(struct render *r);

#endif
