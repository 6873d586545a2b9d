/* Unit tests of lib/record: the hand-written writer must produce exactly
 * what jansson's json_dumps(JSON_COMPACT) produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static void quote_matches_jansson(const char *s, size_t len)
{
	json_t *str = json_stringn(s, len);
	assert_non_null(str);
	char *want = json_dumps(str, JSON_COMPACT | JSON_ENCODE_ANY);
	struct buf got = BUF_INIT;
	json_quote(&got, s, len);
	assert_string_equal(got.p, want);
	free(want);
	buf_free(&got);
	json_decref(str);
}

static void test_quote_every_byte(void **state)
{
	(void)state;
	char s[128];
	for (int i = 0; i < 128; i++)
		s[i] = (char)i;
	quote_matches_jansson(s + 1, 127);
	quote_matches_jansson("", 0);
	quote_matches_jansson("plain ascii that is longer than one word", 40);
	quote_matches_jansson("\"\\/\x7f \xe5\xa4\xa7\xe6\xa8\xa1 \xe2\x80\xa8", 15);
	quote_matches_jansson("with a NUL\0inside", 17);
	/* An escape at every offset inside and across 8-byte words. */
	for (int at = 0; at < 20; at++) {
		char t[21];
		memset(t, 'x', 20);
		t[at] = "\"\\\n\x01"[at % 4];
		t[20] = 0;
		quote_matches_jansson(t, 20);
	}
}

static void test_record_matches_jansson(void **state)
{
	(void)state;
	struct text headings[] = {{"Top", 3}, {"Sub \"q\"", 7}};
	struct record r = {
		.n = 18446744073709551615ull,
		.section = {"Sub \"q\"", 7},
		.topic = {"t\tab", 4},
		.title = {"\xe5\xa4\xa7", 3},
		.url = {"https://e.com/?a=1&b=2", 22},
		.desc = {"", 0},
		.headings = headings,
		.nheadings = 2,
		.file = {"-", 1},
		.line = 7,
	};
	struct buf got = BUF_INIT;
	record_format(&got, &r);
	const char *want = "{\"n\":18446744073709551615,\"id\":\"%s\",\"section\":\"Sub \\\"q\\\"\","
			   "\"topic\":\"t\\tab\",\"title\":\"\xe5\xa4\xa7\",\"url\":\"https://e.com/?a=1&b=2\","
			   "\"desc\":\"\",\"headings\":[\"Top\",\"Sub \\\"q\\\"\"],\"file\":\"-\",\"line\":7}\n";
	char hex[17] = {0};
	record_id_hex(record_id(r.url.p, r.url.len), hex);
	char expected[512];
	snprintf(expected, sizeof expected, want, hex);
	assert_string_equal(got.p, expected);
	buf_free(&got);
}

static void test_id_is_fnv1a(void **state)
{
	(void)state;
	char hex[17] = {0};
	record_id_hex(record_id("", 0), hex);
	assert_string_equal(hex, "cbf29ce484222325");
	record_id_hex(record_id("https://poe.com/s/ZA30ztgmME6mBOWmuZ", 36), hex);
	assert_string_equal(hex, "d8451ff7d3227517");
	record_id_hex(record_id("a", 1), hex);
	assert_string_equal(hex, "af63dc4c8601ec8c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_every_byte),
		cmocka_unit_test(test_record_matches_jansson),
		cmocka_unit_test(test_id_is_fnv1a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
