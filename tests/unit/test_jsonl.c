/* Unit tests of lib/jsonl: one line, one object, or an error text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "jsonl.h"

static void fails_with(const char *line, size_t len, const char *message)
{
	char err[200];
	json_t *v = jsonl_parse(line, len, err, sizeof err);
	assert_null(v);
	assert_string_equal(err, message);
}

static void test_objects(void **state)
{
	(void)state;
	char err[200];
	json_t *v = jsonl_parse("{\"a\":\"x\\u0000y\",\"b\":1}", 22, err, sizeof err);
	assert_non_null(v);
	size_t len;
	const char *a = jsonl_get_string(v, "a", &len);
	assert_int_equal(len, 3);
	assert_memory_equal(a, "x\0y", 3);
	assert_null(jsonl_get_string(v, "b", &len));
	assert_null(jsonl_get_string(v, "missing", &len));
	json_decref(v);
}

static void test_big_integers_are_kept(void **state)
{
	(void)state;
	char err[200];
	json_t *v = jsonl_parse("{\"id\":18446744073709551615}", 27, err, sizeof err);
	assert_non_null(v);
	assert_true(json_is_real(json_object_get(v, "id")));
	json_decref(v);
}

static void test_errors(void **state)
{
	(void)state;
	fails_with("{bad", 4, "string or '}' expected near 'bad'");
	fails_with("42", 2, "not a JSON object");
	fails_with("[1]", 3, "not a JSON object");
	fails_with("{}\0{}", 5, "NUL byte at byte 3");
	fails_with("{\"a\":1} x", 9, "end of file expected near 'x'");
	fails_with("{\"a\":", 5, "unexpected token near end of file");
	fails_with("{\"a\":\"\xff\"}", 9, "unable to decode byte 0xff near '\"'");
	fails_with("{\"\\u0000\":1}", 12, "NUL byte in object key not supported near '\"\\u0000\"'");
	fails_with("{\"a\":\"\\ud800\"}", 14, "invalid Unicode '\\uD800' near '\"\\ud800\"'");
}

static void test_markdown_hint(void **state)
{
	(void)state;
	static const char *const markdown[] = {
		"# Title", "## RAG", "- [a](http://a)", "* item", "> quote", "[a](http://a)",
		"[ref]: http://a", "  - indented", "-", "#",
	};
	static const char *const not_markdown[] = {
		"", "x", "{bad", "[1,2", "[[[[", "  ", "\"# a\"", "text - more", "[a] b",
	};
	for (size_t i = 0; i < sizeof markdown / sizeof *markdown; i++)
		assert_true(jsonl_looks_like_markdown(markdown[i], strlen(markdown[i])));
	for (size_t i = 0; i < sizeof not_markdown / sizeof *not_markdown; i++)
		assert_false(jsonl_looks_like_markdown(not_markdown[i], strlen(not_markdown[i])));
	assert_false(jsonl_looks_like_markdown("\0# a", 4));
}

/* The hint goes to the first bad line of the process only (this test runs
 * first), and only when it did not parse. */
static void test_markdown_hint_once(void **state)
{
	(void)state;
	fails_with("- [a](u)", 8, "invalid token near '-' " JSONL_MARKDOWN_HINT);
	fails_with("# b", 3, "invalid token near '#'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_hint_once),
		cmocka_unit_test(test_markdown_hint),
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_big_integers_are_kept),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
