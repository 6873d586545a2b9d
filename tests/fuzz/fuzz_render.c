/* libFuzzer harness: every iqfmt format.  The first byte picks the format
 * (and colour and --spreadsheet); the rest is JSON Lines, each object a
 * record.  Every output is valid UTF-8, and each format has its own check:
 * text holds no control or BiDi character but line feeds, markdown reads
 * back (through iqcat's parser) to the same URLs (of plain ASCII, not
 * anchors or mailto: links, which iqcat leaves out), csv and tsv have a row
 * per record, json and jsonl parse back, summary is text without trailing
 * spaces, anki is its header then a line of five tab-separated fields per
 * note.  A module with formats of its own adds one line to the cases
 * table. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anki.h"
#include "catalogue.h"
#include "jsonl.h"
#include "render.h"
#include "summary.h"
#include "template.h"
#include "termsafe.h"
#include "utf8.h"

struct input {
	json_t **rec;
	size_t n;
};

typedef void check_fn(const struct buf *out, const struct input *in, const struct render_opts *o);

static void check_text(const struct buf *out, const struct input *in, const struct render_opts *o)
{
	(void)in;
	const unsigned char *s = (const unsigned char *)out->p;
	size_t i = 0, n, bad;
	uint32_t cp;
	while (i < out->len) {
		if (!(n = utf8_decode(s + i, out->len - i, &cp, &bad)))
			abort();
		if (cp == '\033' && o->color && i + 1 < out->len && s[i + 1] == '[') {
			i += 2; /* our own SGR sequence: digits and ';' then 'm' */
			while (i < out->len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
				i++;
			if (i == out->len || s[i] != 'm')
				abort();
			i++;
			continue;
		}
		if (cp != '\n' && (cp == '\t' || termsafe_is_unsafe(cp)))
			abort();
		i += n;
	}
}

/* Text, every line ended by a line feed with no space before it. */
static void check_summary(const struct buf *out, const struct input *in,
			  const struct render_opts *o)
{
	check_text(out, in, o);
	if (!out->len || out->p[out->len - 1] != '\n')
		abort();
	for (size_t i = 1; i < out->len; i++)
		if (out->p[i] == '\n' && out->p[i - 1] == ' ')
			abort();
}

/* The string "id" of v, or NULL (len 0) when it has none. */
static const char *note_id(json_t *v, size_t *len)
{
	json_t *id = json_object_get(v, "id");
	*len = json_is_string(id) ? json_string_length(id) : 0;
	return *len ? json_string_value(id) : NULL;
}

/* The header, then one line of five fields (no other control character)
 * per record whose id was not seen before. */
static void check_anki(const struct buf *out, const struct input *in, const struct render_opts *o)
{
	(void)o;
	static const char header[] = "#separator:tab\n#html:true\n#notetype:Basic\n"
				     "#guid column:1\n#deck column:4\n#tags column:5\n";
	if (out->len < sizeof header - 1 || memcmp(out->p, header, sizeof header - 1) != 0)
		abort();
	size_t notes = 0;
	for (size_t i = 0; i < in->n; i++) {
		size_t len, prev_len;
		const char *id = note_id(in->rec[i], &len), *prev;
		size_t k = 0;
		if (id)
			for (; k < i; k++)
				if ((prev = note_id(in->rec[k], &prev_len)) && prev_len == len &&
				    memcmp(prev, id, len) == 0)
					break;
		notes += !id || k == i;
	}
	size_t lines = 0, tabs = 0;
	for (size_t i = sizeof header - 1; i < out->len; i++) {
		unsigned char c = (unsigned char)out->p[i];
		if (c == '\t') {
			tabs++;
		} else if (c == '\n') {
			if (tabs != 4)
				abort();
			tabs = 0;
			lines++;
		} else if (c < 0x20 || c == 0x7f) {
			abort();
		}
	}
	if (tabs || lines != notes || (out->len && out->p[out->len - 1] != '\n'))
		abort();
}

static void collect_url(const struct record *r, void *userdata)
{
	json_t *urls = userdata;
	json_array_append_new(urls, json_stringn(r->url.p, r->url.len));
}

static int url_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	size_t lx = json_string_length(x), ly = json_string_length(y);
	int c = memcmp(json_string_value(x), json_string_value(y), lx < ly ? lx : ly);
	return c ? c : (lx > ly) - (lx < ly);
}

/* The non-empty URLs of urls, sorted, as one array. */
static json_t *url_bag(json_t *urls)
{
	size_t n = 0;
	json_t **v = malloc((json_array_size(urls) + 1) * sizeof *v);
	for (size_t i = 0; i < json_array_size(urls); i++)
		if (json_string_length(json_array_get(urls, i)))
			v[n++] = json_array_get(urls, i);
	qsort(v, n, sizeof *v, url_cmp);
	json_t *bag = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(bag, v[i]);
	free(v);
	return bag;
}

/* Read back, the Markdown gives the records' URLs (when they are plain
 * ASCII without spaces, so that nothing about them is folded). */
