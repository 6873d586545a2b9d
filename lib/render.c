#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "jsonw.h"
#include "record.h"
#include "width.h"
#include "xalloc.h"

/* A heading path: element i is bytes.p[off[i] .. off[i+1]). */
struct path {
	struct buf bytes;
	size_t *off;
	size_t n, cap_bytes;
};

enum { F_SECTION, F_TOPIC, F_TITLE, F_URL, F_DESC, NTEXT };
static const char *const text_keys[NTEXT] = {"section", "topic", "title", "url", "desc"};

struct render {
	struct render_opts o;
	char **field;             /* csv, tsv columns */
	size_t nfields;
	unsigned long count;      /* records seen */
	int started;              /* header or page head written */
	struct text t[NTEXT];     /* this record's texts */
	struct buf tbuf[NTEXT];   /* their storage when not a string value */
	struct buf tmp, line;
	struct path cur, shown;   /* this record's heading path; the last one written */
	int in_list, in_group, in_children;
	struct buf topic;         /* the open group's topic */
};

static const char html_head[] =
	"<!DOCTYPE html>\n"
	"<html>\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>";

static const char html_style[] =
	"</title>\n"
	"<style>\n"
	"body { font: 16px/1.55 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto;"
	" padding: 0 1rem; color: #1f2328; background: #fff; }\n"
	"h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em; }\n"
	"h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; border-bottom: 1px solid #d0d7de;"
	" padding-bottom: .2em; } h3 { font-size: 1.15rem; }\n"
	"ul { padding-left: 1.4rem; } li { margin: .25em 0; }\n"
	"a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }\n"
	".topic { font-weight: 600; } .desc { color: #59636e; }\n"
	".unsafe { color: #59636e; } code { font-size: .85em; color: #9a3412; word-break: break-all; }\n"
	"@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; }"
	" a { color: #4493f8; } h2 { border-color: #30363d; } .desc, .unsafe { color: #9198a1; } }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<main>\n";

int render_format_from_name(const char *name, enum render_format *fmt)
{
	static const struct {
		const char *name;
		enum render_format fmt;
	} names[] = {
		{"text", RENDER_TEXT}, {"markdown", RENDER_MARKDOWN}, {"md", RENDER_MARKDOWN},
		{"csv", RENDER_CSV},   {"tsv", RENDER_TSV},           {"html", RENDER_HTML},
		{"json", RENDER_JSON}, {"jsonl", RENDER_JSONL},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 1;
		}
	return 0;
}

static int parse_fields(struct render *r, const char *list, char *err, size_t errsize)
{
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *s = p, *e = p + n;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (s == e) {
			snprintf(err, errsize, "empty field name in field list '%s'", list);
			return 0;
		}
		r->field = xrealloc(r->field, (r->nfields + 1) * sizeof *r->field);
		r->field[r->nfields++] = xmemdup(s, (size_t)(e - s));
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

struct render *render_new(const struct render_opts *opts, char *err, size_t errsize)
{
	struct render *r = xcalloc(1, sizeof *r);
	r->o = *opts;
	if ((opts->format == RENDER_CSV || opts->format == RENDER_TSV) &&
	    !parse_fields(r, opts->fields ? opts->fields : RENDER_DEFAULT_FIELDS, err, errsize)) {
		render_free(r);
		return NULL;
	}
	if (opts->format == RENDER_TEMPLATE && !opts->tmpl) {
		snprintf(err, errsize, "no template");
		render_free(r);
		return NULL;
	}
	return r;
}

void render_free(struct render *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfields; i++)
		free(r->field[i]);
	free(r->field);
	for (int i = 0; i < NTEXT; i++)
		buf_free(&r->tbuf[i]);
	buf_free(&r->tmp);
	buf_free(&r->line);
	buf_free(&r->cur.bytes);
	free(r->cur.off);
	buf_free(&r->shown.bytes);
	free(r->shown.off);
	buf_free(&r->topic);
	free(r);
}

/* ---- record fields as text ---- */

