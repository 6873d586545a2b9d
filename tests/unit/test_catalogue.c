/* Unit tests of lib/catalogue through its callbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "catalogue.h"

struct seen {
	struct buf out;
};

static void collect(const struct record *r, void *userdata)
{
	struct seen *s = userdata;
	char head[64];
	snprintf(head, sizeof head, "%llu:%lu:", r->n, r->line);
	buf_adds(&s->out, head);
	buf_add(&s->out, r->section.p, r->section.len);
	buf_addc(&s->out, '|');
	buf_add(&s->out, r->topic.p, r->topic.len);
	buf_addc(&s->out, '|');
	buf_add(&s->out, r->title.p, r->title.len);
	buf_addc(&s->out, '|');
	buf_add(&s->out, r->url.p, r->url.len);
	buf_addc(&s->out, '|');
	buf_add(&s->out, r->desc.p, r->desc.len);
	buf_addc(&s->out, '\n');
}

static void warned(const char *file, unsigned long line, const char *message, void *userdata)
{
	struct seen *s = userdata;
	char head[64];
	snprintf(head, sizeof head, "%s:%lu: ", file, line);
	buf_adds(&s->out, head);
	buf_adds(&s->out, message);
	buf_addc(&s->out, '\n');
}

static const char *parse(int check, const char *md, const char *md2)
{
	static struct seen s;
	buf_free(&s.out);
	buf_adds(&s.out, "");
	struct catalogue_options o = {0, check, 0};
	struct catalogue *c = catalogue_new(&o, collect, warned, &s);
	assert_null(catalogue_parse(c, md, strlen(md), "a.md"));
	if (md2)
		assert_null(catalogue_parse(c, md2, strlen(md2), "b.md"));
	catalogue_free(c);
	return s.out.p;
}

static void test_topics(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "- **Bold** [a](u) - d\n- Plain: [b](v)\n", NULL),
			    "1:1:|Bold|a|u|d\n2:2:|Plain|b|v|\n");
	assert_string_equal(parse(0, "- [P](p)\n  - [c](q)\n", NULL),
			    "1:1:|P|P|p|\n2:2:|P|c|q|\n");
	assert_string_equal(parse(0, "| k | v |\n|---|---|\n| K | [x](u) |\n", NULL),
			    "1:3:|K|x|u|\n");
}

static void test_numbering_continues(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "# S\n[a](u)\n", "\xef\xbb\xbf[b](v)\n"),
			    "1:2:S|a|a|u|\n2:1:|b|b|v|\n");
}

static void test_line_numbers(void **state)
{
	(void)state;
	/* Lone CR ends lines too; an empty link finds its line by its '['. */
	assert_string_equal(parse(0, "x\ry\r\n[a](u)\n\n[](v)\n", NULL),
			    "1:3:|a|a|u|\n2:5:|||v|\n");
}

/* Record rules 2 (SPEC §1); each case gives something else under rules 1. */
static void test_generic_labels(void **state)
{
	(void)state;
	/* the heading (d), its generic link's title left out */
	assert_string_equal(parse(0, "### RAG [src](h)\n- [点击查看答案](u)\n", NULL),
			    "1:1:RAG src|RAG|src|h|\n2:2:RAG src|RAG|点击查看答案|u|\n");
	/* (c): the link before, no line break between */
	assert_string_equal(parse(0, "- [KV cache](a) [answer](b)\n", NULL),
			    "1:1:|KV cache|KV cache|a|\n2:1:|KV cache|answer|b|\n");
	/* a generic strong text gives way to rule 2 */
	assert_string_equal(parse(0, "- **Answer** to [x](u)\n", NULL),
			    "1:1:|Answer to|x|u|\n");
	assert_string_equal(parse(0, "- [Src 2](u)\n", NULL), "1:1:|Src 2|Src 2|u|\n");
}

static void test_index_cells(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "| Q17 | What is X? | [Answer](u) |\n|---|---|---|\n", NULL),
			    "1:1:|What is X?|Answer|u|\n");
	assert_string_equal(parse(0, "| # | 2017 | [T](u) |\n|---|---|---|\n| No. 3 | 2018 | [U](v) |\n", NULL),
			    "1:1:|T|T|u|\n2:3:|U|U|v|\n");
}

