#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "escape.h"
#include "jsonw.h"
#include "record.h"
#include "termsafe.h"
#include "utf8.h"
#include "width.h"
#include "xalloc.h"

/* A heading path: element i is bytes.p[off[i] .. off[i+1]). */
struct path {
	struct buf bytes;
	size_t *off;
	size_t n, cap;
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
	struct buf safe;          /* text: a text made safe for a terminal */
	struct asked *asked;      /* csv, tsv, template: the fields the user named */
	size_t nasked;
	struct held *held;        /* markdown, html: the records, until the end */
	size_t nheld, cap_held;
	json_t *nodes;            /* markdown, html: group key -> first-appearance number */
	size_t kana, hangul, han; /* html: characters seen, for the page's language */
};

/* A field named with -F or in a template, and whether a record had it. */
struct asked {
	const char *name;
	int seen;
};

/* A record held by a grouped format, with its sort key: per heading level
 * the group's first-appearance number, topics of a heading before its
 * subheadings (GROUP_HEADING set), then the input position. */
enum { MAX_LEVELS = 6 };
#define GROUP_HEADING ((uint64_t)1 << 63)
struct held {
	json_t *obj;
	uint64_t key[MAX_LEVELS + 1];
	size_t nkey, pos;
};

static const char html_doctype[] = "<!DOCTYPE html>\n<html lang=\"";
static const char html_head[] =
	"\">\n"
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
	for (int i = 0; i < NTEXT; i++)
		buf_init(&r->tbuf[i]);
	buf_init(&r->tmp);
	buf_init(&r->line);
	buf_init(&r->cur.bytes);
	buf_init(&r->shown.bytes);
	buf_init(&r->topic);
	buf_init(&r->safe);
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
	if ((opts->format == RENDER_CSV || opts->format == RENDER_TSV) && opts->fields) {
		r->nasked = r->nfields;
		r->asked = xcalloc(r->nasked + 1, sizeof *r->asked);
		for (size_t i = 0; i < r->nfields; i++)
			r->asked[i].name = r->field[i];
	} else if (opts->format == RENDER_TEMPLATE) {
		r->nasked = template_nfields(opts->tmpl);
		r->asked = xcalloc(r->nasked + 1, sizeof *r->asked);
		for (size_t i = 0; i < r->nasked; i++)
			r->asked[i].name = template_field(opts->tmpl, i);
	}
	if (opts->format == RENDER_MARKDOWN || opts->format == RENDER_HTML)
		r->nodes = json_object();
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
	buf_free(&r->safe);
	free(r->asked);
	for (size_t i = 0; i < r->nheld; i++)
		json_decref(r->held[i].obj);
	free(r->held);
	json_decref(r->nodes);
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
		r->t[i] = (struct text){r->tbuf[i].p, r->tbuf[i].len};
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
	XGROW(pa->off, 1, pa->cap);
	pa->off[0] = 0;
	pa->n = 0;
}