static void check_markdown(const struct buf *out, const struct input *in,
			   const struct render_opts *o)
{
	(void)o;
	json_t *want = json_array();
	for (size_t i = 0; i < in->n; i++) {
		json_t *u = json_object_get(in->rec[i], "url");
		if (!u)
			continue;
		if (!json_is_string(u))
			goto done;
		/* iqcat leaves out anchors and e-mail links (SPEC §1). */
		if (json_string_value(u)[0] == '#' || strncasecmp(json_string_value(u), "mailto:", 7) == 0)
			goto done;
		for (size_t k = 0; k < json_string_length(u); k++)
			if (json_string_value(u)[k] <= ' ' || json_string_value(u)[k] >= 0x7f)
				goto done;
		json_array_append(want, u);
	}
	json_t *got = json_array();
	struct catalogue_options co = {.all = 0};
	struct catalogue *c = catalogue_new(&co, collect_url, NULL, got);
	catalogue_parse(c, out->p, out->len, "fuzz.md");
	catalogue_free(c);
	json_t *a = url_bag(want), *b = url_bag(got);
	if (!json_equal(a, b))
		abort();
	json_decref(a);
	json_decref(b);
	json_decref(got);
done:
	json_decref(want);
}

/* RFC 4180 (csv) or one line per row (tsv): a header and a row a record. */
static void check_table(const struct buf *out, const struct input *in, const struct render_opts *o)
{
	size_t rows = 0, i = 0;
	int quoted = 0;
	if (o->spreadsheet) {
		if (out->len < 3 || memcmp(out->p, "\xef\xbb\xbf", 3) != 0)
			abort();
		i = 3;
	}
	for (; i < out->len; i++) {
		char c = out->p[i];
		if (o->format == RENDER_TSV) {
			if (c == '\r')
				abort();
			rows += c == '\n';
		} else if (c == '"') {
			quoted = !quoted;
		} else if (!quoted && c == '\n') {
			if (i == 0 || out->p[i - 1] != '\r')
				abort();
			rows++;
		} else if (!quoted && o->spreadsheet && i > 0 && out->p[i - 1] &&
			   strchr(",\n", out->p[i - 1]) && c && strchr("=+-@\t\r", c)) {
			int row_end = c == '\r' && i + 1 < out->len && out->p[i + 1] == '\n';
			int number = c == '-' && i + 1 < out->len && out->p[i + 1] >= '0' &&
				     out->p[i + 1] <= '9';
			if (!row_end && !number)
				abort(); /* an unquoted cell that starts a formula */
		}
	}
	if (quoted || rows != in->n + 1)
		abort();
}

static void check_json(const struct buf *out, const struct input *in, const struct render_opts *o)
{
	json_error_t e;
	if (o->format == RENDER_JSON) {
		json_t *v = json_loadb(out->p, out->len, JSON_ALLOW_NUL, &e);
		if (!json_is_array(v) || json_array_size(v) != in->n)
			abort();
		json_decref(v);
		return;
	}
	const char *p = out->p, *end = out->p + out->len;
	size_t k = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			abort();
		json_t *v = json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &e);
		if (!v || k >= in->n || !json_equal(v, in->rec[k]))
			abort();
		json_decref(v);
		k++;
		p = nl + 1;
	}
	if (k != in->n)
		abort();
}

static void check_none(const struct buf *out, const struct input *in, const struct render_opts *o)
{
	(void)out, (void)in, (void)o;
}

static const struct fuzz_case {
	const struct render_ops *ops;
	enum render_format format;
	check_fn *check;
} cases[] = {
	{&render_ops, RENDER_TEXT, check_text},
	{&render_ops, RENDER_MARKDOWN, check_markdown},
	{&render_ops, RENDER_CSV, check_table},
	{&render_ops, RENDER_TSV, check_table},
	{&render_ops, RENDER_HTML, check_none},
	{&render_ops, RENDER_JSON, check_json},
	{&render_ops, RENDER_JSONL, check_json},
	{&render_ops, RENDER_TEMPLATE, check_none},
	{&summary_ops, RENDER_TEXT, check_summary},
	{&anki_ops, RENDER_TEXT, check_anki},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct fuzz_case *fc = &cases[data[0] % (sizeof cases / sizeof cases[0])];
	char err[256];
	struct field_template *t = template_compile("{title}|{n}|{headings}|{x}", err, sizeof err);
	struct render_opts o = {
		.format = fc->format,
		.fields = data[0] & 0x20 ? "n,title,url,headings,x" : NULL,
		.tmpl = t,
		.color = !!(data[0] & 0x40),
		.width = (size_t)(data[0] >> 4) * 7,
		.spreadsheet = fc->format == RENDER_CSV && (data[0] & 0x80),
		.deck = data[0] & 0x20 ? "D\"e\tc\nk" : NULL,
	};
	struct input in = {NULL, 0};
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_t *v = jsonl_parse(p, len, err, sizeof err);
		if (v) {
			in.rec = realloc(in.rec, (in.n + 1) * sizeof *in.rec);
			in.rec[in.n++] = v;
		}
		p += len + 1;
	}
	void *r = fc->ops->open(&o, err, sizeof err);
	if (!r)
		abort();
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < in.n; i++)
		fc->ops->record(r, in.rec[i], &out);
	fc->ops->finish(r, &out);
	if (!utf8_valid(out.p, out.len))
		abort();
	fc->check(&out, &in, &o);
	const char *name;
	for (size_t pos = 0; fc->ops->unseen && (name = fc->ops->unseen(r, &pos));)
		if (!*name)
			abort();
	fc->ops->close(r);
	buf_free(&out);
	for (size_t i = 0; i < in.n; i++)
		json_decref(in.rec[i]);
	free(in.rec);
	template_free(t);
	return 0;
}
