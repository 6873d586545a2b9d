/* Unit tests of iqfmt's library modules: jsonw, width, template, escape
 * and render. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "jsonw.h"
#include "render.h"
#include "template.h"
#include "width.h"

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON: %s: %s", s, e.text);
	return v;
}

/* ---- jsonw ---- */

static void real_is(double d, const char *want)
{
	struct buf b = BUF_INIT;
	jsonw_real(&b, d);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void test_real_shortest(void **state)
{
	(void)state;
	real_is(0.1, "0.1");
	real_is(3.0, "3.0");
	real_is(-0.0, "-0.0");
	real_is(1e300, "1e+300");
	real_is(1.0 / 3, "0.3333333333333333");
	real_is(123456789012345678.0, "1.2345678901234568e+17");
	real_is(5e-324, "4.94065645841247e-324");
	real_is(0.30000000000000004, "0.30000000000000004");
}

static void test_real_reads_back(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double d;
		memcpy(&d, &x, sizeof d);
		if (!isfinite(d))
			continue;
		struct buf b = BUF_INIT;
		jsonw_real(&b, d);
		assert_true(strtod(b.p, NULL) == d);
		assert_true(strpbrk(b.p, ".e") != NULL);
		buf_free(&b);
	}
}

static void compact_is(const char *in, const char *want)
{
	json_t *v = parse(in);
	struct buf b = BUF_INIT;
	jsonw_compact(&b, v);
	assert_string_equal(b.p, want);
	buf_free(&b);
	json_decref(v);
}

static void test_compact_order(void **state)
{
	(void)state;
	/* Foreign objects keep their order. */
	compact_is("{\"z\": 1, \"a\": [true, false, null, {}], \"m\": {\"y\": \"\\u0001\"}}",
		   "{\"z\":1,\"a\":[true,false,null,{}],\"m\":{\"y\":\"\\u0001\"}}");
	/* A record: canonical order, extra keys after, in their order. */
	compact_is("{\"line\":3,\"extra\":1,\"file\":\"f\",\"headings\":[],\"desc\":\"\",\"url\":\"u\","
		   "\"title\":\"t\",\"topic\":\"o\",\"section\":\"\",\"id\":\"0\",\"n\":1,\"more\":2}",
		   "{\"n\":1,\"id\":\"0\",\"section\":\"\",\"topic\":\"o\",\"title\":\"t\",\"url\":\"u\","
		   "\"desc\":\"\",\"headings\":[],\"file\":\"f\",\"line\":3,\"extra\":1,\"more\":2}");
	/* Nine of the ten keys: not a record, order kept. */
	compact_is("{\"title\":\"t\",\"n\":1}", "{\"title\":\"t\",\"n\":1}");
	compact_is("{\"big\":-9223372036854775808,\"r\":2.5,\"s\":\"\xe5\xa4\xa7/\\\"\"}",
		   "{\"big\":-9223372036854775808,\"r\":2.5,\"s\":\"\xe5\xa4\xa7/\\\"\"}");
}

static void test_pretty(void **state)
{
	(void)state;
	json_t *v = parse("{\"a\":[1,[],{}],\"b\":{\"c\":\"d\"},\"e\":[]}");
	struct buf b = BUF_INIT;
	jsonw_pretty(&b, v, 0);
	assert_string_equal(b.p, "{\n  \"a\": [\n    1,\n    [],\n    {}\n  ],\n"
				 "  \"b\": {\n    \"c\": \"d\"\n  },\n  \"e\": []\n}");
	buf_reset(&b);
	jsonw_pretty(&b, v, 1);
	assert_string_equal(b.p, "{\n    \"a\": [\n      1,\n      [],\n      {}\n    ],\n"
				 "    \"b\": {\n      \"c\": \"d\"\n    },\n    \"e\": []\n  }");
	buf_free(&b);
	json_decref(v);
}