static void load_texts(struct render *r, json_t *obj)
{
	for (int i = 0; i < NTEXT; i++) {
		json_t *v = json_object_get(obj, text_keys[i]);
		if (json_is_string(v)) {
			r->t[i] = (struct text){json_string_value(v), json_string_length(v)};
			continue;
		}
		buf_reset(&r->tbuf[i]);
		if (v)
			jsonw_text(&r->tbuf[i], v);
		r->t[i] = (struct text){r->tbuf[i].len ? r->tbuf[i].p : "", r->tbuf[i].len};
	}
}

static int text_eq(struct text a, struct text b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* ---- heading paths ---- */

static struct text path_at(const struct path *pa, size_t i)
{
	return (struct text){pa->bytes.p + pa->off[i], pa->off[i + 1] - pa->off[i]};
}

static void path_reset(struct path *pa)
{
	buf_reset(&pa->bytes);
	buf_grow(&pa->bytes, 0);
	xgrow(&pa->off, &pa->cap_bytes, sizeof *pa->off);
	pa->off[0] = 0;
	pa->n = 0;
}

static void path_end_element(struct path *pa)
{
	xgrow(&pa->off, &pa->cap_bytes, (pa->n + 2) * sizeof *pa->off);
	pa->off[++pa->n] = pa->bytes.len;
}

/* The record's "headings", with "section" added when it is not the last
 * of them; more than six levels (Markdown's and HTML's limit) keep the
 * first five and the last. */
static void load_path(struct render *r, json_t *obj)
{
	struct path *pa = &r->cur;
	path_reset(pa);
	json_t *h = json_object_get(obj, "headings");
	for (size_t i = 0; i < json_array_size(h); i++) {
		jsonw_text(&pa->bytes, json_array_get(h, i));
		path_end_element(pa);
	}
	struct text sec = r->t[F_SECTION];
	if (sec.len && (pa->n == 0 || !text_eq(path_at(pa, pa->n - 1), sec))) {
		buf_add(&pa->bytes, sec.p, sec.len);
		path_end_element(pa);
	}
	if (pa->n > 6) {
		struct text last = path_at(pa, pa->n - 1);
		memmove(pa->bytes.p + pa->off[5], last.p, last.len);
		pa->bytes.len = pa->off[5] + last.len;
		pa->off[6] = pa->bytes.len;
		pa->n = 6;
	}
}

/* How many leading elements cur and shown share; SIZE_MAX when equal. */
static size_t path_common(const struct render *r)
{
	size_t k = 0;
	while (k < r->cur.n && k < r->shown.n &&
	       text_eq(path_at(&r->cur, k), path_at(&r->shown, k)))
		k++;
	return k == r->cur.n && k == r->shown.n ? (size_t)-1 : k;
}

static void path_remember(struct render *r)
{
	path_reset(&r->shown);
	for (size_t i = 0; i < r->cur.n; i++) {
		struct text t = path_at(&r->cur, i);
		buf_add(&r->shown.bytes, t.p, t.len);
		path_end_element(&r->shown);
	}
}

/* ---- text ---- */

static void sgr(const struct render *r, struct buf *dst, const char *code)
{
	if (r->o.color) {
		buf_add(dst, "\033[", 2);
		buf_adds(dst, code);
		buf_addc(dst, 'm');
	}
}

static void text_line(struct buf *dst, size_t indent, size_t *col)
{
	buf_addc(dst, '\n');
	for (size_t i = 0; i < indent; i++)
		buf_addc(dst, ' ');
	*col = indent;
}

static void render_text(struct render *r, json_t *obj, struct buf *dst)
{
	struct text title = r->t[F_TITLE], url = r->t[F_URL], sec = r->t[F_SECTION],
		    topic = r->t[F_TOPIC], desc = r->t[F_DESC];
	if (width_str(title.p, title.len) == 0 && url.len) {
		title = url;
		url = (struct text){"", 0};
	} else if (!title.len && !sec.len && !topic.len && !desc.len) {
		buf_reset(&r->tmp);
		jsonw_compact(&r->tmp, obj);
		title = (struct text){r->tmp.p, r->tmp.len};
	}
	if (r->count > 1)
		buf_addc(dst, '\n');
	char num[32];
	size_t indent = (size_t)snprintf(num, sizeof num, "%3lu.", r->count) + 1, col = indent;
	sgr(r, dst, "33");
	buf_add(dst, num, indent - 1);
	sgr(r, dst, "0");
	buf_addc(dst, ' ');
	sgr(r, dst, "1");
	width_wrap(dst, title.p, title.len, &col, indent, r->o.width);
	sgr(r, dst, "0");
	if (width_str(desc.p, desc.len)) {
		text_line(dst, indent, &col);
		width_wrap(dst, desc.p, desc.len, &col, indent, r->o.width);
	}
	struct buf *line = &r->line;
	buf_reset(line);
	buf_add(line, sec.p, sec.len);
	if (topic.len && !text_eq(topic, r->t[F_TITLE]) && !text_eq(topic, sec)) {
		if (sec.len)
			buf_adds(line, " \u203a ");
		buf_add(line, topic.p, topic.len);
	}
	if (width_str(line->p, line->len)) {
		text_line(dst, indent, &col);
		sgr(r, dst, "36");
		width_wrap(dst, line->p, line->len, &col, indent, r->o.width);
		sgr(r, dst, "0");
	}
	if (width_str(url.p, url.len)) {
		text_line(dst, indent, &col);
		sgr(r, dst, "34");
		width_wrap(dst, url.p, url.len, &col, indent, 0);
		sgr(r, dst, "0");
	}
	buf_addc(dst, '\n');
}

/* ---- markdown ---- */

static void md_link(struct render *r, struct buf *dst)
{
	buf_addc(dst, '[');
	escape_md_text(dst, r->t[F_TITLE].p, r->t[F_TITLE].len, 0);
	buf_add(dst, "](<", 3);
	escape_md_url(dst, r->t[F_URL].p, r->t[F_URL].len);
	buf_add(dst, ">)", 2);
	if (r->t[F_DESC].len) {
		buf_add(dst, " - ", 3);
		escape_md_text(dst, r->t[F_DESC].p, r->t[F_DESC].len, 0);
	}
	buf_addc(dst, '\n');
}

/* iqcat's rules 1-2 drop these marks from the end of a topic. */
static int ends_in_dropped_mark(const char *s, size_t n)
{
	static const char *const marks[] = {":", "-", " ", "\xef\xbc\x9a", "\xe2\x80\x93", "\xe2\x80\x94"};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t m = strlen(marks[i]);
		if (n >= m && memcmp(s + n - m, marks[i], m) == 0)
			return 1;
	}
	return 0;
}