static void path_end_element(struct path *pa)
{
	XGROW(pa->off, pa->n + 2, pa->cap);
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

/* Append t for a terminal: control and BiDi characters made visible by
 * termsafe (white space is left for width_wrap to fold), then wrapped. */
static void safe_wrap(struct render *r, struct buf *dst, struct text t, size_t *col,
		      size_t indent, size_t wrap)
{
	buf_reset(&r->safe);
	termsafe_append(&r->safe, t.p, t.len, TERMSAFE_KEEP_SPACE);
	width_wrap(dst, r->safe.p, r->safe.len, col, indent, wrap);
}

/* The headline is what the record asks (its topic), the title below it
 * when it says something else; then desc, "section · #n" and the url. */
static void render_text(struct render *r, json_t *obj, struct buf *dst)
{
	struct text title = r->t[F_TITLE], url = r->t[F_URL], sec = r->t[F_SECTION],
		    topic = r->t[F_TOPIC], desc = r->t[F_DESC], head = title;
	if (width_str(title.p, title.len) == 0 && url.len) {
		title = head = url;
		url = (struct text){"", 0};
	} else if (!title.len && !sec.len && !topic.len && !desc.len) {
		buf_reset(&r->tmp);
		jsonw_compact(&r->tmp, obj);
		title = head = (struct text){r->tmp.p, r->tmp.len};
	}
	int topic_head = width_str(topic.p, topic.len) && !text_eq(topic, title);
	if (topic_head)
		head = topic;
	if (r->count > 1)
		buf_addc(dst, '\n');
	char num[32];
	size_t indent = (size_t)snprintf(num, sizeof num, "%3lu.", r->count) + 1, col = indent;
	sgr(r, dst, "33");
	buf_add(dst, num, indent - 1);
	sgr(r, dst, "0");
	buf_addc(dst, ' ');
	sgr(r, dst, "1");
	safe_wrap(r, dst, head, &col, indent, r->o.width);
	sgr(r, dst, "0");
	if (topic_head && width_str(title.p, title.len)) {
		text_line(dst, indent, &col);
		safe_wrap(r, dst, title, &col, indent, r->o.width);
	}
	if (width_str(desc.p, desc.len)) {
		text_line(dst, indent, &col);
		safe_wrap(r, dst, desc, &col, indent, r->o.width);
	}
	struct buf *line = &r->line;
	buf_reset(line);
	buf_add(line, sec.p, sec.len);
	json_t *n = json_object_get(obj, "n");
	if (json_is_integer(n)) {
		if (width_str(sec.p, sec.len))
			buf_adds(line, " \u00b7 ");
		char s[32];
		int k = snprintf(s, sizeof s, "#%" JSON_INTEGER_FORMAT, json_integer_value(n));
		buf_add(line, s, (size_t)k);
	}
	if (width_str(line->p, line->len)) {
		text_line(dst, indent, &col);
		sgr(r, dst, "36");
		safe_wrap(r, dst, (struct text){line->p, line->len}, &col, indent, r->o.width);
		sgr(r, dst, "0");
	}
	if (width_str(url.p, url.len)) {
		text_line(dst, indent, &col);
		sgr(r, dst, "34");
		safe_wrap(r, dst, url, &col, indent, 0);
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
		escape_md_text(dst, h.p, h.len, ESCAPE_MD_HEADING);
		buf_add(dst, "\n\n", 2);
	}
	path_remember(r);
	r->in_group = 0;
}

/* Whether code point cp is left out when iqcat asks whether a block ends
 * in a question mark (SPEC §1, question records). */
static int trails_question(uint32_t cp)
{
	static const uint32_t closing[] = {')', ']', '}', 0xff09, 0x3011, 0x300d, 0x300f,
					   '"', '\'', 0x201d, 0x2019, '*', '_', 0x200d};
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (cp == closing[i])
			return 1;
	if (utf8_is_white(cp) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef))
		return 1;
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_SM || c == UTF8PROC_CATEGORY_SC ||
	       c == UTF8PROC_CATEGORY_SK || c == UTF8PROC_CATEGORY_SO;
}

/* A question record (SPEC §1): no url, the topic is the title, and the
 * title ends in a question mark as iqcat's question test says, so that a
 * link written [t]() whose topic is its title stays a link. */
static int is_question(const struct render *r)
{
	struct text t = r->t[F_TITLE];
	if (r->t[F_URL].len || !text_eq(r->t[F_TOPIC], t))
		return 0;
	const unsigned char *s = (const unsigned char *)t.p;
	uint32_t cp, last = 0;
	size_t i = 0, n, bad;
	while (i < t.len) {
		if (!(n = utf8_decode(s + i, t.len - i, &cp, &bad))) {
			last = 0xfffd;
			i += bad;
			continue;
		}
		if (!trails_question(cp))
			last = cp;
		i += n;
	}
	return last == '?' || last == 0xff1f;
}