static void text_is(const char *in, const char *want)
{
	json_t *v = parse(in);
	struct buf b = BUF_INIT;
	jsonw_text(&b, v);
	assert_string_equal(b.len ? b.p : "", want);
	buf_free(&b);
	json_decref(v);
}

static void test_text(void **state)
{
	(void)state;
	text_is("\"a \\\"b\\\"\"", "a \"b\"");
	text_is("42", "42");
	text_is("4.5", "4.5");
	text_is("null", "");
	text_is("false", "false");
	text_is("[\"A\",\"B\",3,[1,2],{\"k\":null}]", "A > B > 3 > [1,2] > {\"k\":null}");
	text_is("{\"k\":[1]}", "{\"k\":[1]}");
}

/* ---- width ---- */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(width_char('a'), 1);
	assert_int_equal(width_char(0x5927), 2);   /* 大 */
	assert_int_equal(width_char(0xff0c), 2);   /* ， */
	assert_int_equal(width_char(0xac00), 2);   /* 가 */
	assert_int_equal(width_char(0x1f600), 2);  /* 😀 */
	assert_int_equal(width_char(0x301), 0);    /* combining acute */
	assert_int_equal(width_char(0x1b), 0);
	assert_int_equal(width_char(0x9b), 0);
	assert_int_equal(width_str("a\xe5\xa4\xa7" "e\xcc\x81", 7), 4);
	assert_int_equal(width_str("\xff", 1), 1);
}

static void wrap_is(const char *in, size_t col, size_t indent, size_t wrap, const char *want)
{
	struct buf b = BUF_INIT;
	width_wrap(&b, in, strlen(in), &col, indent, wrap);
	assert_string_equal(b.len ? b.p : "", want);
	buf_free(&b);
}

static void test_wrap(void **state)
{
	(void)state;
	/* Folding, trimming, controls shown as U+FFFD, no wrapping. */
	wrap_is("  a \t\n b\xe3\x80\x80" "c ", 0, 0, 0, "a b c");
	wrap_is("x\033[31my\x7f\xc2\x9bz\xff", 0, 0, 0,
		"x\xef\xbf\xbd[31my\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd");
	/* Words. */
	wrap_is("one two three four", 2, 2, 10, "one two\n  three\n  four");
	/* A word longer than a line is cut. */
	wrap_is("abcdefghij", 2, 2, 6, "abcd\n  efgh\n  ij");
	/* CJK: two columns each, a break between any two... */
	wrap_is("\xe5\xa4\xa7\xe8\xaf\xad\xe8\xa8\x80\xe6\xa8\xa1\xe5\x9e\x8b", 0, 0, 6,
		"\xe5\xa4\xa7\xe8\xaf\xad\xe8\xa8\x80\n\xe6\xa8\xa1\xe5\x9e\x8b");
	/* ...but none before a closing comma: 大语，言 keeps "语，" together. */
	wrap_is("\xe5\xa4\xa7\xe8\xaf\xad\xef\xbc\x8c\xe8\xa8\x80", 0, 0, 4,
		"\xe5\xa4\xa7\n\xe8\xaf\xad\xef\xbc\x8c\n\xe8\xa8\x80");
	/* Mixed: "KV 缓存" at width 5 from column 0. */
	wrap_is("KV \xe7\xbc\x93\xe5\xad\x98", 0, 0, 5, "KV \xe7\xbc\x93\n\xe5\xad\x98");
	/* A space at the break is dropped, and the indent follows. */
	wrap_is("ab cd", 3, 3, 6, "ab\n   cd");
}

/* ---- template ---- */

static void expand_is(const char *tmpl, const char *json, const char *want)
{
	char err[200];
	struct field_template *t = template_compile(tmpl, err, sizeof err);
	if (!t)
		fail_msg("%s", err);
	json_t *v = parse(json);
	struct buf b = BUF_INIT;
	template_expand(t, v, &b);
	assert_string_equal(b.len ? b.p : "", want);
	buf_free(&b);
	json_decref(v);
	template_free(t);
}