static void md_headings(struct render *r, struct buf *dst)
{
	size_t k = path_common(r);
	if (k == (size_t)-1)
		return;
	if (k == r->cur.n && k > 0)
		k--; /* a shorter path: restate its last heading to close the deeper ones */
	if (r->count > 1)
		buf_addc(dst, '\n');
	if (r->cur.n == 0)
		buf_add(dst, "#\n\n", 3); /* no heading: an empty one, so section is "" */
	for (size_t i = k; i < r->cur.n; i++) {
		struct text h = path_at(&r->cur, i);
		for (size_t l = 0; l <= i; l++)
			buf_addc(dst, '#');
		buf_addc(dst, ' ');
		escape_md_text(dst, h.p, h.len, 1);
		buf_add(dst, "\n\n", 2);
	}
	path_remember(r);
	r->in_group = 0;
}

static void render_markdown(struct render *r, struct buf *dst)
{
	struct text topic = r->t[F_TOPIC];
	md_headings(r, dst);
	if (r->in_group && text_eq(topic, (struct text){r->topic.p, r->topic.len})) {
		buf_add(dst, "  - ", 4);
		md_link(r, dst);
		return;
	}
	r->in_group = 1;
	buf_reset(&r->topic);
	buf_add(&r->topic, topic.p, topic.len);
	if (text_eq(topic, r->t[F_TITLE])) {
		buf_add(dst, "- ", 2);
		md_link(r, dst);
		return;
	}
	buf_reset(&r->tmp);
	escape_md_text(&r->tmp, topic.p, topic.len, 0);
	if (r->tmp.len && !ends_in_dropped_mark(r->tmp.p, r->tmp.len)) {
		buf_add(dst, "- **", 4);
		buf_add(dst, r->tmp.p, r->tmp.len);
		buf_add(dst, "**\n", 3);
	} else {
		/* Rule 3 of iqcat: the parent's first link gives the topic. */
		buf_add(dst, "- [", 3);
		buf_add(dst, r->tmp.p, r->tmp.len);
		buf_add(dst, "](#)\n", 5);
	}
	buf_add(dst, "  - ", 4);
	md_link(r, dst);
}