static void test_rule_texts(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "- RoPE ([blog](u))\n", NULL), "1:1:|RoPE|blog|u|\n");
	assert_string_equal(parse(0, "- iv. [Title](u)\n", NULL), "1:1:|Title|Title|u|\n");
	/* a paragraph after a nested list never names the item */
	assert_string_equal(parse(0, "- - [a](u)\n\n  Later\n\n  [b](v)\n", NULL),
			    "1:1:|a|a|u|\n2:5:|b|b|v|\n");
}

static void test_questions(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "## 3. Why decoder-only?\n\n- What is KV cache?\n", NULL),
			    "1:1:|3. Why decoder-only?|3. Why decoder-only?||\n"
			    "2:3:3. Why decoder-only?|What is KV cache?|What is KV cache?||\n");
	/* a heading with a link record below is no question record */
	assert_string_equal(parse(0, "## Why?\n[a](u)\n\n**What is regression? 👶**\n", NULL),
			    "1:2:Why?|a|a|u|\n2:4:Why?|What is regression? 👶|What is regression? 👶||\n");
	/* an item with a link in a nested item is none either; order kept */
	assert_string_equal(parse(0, "- Why?\n  - [a](u)\n- How?\n  - Which?\n", NULL),
			    "1:2:|Why?|a|u|\n2:3:|How?|How?||\n3:4:|Which?|Which?||\n");
}

static void test_links_and_urls(void **state)
{
	(void)state;
	assert_string_equal(parse(0, "地址：https://github.com/x/y 更多\n", NULL),
			    "1:1:|https://github.com/x/y|https://github.com/x/y|https://github.com/x/y|\n");
	assert_string_equal(parse(0, "[<img src=b.svg>](u) [x](v) by Jane: intro [y](w) - d\n", NULL),
			    "1:1:|x|x|v|by Jane: intro\n2:1:|y|y|w|d\n");
	assert_string_equal(parse(0, "## [↑](#toc) Contributors\n[a](u)\n", NULL),
			    "1:2:Contributors|a|a|u|\n");
}

static void test_check(void **state)
{
	(void)state;
	assert_string_equal(parse(1, "# E\n## F\n- [a](u)\n", "[b](u)\n"),
			    "b.md:1: duplicate URL u (first at a.md:3)\n");
	assert_string_equal(parse(1, "# E\n\ntext\n", NULL), "a.md:1: empty section 'E'\n");
}

/* The size limit holds for the document as parsed, after the repair that
 * turns NUL and each invalid byte into three bytes; its text says which. */
static void test_size_limit(void **state)
{
	(void)state;
	static const struct {
		const char *md;
		size_t len;
		const char *error, *out;
	} cases[] = {
		{"[a](u)\xff", 7, NULL, "1:1:|a|a|u|\n"}, /* 9 bytes repaired */
		{"[a](u)\n\xff", 8, "larger than 9 bytes once NUL bytes and invalid UTF-8 become U+FFFD", ""},
		{"[a](u)\0\0", 8, "larger than 9 bytes once NUL bytes and invalid UTF-8 become U+FFFD", ""},
		{"[a](uvw)\n", 9, NULL, "1:1:|a|a|uvw|\n"},
		{"[a](uvwx)\n", 10, "larger than 9 bytes", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct seen s = {BUF_INIT};
		struct catalogue_options o = {0, 0, 0};
		struct catalogue *c = catalogue_new(&o, collect, warned, &s);
		catalogue_limit_size(c, 9);
		const char *error = catalogue_parse(c, cases[i].md, cases[i].len, "a.md");
		if (cases[i].error)
			assert_string_equal(error, cases[i].error);
		else
			assert_null(error);
		assert_string_equal(s.out.p, cases[i].out);
		catalogue_free(c);
		buf_free(&s.out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_numbering_continues),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_generic_labels),
		cmocka_unit_test(test_index_cells),
		cmocka_unit_test(test_rule_texts),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_links_and_urls),
		cmocka_unit_test(test_size_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