static void template_fails(const char *tmpl, const char *want)
{
	char err[200];
	assert_null(template_compile(tmpl, err, sizeof err));
	assert_string_equal(err, want);
}

static void test_template(void **state)
{
	(void)state;
	expand_is("{n}. {title} <{url}>", "{\"n\":3,\"title\":\"T\",\"url\":\"u\"}", "3. T <u>");
	expand_is("{{{a}}}|{missing}|{h}", "{\"a\":1.5,\"h\":[\"x\",\"y\"]}", "{1.5}||x > y");
	expand_is("a\\tb\\nc\\\\d", "{}", "a\tb\nc\\d");
	expand_is("{odd key}{null}", "{\"odd key\":\"k\",\"null\":null}", "k");
	expand_is("", "{\"a\":1}", "");
	template_fails("{title", "template: missing '}' after '{title'");
	template_fails("{a{b}", "template: missing '}' after '{a'");
	template_fails("a}b", "template: single '}' (write '}}' for a brace)");
	template_fails("{}", "template: empty field name '{}'");
	template_fails("x\\", "template: '\\' at the end");
	template_fails("\\r", "template: unknown escape '\\r' (use \\n, \\t or \\\\)");
}

/* ---- escape ---- */

typedef void escape_fn(struct buf *, const char *, size_t);

static void escaped_is(escape_fn *f, const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	f(&b, in, len);
	assert_string_equal(b.len ? b.p : "", want);
	buf_free(&b);
}

static void md_text(struct buf *b, const char *s, size_t n) { escape_md_text(b, s, n, 0); }
static void md_head(struct buf *b, const char *s, size_t n)
{
	escape_md_text(b, s, n, ESCAPE_MD_HEADING);
}
static void md_item(struct buf *b, const char *s, size_t n)
{
	escape_md_text(b, s, n, ESCAPE_MD_BLOCK_START);
}
#define ESC(f, s, want) escaped_is(f, s, sizeof s - 1, want)

