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
	struct catalogue_options o = {0, check};
	struct catalogue *c = catalogue_new(&o, collect, warned, &s);
	assert_int_equal(catalogue_parse(c, md, strlen(md), "a.md"), 0);
	if (md2)
		assert_int_equal(catalogue_parse(c, md2, strlen(md2), "b.md"), 0);
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

static void test_check(void **state)
{
	(void)state;
	assert_string_equal(parse(1, "# E\n## F\n- [a](u)\n", "[b](u)\n"),
			    "b.md:1: duplicate URL u (first at a.md:3)\n");
	assert_string_equal(parse(1, "# E\n\ntext\n", NULL), "a.md:1: empty section 'E'\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_numbering_continues),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