static void render_markdown(struct render *r, struct buf *dst)
{
	struct text topic = r->t[F_TOPIC];
	md_headings(r, dst);
	if (is_question(r)) {
		/* A plain item of its own, so iqcat reads it back as the question
		 * (an item with a link under it would not be one). */
		buf_add(dst, "- ", 2);
		escape_md_text(dst, r->t[F_TITLE].p, r->t[F_TITLE].len, ESCAPE_MD_BLOCK_START);
		buf_addc(dst, '\n');
		r->in_group = 0;
		return;
	}
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
	buf_grow(&r->tmp, 0); /* p is never NULL below, even for an empty topic */
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

/* The page's language: --lang, or what the script of the text says
 * (kana: Japanese; Hangul: Korean; other CJK ideographs: Chinese), so a
 * browser draws CJK with the right glyphs; else English. */
static const char *html_lang(const struct render *r)
{
	if (r->o.lang)
		return r->o.lang;
	if (r->kana && r->kana >= r->hangul)
		return "ja";
	if (r->hangul)
		return "ko";
	return r->han ? "zh" : "en";
}

static void count_scripts(struct render *r, struct text t)
{
	const unsigned char *s = (const unsigned char *)t.p;
	size_t i = 0, bad;
	uint32_t cp;
	while (i < t.len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_decode(s + i, t.len - i, &cp, &bad);
		if (!n) {
			i += bad;
			continue;
		}
		i += n;
		if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
		    (cp >= 0xff66 && cp <= 0xff9f))
			r->kana++;
		else if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
			 (cp >= 0xac00 && cp <= 0xd7af))
			r->hangul++;
		else if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
			 (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff))
			r->han++;
	}
}