static void test_escape_markdown(void **state)
{
	(void)state;
	ESC(md_text, "Function Call & MCP", "Function Call & MCP");
	ESC(md_text, "a *b* _c_ `d` [e] <f> ~g~ \\h", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f> \\~g\\~ \\\\h");
	ESC(md_text, "&amp; &#1; & x", "\\&amp; \\&#1; & x");
	ESC(md_text, "see https://x.y and www.z.org, a@b.c", "see https\\://x.y and www\\.z.org, a\\@b.c");
	ESC(md_text, "C# #1", "C# #1");
	ESC(md_head, "C# #1", "C\\# \\#1");
	ESC(md_text, "  a\n\n b\t", "a b");
	ESC(md_text, "nul\0!", "nul\xef\xbf\xbd!");
	ESC(escape_md_url, "https://e.com/a b?x=<1>&amp;y=\\", "https://e.com/a b?x=\\<1\\>\\&amp;y=\\\\");
	ESC(escape_md_url, "a\nb\rc", "a&#10;b&#13;c");
	/* md4c would pair a backtick with a later one into a code span. */
	ESC(escape_md_url, "https://e.com/`a`", "https://e.com/\\`a\\`");
	/* A plain list item's text must not open a block. */
	ESC(md_item, "# a - b", "\\# a - b");
	ESC(md_item, "- a", "\\- a");
	ESC(md_item, "+ a", "\\+ a");
	ESC(md_item, "> a", "\\> a");
	ESC(md_item, "=== a", "\\=== a");
	ESC(md_item, "| a |", "\\| a |");
	ESC(md_item, "12. Why? 3. x", "12\\. Why? 3. x");
	ESC(md_item, "3) a.", "3\\) a.");
	ESC(md_item, "  1.5 www.x", "1\\.5 www\\.x");
	ESC(md_item, "What? - a", "What? - a");
	ESC(md_text, "- 1. a", "- 1. a");
}

static void test_escape_html(void **state)
{
	(void)state;
	ESC(escape_html, "<script>alert('x' & \"y\")</script>",
	    "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
	ESC(escape_html, "a\0b\x01\t\n\x0c\r\x7f\xc2\x85\xef\xb7\x90\xef\xbf\xbe\xe5\xa4\xa7",
	    "a\xef\xbf\xbd" "b\xef\xbf\xbd\t\n\x0c\r\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xe5\xa4\xa7");
	ESC(escape_href, "https://e.com/a b?q=\"<x>\"&r=%zz%41{|}^`",
	    "https://e.com/a%20b?q=%22%3Cx%3E%22&amp;r=%25zz%41%7B%7C%7D%5E%60");
}

static void test_url_safety(void **state)
{
	(void)state;
	const char *safe[] = {"https://e.com", "HTTP://E.COM", "rel/path", "rel/a:b", "//host/x",
			      "#frag", "?q=1", "", "./javascript:x", "1abc:x"};
	const char *unsafe[] = {"javascript:alert(1)", "JavaScript:x", " \x01javascript:x",
				"java\tscript:x", "java\nscript:x", "data:text/html,x",
				"vbscript:x", "file:///etc/passwd", "mailto:a@b", "httpx:y",
				":x"};
	for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
		assert_true(escape_url_is_safe(safe[i], strlen(safe[i])));
	for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
		if (escape_url_is_safe(unsafe[i], strlen(unsafe[i])))
			fail_msg("taken as safe: %s", unsafe[i]);
}

static void test_escape_tables(void **state)
{
	(void)state;
	ESC(escape_csv, "plain text", "plain text");
	ESC(escape_csv, "a,b", "\"a,b\"");
	ESC(escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	ESC(escape_csv, "two\nlines\r", "\"two\nlines\r\"");
	ESC(escape_csv, "\"", "\"\"\"\"");
	ESC(escape_tsv, "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e");
	ESC(escape_csv_spreadsheet, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	ESC(escape_csv_spreadsheet, "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
	ESC(escape_csv_spreadsheet, "-1", "'-1");
	ESC(escape_csv_spreadsheet, "@SUM(A1)", "'@SUM(A1)");
	ESC(escape_csv_spreadsheet, "\tx", "'\tx");
	ESC(escape_csv_spreadsheet, "\rx", "\"'\rx\"");
	ESC(escape_csv_spreadsheet, "a=b, c", "\"a=b, c\"");
	ESC(escape_csv_spreadsheet, "", "");
	ESC(escape_csv, "=1+2", "=1+2");
}

/* ---- render ---- */

static char *render_all(struct render_opts *o, const char *const *lines, size_t n)
{
	char err[200];
	struct render *r = render_new(o, err, sizeof err);
	if (!r)
		fail_msg("%s", err);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		json_t *v = parse(lines[i]);
		render_record(r, v, &b);
		json_decref(v);
	}
	render_finish(r, &b);
	render_free(r);
	char *s = strdup(b.len ? b.p : "");
	buf_free(&b);
	return s;
}

#define REC(h, sec, topic, title, url)                                                          \
	"{\"n\":1,\"id\":\"0\",\"section\":\"" sec "\",\"topic\":\"" topic "\",\"title\":\"" title \
	"\",\"url\":\"" url "\",\"desc\":\"\",\"headings\":[" h "],\"file\":\"f\",\"line\":1}"

static const char *const recs[] = {
	REC("\"A\"", "A", "T", "T", "u1"),
	REC("\"A\"", "A", "T", "child", "u2"),
	REC("\"A\",\"B\"", "B", "Topic", "x", "u3"),
	REC("\"A\",\"B\"", "B", "Topic", "y", "u4"),
	REC("\"A\",\"B\"", "B", "Colon:", "z", "u5"),
	REC("\"A\"", "A", "T", "T", "u6"),
	REC("", "", "q", "q", "u7"),
};

/* The page's <main> .. end equals want. */
static void assert_html_body(const char *page, const char *want)
{
	const char *body = strstr(page, "<main>\n");
	assert_non_null(body);
	assert_string_equal(body, want);
}

static void test_render_markdown(void **state)
{
	(void)state;
	struct render_opts o = {.format = RENDER_MARKDOWN};
	char *s = render_all(&o, recs, sizeof recs / sizeof *recs);
	assert_string_equal(s,
			    "# A\n\n"
			    "- [T](<u1>)\n"
			    "  - [child](<u2>)\n"
			    "  - [T](<u6>)\n"
			    "\n## B\n\n"
			    "- **Topic**\n"
			    "  - [x](<u3>)\n"
			    "  - [y](<u4>)\n"
			    "- [Colon:](#)\n"
			    "  - [z](<u5>)\n"
			    "\n#\n\n"
			    "- [q](<u7>)\n");
	free(s);
}

/* Grouped by first appearance whatever the order: a heading's topics
 * before its subheadings, each heading once; at the top, records with no
 * heading where they first came. */
static void test_render_grouped(void **state)
{
	(void)state;
	const char *const shuffled[] = {
		REC("\"A\",\"B\"", "B", "Topic", "x", "u3"),
		REC("", "", "q", "q", "u7"),
		REC("\"A\"", "A", "T", "T", "u1"),
		REC("\"C\"", "C", "c", "c", "u8"),
		REC("\"A\",\"B\"", "B", "Other", "o", "u9"),
		REC("\"A\",\"B\"", "B", "Topic", "y", "u4"),
		REC("\"A\"", "A", "", "e", "u10"),
	};
	struct render_opts o = {.format = RENDER_MARKDOWN};
	char *s = render_all(&o, shuffled, sizeof shuffled / sizeof *shuffled);
	assert_string_equal(s, "# A\n\n"
			       "- [T](<u1>)\n"
			       "- [](#)\n"
			       "  - [e](<u10>)\n"
			       "\n## B\n\n"
			       "- **Topic**\n"
			       "  - [x](<u3>)\n"
			       "  - [y](<u4>)\n"
			       "- **Other**\n"
			       "  - [o](<u9>)\n"
			       "\n#\n\n"
			       "- [q](<u7>)\n"
			       "\n# C\n\n"
			       "- [c](<u8>)\n");
	free(s);
	o.format = RENDER_HTML;
	s = render_all(&o, shuffled, 2);
	assert_html_body(s, "<main>\n<h1>A</h1>\n<h2>B</h2>\n<ul>\n"
				  "<li><span class=\"topic\">Topic</span>\n<ul>\n"
				  "<li><a href=\"u3\">x</a></li>\n</ul></li>\n</ul>\n"
				  "<ul>\n<li><a href=\"u7\">q</a></li>\n</ul>\n"
				  "</main>\n</body>\n</html>\n");
	free(s);
}

#define QREC(topic, title, url)                                                                 \
	"{\"section\":\"S\",\"headings\":[\"S\"],\"topic\":\"" topic "\",\"title\":\"" title \
	"\",\"url\":\"" url "\"}"

/* A question record is a plain item; another record without a url is
 * [t](<>); neither becomes a link in html. */
static void test_render_questions(void **state)
{
	(void)state;
	const char *const q[] = {
		QREC("What is KV cache?", "What is KV cache?", ""),
		QREC("Empty link", "Empty link", ""),
		QREC("What is KV cache?", "blog", "https://e.com/kv"),
		QREC("1. Why decoder-only? \\ud83e\\udd14 )", "1. Why decoder-only? \\ud83e\\udd14 )", ""),
		QREC("Why？", "Why？", ""),
		QREC("Why? not", "Why? not", ""),
	};
	struct render_opts o = {.format = RENDER_MARKDOWN};
	char *s = render_all(&o, q, sizeof q / sizeof *q);
	assert_string_equal(s, "# S\n\n"
			       "- What is KV cache?\n"
			       "- **What is KV cache?**\n"
			       "  - [blog](<https://e.com/kv>)\n"
			       "- [Empty link](<>)\n"
			       "- 1\\. Why decoder-only? \xf0\x9f\xa4\x94 )\n"
			       "- Why\xef\xbc\x9f\n"
			       "- [Why? not](<>)\n");
	free(s);
	o.format = RENDER_HTML;
	s = render_all(&o, q, 3);
		assert_null(strstr(s, "href=\"\""));
	assert_html_body(s, "<main>\n<h1>S</h1>\n<ul>\n"
				  "<li><span class=\"topic\">What is KV cache?</span>\n<ul>\n"
				  "<li><a href=\"https://e.com/kv\">blog</a></li>\n</ul></li>\n"
				  "<li>Empty link</li>\n</ul>\n"
				  "</main>\n</body>\n</html>\n");
	free(s);
}

/* The page's language: --lang, else from the script of the text. */
static void test_render_lang(void **state)
{
	(void)state;
	static const struct {
		const char *line, *lang, *want;
	} cases[] = {
		{"{\"title\":\"KV Cache\"}", NULL, "<html lang=\"en\">"},
		{"{\"title\":\"\xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b\"}", NULL, "<html lang=\"zh\">"},
		{"{\"title\":\"\xe6\xbc\xa2\xe5\xad\x97\xe3\x81\xae\"}", NULL, "<html lang=\"ja\">"},
		{"{\"desc\":\"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4\"}", NULL, "<html lang=\"ko\">"},
		{"{\"url\":\"https://e.com/\xe5\xa4\xa7\"}", NULL, "<html lang=\"en\">"},
		{"{\"title\":\"\xe5\xa4\xa7\"}", "fr-CA", "<html lang=\"fr-CA\">"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct render_opts o = {.format = RENDER_HTML, .lang = cases[i].lang};
		char *s = render_all(&o, &cases[i].line, 1);
		assert_non_null(strstr(s, cases[i].want));
		free(s);
	}
}

/* Field names that no record had, each once, in the order given. */
static void test_render_unseen(void **state)
{
	(void)state;
	char err[200];
	struct render_opts o = {.format = RENDER_CSV, .fields = "titel,n,x,titel,title"};
	struct render *r = render_new(&o, err, sizeof err);
	struct buf b = BUF_INIT;
	json_t *v = parse("{\"n\":1,\"title\":\"a\"}");
	render_record(r, v, &b);
	json_decref(v);
	size_t pos = 0;
	assert_string_equal(render_next_unseen(r, &pos), "titel");
	assert_string_equal(render_next_unseen(r, &pos), "x");
	assert_null(render_next_unseen(r, &pos));
	render_free(r);
	struct field_template *t = template_compile("{a}{b}{a}", err, sizeof err);
	assert_int_equal(template_nfields(t), 3);
	assert_string_equal(template_field(t, 1), "b");
	assert_null(template_field(t, 3));
	o = (struct render_opts){.format = RENDER_TEMPLATE, .tmpl = t};
	r = render_new(&o, err, sizeof err);
	v = parse("{\"b\":1}");
	render_record(r, v, &b);
	json_decref(v);
	pos = 0;
	assert_string_equal(render_next_unseen(r, &pos), "a");
	assert_null(render_next_unseen(r, &pos));
	render_free(r);
	template_free(t);
	buf_free(&b);
}

static void test_render_html(void **state)
{
	(void)state;
	struct render_opts o = {.format = RENDER_HTML};
	char *s = render_all(&o, recs, 4);
	assert_non_null(strstr(s, "<title>A</title>"));
	assert_html_body(s,
			    "<main>\n<h1>A</h1>\n<ul>\n"
			    "<li><a href=\"u1\">T</a>\n<ul>\n<li><a href=\"u2\">child</a></li>\n</ul></li>\n"
			    "</ul>\n<h2>B</h2>\n<ul>\n"
			    "<li><span class=\"topic\">Topic</span>\n<ul>\n<li><a href=\"u3\">x</a></li>\n"
			    "<li><a href=\"u4\">y</a></li>\n</ul></li>\n</ul>\n"
			    "</main>\n</body>\n</html>\n");
	free(s);
	s = render_all(&o, NULL, 0);
	assert_non_null(strstr(s, "<title>Questions</title>"));
	assert_non_null(strstr(s, "<p>No questions.</p>\n</main>\n</body>\n</html>\n"));
	free(s);
}

static void test_render_tables(void **state)
{
	(void)state;
	struct render_opts o = {.format = RENDER_CSV};
	char *s = render_all(&o, NULL, 0);
	assert_string_equal(s, "n,section,topic,title,url\r\n");
	free(s);
	const char *line[] = {"{\"n\":7,\"title\":\"a,b\",\"h\":[\"x\",\"y\"],\"r\":0.5,\"t\":\"a\\tb\"}"};
	o.fields = "n, title ,h,r,none";
	s = render_all(&o, line, 1);
	assert_string_equal(s, "n,title,h,r,none\r\n7,\"a,b\",x > y,0.5,\r\n");
	free(s);
	o.format = RENDER_TSV;
	o.fields = "t,title";
	s = render_all(&o, line, 1);
	assert_string_equal(s, "t\ttitle\na\\tb\ta,b\n");
	free(s);
	char err[200];
	o.fields = "a,,b";
	assert_null(render_new(&o, err, sizeof err));
	assert_string_equal(err, "empty field name in field list 'a,,b'");
}

static void test_render_json(void **state)
{
	(void)state;
	struct render_opts o = {.format = RENDER_JSON};
	char *s = render_all(&o, NULL, 0);
	assert_string_equal(s, "[]\n");
	free(s);
	const char *lines[] = {"{\"a\":1}", "{\"b\":[2]}"};
	s = render_all(&o, lines, 2);
	assert_string_equal(s, "[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": [\n      2\n    ]\n  }\n]\n");
	free(s);
	o.format = RENDER_JSONL;
	s = render_all(&o, lines, 2);
	assert_string_equal(s, "{\"a\":1}\n{\"b\":[2]}\n");
	free(s);
}

static void test_render_text(void **state)
{
	(void)state;
	struct render_opts o = {.format = RENDER_TEXT};
	const char *lines[] = {
		"{\"title\":\"Q\",\"section\":\"S\",\"topic\":\"T\",\"url\":\"u\",\"desc\":\"d\",\"n\":7}",
		"{\"x\":1}",
		"{\"url\":\"only\"}",
		"{\"title\":\"a\\u001b]52;c;eA==\\u0007 \xe2\x80\xaegnp.exe\",\"n\":3,"
		"\"url\":\"https://e.com/\xc2\x9b\xe2\x81\xa6\"}",
	};
	char *s = render_all(&o, lines, 4);
	assert_string_equal(s, "  1. T\n     Q\n     d\n     S \xc2\xb7 #7\n     u\n"
			       "\n  2. {\"x\":1}\n"
			       "\n  3. only\n"
			       "\n  4. a\\x1b]52;c;eA==\\x07 \\u202egnp.exe\n     #3\n"
			       "     https://e.com/\\u009b\\u2066\n");
	free(s);
	o.color = 1;
	s = render_all(&o, lines, 1);
	assert_string_equal(s, "\033[33m  1.\033[0m \033[1mT\033[0m\n     Q\n     d\n"
			       "     \033[36mS \xc2\xb7 #7\033[0m\n     \033[34mu\033[0m\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_shortest),
		cmocka_unit_test(test_real_reads_back),
		cmocka_unit_test(test_compact_order),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_escape_markdown),
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_url_safety),
		cmocka_unit_test(test_escape_tables),
		cmocka_unit_test(test_render_markdown),
		cmocka_unit_test(test_render_html),
		cmocka_unit_test(test_render_grouped),
		cmocka_unit_test(test_render_questions),
		cmocka_unit_test(test_render_lang),
		cmocka_unit_test(test_render_unseen),
		cmocka_unit_test(test_render_tables),
		cmocka_unit_test(test_render_json),
		cmocka_unit_test(test_render_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