/* ---- html ---- */

static void html_text(struct buf *dst, struct text t) { escape_html(dst, t.p, t.len); }

static void html_start(struct render *r, struct buf *dst)
{
	buf_add(dst, html_head, sizeof html_head - 1);
	if (r->cur.n && path_at(&r->cur, 0).len)
		html_text(dst, path_at(&r->cur, 0));
	else
		buf_adds(dst, "Questions");
	buf_add(dst, html_style, sizeof html_style - 1);
}

static void html_close_group(struct render *r, struct buf *dst)
{
	if (r->in_children)
		buf_adds(dst, "\n</ul>");
	if (r->in_group)
		buf_adds(dst, "</li>\n");
	r->in_children = r->in_group = 0;
}

static void html_close_list(struct render *r, struct buf *dst)
{
	html_close_group(r, dst);
	if (r->in_list)
		buf_adds(dst, "</ul>\n");
	r->in_list = 0;
}

static void html_link(struct render *r, struct buf *dst)
{
	struct text title = r->t[F_TITLE], url = r->t[F_URL], desc = r->t[F_DESC];
	if (escape_url_is_safe(url.p, url.len)) {
		buf_adds(dst, "<a href=\"");
		escape_href(dst, url.p, url.len);
		buf_adds(dst, "\">");
		html_text(dst, title.len ? title : url);
		buf_adds(dst, "</a>");
	} else {
		/* Not http, https or relative (javascript:, data:, ...): shown, not linked. */
		if (title.len) {
			buf_adds(dst, "<span class=\"unsafe\">");
			html_text(dst, title);
			buf_adds(dst, "</span> ");
		}
		buf_adds(dst, "<code>");
		html_text(dst, url);
		buf_adds(dst, "</code>");
	}
	if (desc.len) {
		buf_adds(dst, " <span class=\"desc\">\u2014 ");
		html_text(dst, desc);
		buf_adds(dst, "</span>");
	}
}

static void render_html(struct render *r, struct buf *dst)
{
	struct text topic = r->t[F_TOPIC];
	size_t k = path_common(r);
	if (k != (size_t)-1) {
		html_close_list(r, dst);
		if (k == r->cur.n && k > 0)
			k--;
		for (size_t i = k; i < r->cur.n; i++) {
			char tag[4] = {'h', (char)('1' + i), '>', '\0'}; /* i < 6 */
			buf_addc(dst, '<');
			buf_adds(dst, tag);
			html_text(dst, path_at(&r->cur, i));
			buf_add(dst, "</", 2);
			buf_adds(dst, tag);
			buf_addc(dst, '\n');
		}
		path_remember(r);
	}
	if (r->in_group && text_eq(topic, (struct text){r->topic.p, r->topic.len})) {
		buf_adds(dst, r->in_children ? "\n" : "\n<ul>\n");
		r->in_children = 1;
		buf_adds(dst, "<li>");
		html_link(r, dst);
		buf_adds(dst, "</li>");
		return;
	}
	html_close_group(r, dst);
	if (!r->in_list)
		buf_adds(dst, "<ul>\n");
	r->in_list = r->in_group = 1;
	buf_reset(&r->topic);
	buf_add(&r->topic, topic.p, topic.len);
	buf_adds(dst, "<li>");
	if (text_eq(topic, r->t[F_TITLE])) {
		html_link(r, dst);
		return;
	}
	buf_adds(dst, "<span class=\"topic\">");
	html_text(dst, topic);
	buf_adds(dst, "</span>\n<ul>\n<li>");
	r->in_children = 1;
	html_link(r, dst);
	buf_adds(dst, "</li>");
}