static void html_start(struct render *r, struct buf *dst)
{
	buf_add(dst, html_doctype, sizeof html_doctype - 1);
	escape_html(dst, html_lang(r), strlen(html_lang(r)));
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
	if (!url.len) {
		html_text(dst, title); /* a question, or [t](): nothing to link to */
	} else if (escape_url_is_safe(url.p, url.len)) {
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
	if (is_question(r)) {
		buf_adds(dst, "<span class=\"topic\">");
		html_text(dst, topic);
		buf_adds(dst, "</span>");
		return;
	}
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

static void put_field(const struct render *r, struct buf *dst, const char *s, size_t len)
{
	if (r->o.format == RENDER_TSV)
		escape_tsv(dst, s, len);
	else if (r->o.spreadsheet)
		escape_csv_spreadsheet(dst, s, len);
	else
		escape_csv(dst, s, len);
}

static void table_header(struct render *r, struct buf *dst)
{
	int tsv = r->o.format == RENDER_TSV;
	if (!tsv && r->o.spreadsheet)
		buf_adds(dst, "\xef\xbb\xbf"); /* so that spreadsheets read UTF-8 */
	for (size_t i = 0; i < r->nfields; i++) {
		if (i)
			buf_addc(dst, tsv ? '\t' : ',');
		put_field(r, dst, r->field[i], strlen(r->field[i]));
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
			put_field(r, dst, json_string_value(v), json_string_length(v));
		} else if (json_is_integer(v)) {
			char s[24];
			int n = snprintf(s, sizeof s, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			buf_add(dst, s, (size_t)n);
		} else if (json_is_real(v)) {
			jsonw_text(dst, v); /* a number, never a formula */
		} else if (v) {
			buf_reset(&r->tmp);
			jsonw_text(&r->tmp, v);
			put_field(r, dst, r->tmp.p, r->tmp.len);
		}
	}
	buf_adds(dst, tsv ? "\n" : "\r\n");
}

/* ---- grouped formats: records held, then sorted ---- */

/* The first-appearance number of the group that key (key_len bytes) names,
 * numbering it now if it is new. */
static uint64_t group_number(struct render *r, const char *key, size_t key_len)
{
	json_t *v = json_object_getn(r->nodes, key, key_len);
	if (v)
		return (uint64_t)json_integer_value(v);
	json_int_t k = (json_int_t)json_object_size(r->nodes);
	json_object_setn_new_nocheck(r->nodes, key, key_len, json_integer(k));
	return (uint64_t)k;
}

/* Append t to key so that no two sequences of texts give the same key. */
static void key_add(struct buf *key, struct text t)
{
	char n[24];
	int k = snprintf(n, sizeof n, "%zu:", t.len);
	buf_add(key, n, (size_t)k);
	buf_add(key, t.p, t.len);
}

static void hold(struct render *r, json_t *obj)
{
	load_texts(r, obj);
	load_path(r, obj);
	XGROW(r->held, r->nheld + 1, r->cap_held);
	struct held *h = &r->held[r->nheld];
	*h = (struct held){json_incref(obj), {0}, 0, r->nheld};
	r->nheld++;
	struct buf *key = &r->tmp;
	buf_reset(key);
	buf_addc(key, 'h');
	for (size_t i = 0; i < r->cur.n; i++) {
		key_add(key, path_at(&r->cur, i));
		h->key[h->nkey++] = GROUP_HEADING | group_number(r, key->p, key->len);
	}
	key->p[0] = 't';
	key_add(key, r->t[F_TOPIC]);
	/* Topics come before the subheadings of their heading, which is
	 * written once; at the top, where an empty "#" heading returns to no
	 * heading, by first appearance among the headings. */
	h->key[h->nkey] = group_number(r, key->p, key->len);
	if (h->nkey++ == 0)
		h->key[0] |= GROUP_HEADING;
	if (r->o.format == RENDER_HTML)
		for (int i = 0; i < NTEXT; i++)
			if (i != F_URL)
				count_scripts(r, r->t[i]);
}

static int held_cmp(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;
	for (size_t i = 0; i < a->nkey && i < b->nkey; i++)
		if (a->key[i] != b->key[i])
			return a->key[i] < b->key[i] ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void render_held(struct render *r, struct buf *dst)
{
	if (r->nheld)
		qsort(r->held, r->nheld, sizeof *r->held, held_cmp);
	for (size_t i = 0; i < r->nheld; i++) {
		r->count = i + 1;
		load_texts(r, r->held[i].obj);
		load_path(r, r->held[i].obj);
		if (r->o.format == RENDER_MARKDOWN) {
			render_markdown(r, dst);
		} else {
			if (!r->started)
				html_start(r, dst);
			r->started = 1;
			render_html(r, dst);
		}
		json_decref(r->held[i].obj);
		r->held[i].obj = NULL;
	}
	r->nheld = 0;
}

/* ---- the driver ---- */

static void note_fields(struct render *r, json_t *obj)
{
	for (size_t i = 0; i < r->nasked; i++)
		if (!r->asked[i].seen && json_object_get(obj, r->asked[i].name))
			r->asked[i].seen = 1;
}

const char *render_next_unseen(const struct render *r, size_t *pos)
{
	while (r->count && *pos < r->nasked) {
		const struct asked *a = &r->asked[(*pos)++];
		if (a->seen)
			continue;
		size_t j = 0;
		while (strcmp(r->asked[j].name, a->name) != 0)
			j++;
		if (&r->asked[j] == a)
			return a->name; /* the first time the name is asked for */
	}
	return NULL;
}

void render_record(struct render *r, json_t *obj, struct buf *dst)
{
	r->count++;
	note_fields(r, obj);
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
	case RENDER_HTML:
		hold(r, obj);
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
	case RENDER_MARKDOWN:
		render_held(r, dst);
		break;
	case RENDER_HTML:
		render_held(r, dst);
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

/* ---- the operations iqfmt's format table calls ---- */

static void *ops_open(const struct render_opts *o, char *err, size_t errsize)
{
	return render_new(o, err, errsize);
}
static void ops_record(void *st, json_t *obj, struct buf *dst) { render_record(st, obj, dst); }
static void ops_finish(void *st, struct buf *dst) { render_finish(st, dst); }
static const char *ops_unseen(const void *st, size_t *pos) { return render_next_unseen(st, pos); }
static void ops_close(void *st) { render_free(st); }

const struct render_ops render_ops = {ops_open, ops_record, ops_finish, ops_unseen, ops_close};