/* ---- csv, tsv ---- */

static void put_field(struct buf *dst, const char *s, size_t len, int tsv)
{
	if (tsv)
		escape_tsv(dst, s, len);
	else
		escape_csv(dst, s, len);
}

static void table_header(struct render *r, struct buf *dst)
{
	int tsv = r->o.format == RENDER_TSV;
	for (size_t i = 0; i < r->nfields; i++) {
		if (i)
			buf_addc(dst, tsv ? '\t' : ',');
		put_field(dst, r->field[i], strlen(r->field[i]), tsv);
	}
	buf_adds(dst, tsv ? "\n" : "\r\n");
}

static void table_row(struct render *r, json_t *obj, struct buf *dst)
{
	int tsv = r->o.format == RENDER_TSV;
	for (size_t i = 0; i < r->nfields; i++) {
		if (i)
			buf_addc(dst, tsv ? '\t' : ',');
		json_t *v = json_object_get(obj, r->field[i]);
		if (json_is_string(v)) {
			put_field(dst, json_string_value(v), json_string_length(v), tsv);
		} else if (json_is_integer(v)) {
			char s[24];
			int n = snprintf(s, sizeof s, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			buf_add(dst, s, (size_t)n);
		} else if (v) {
			buf_reset(&r->tmp);
			jsonw_text(&r->tmp, v);
			put_field(dst, r->tmp.p ? r->tmp.p : "", r->tmp.len, tsv);
		}
	}
	buf_adds(dst, tsv ? "\n" : "\r\n");
}

/* ---- the driver ---- */

void render_record(struct render *r, json_t *obj, struct buf *dst)
{
	r->count++;
	switch (r->o.format) {
	case RENDER_CSV:
	case RENDER_TSV:
		if (!r->started)
			table_header(r, dst);
		r->started = 1;
		table_row(r, obj, dst);
		break;
	case RENDER_JSONL:
		jsonw_compact(dst, obj);
		buf_addc(dst, '\n');
		break;
	case RENDER_JSON:
		buf_adds(dst, r->count == 1 ? "[\n  " : ",\n  ");
		jsonw_pretty(dst, obj, 1);
		break;
	case RENDER_TEMPLATE:
		template_expand(r->o.tmpl, obj, dst);
		buf_addc(dst, '\n');
		break;
	case RENDER_TEXT:
		load_texts(r, obj);
		render_text(r, obj, dst);
		break;
	case RENDER_MARKDOWN:
		load_texts(r, obj);
		load_path(r, obj);
		render_markdown(r, dst);
		break;
	case RENDER_HTML:
		load_texts(r, obj);
		load_path(r, obj);
		if (!r->started)
			html_start(r, dst);
		r->started = 1;
		render_html(r, dst);
		break;
	}
}

void render_finish(struct render *r, struct buf *dst)
{
	switch (r->o.format) {
	case RENDER_CSV:
	case RENDER_TSV:
		if (!r->started)
			table_header(r, dst);
		break;
	case RENDER_JSON:
		buf_adds(dst, r->count ? "\n]\n" : "[]\n");
		break;
	case RENDER_HTML:
		if (!r->started) {
			path_reset(&r->cur);
			html_start(r, dst);
			buf_adds(dst, "<p>No questions.</p>\n");
		}
		html_close_list(r, dst);
		buf_adds(dst, "</main>\n</body>\n</html>\n");
		break;
	default:
		break;
	}
	r->started = 1;
}
