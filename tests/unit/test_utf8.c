/* Unit tests of lib/utf8: decoding, repair, white space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static void repaired_is(const char *in, size_t len, int nul_too, const char *want, size_t fixes)
{
	struct buf b = BUF_INIT;
	assert_int_equal(utf8_repair(&b, in, len, nul_too), fixes);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.p ? b.p : "", want, b.len);
	buf_free(&b);
}

static void test_valid_text_is_kept(void **state)
{
	(void)state;
	repaired_is("abc \xe5\xa4\xa7\xe6\xa8\xa1 \xf0\x9f\x98\x80", 15, 1,
		    "abc \xe5\xa4\xa7\xe6\xa8\xa1 \xf0\x9f\x98\x80", 0);
	assert_int_equal(utf8_valid("abcdefghijklmnop\xe5\xa4\xa7", 19), 1);
}

static void test_maximal_subparts(void **state)
{
	(void)state;
	/* One U+FFFD per maximal ill-formed subpart, as Python's "replace". */
	repaired_is("a\xffz", 3, 1, "a\xef\xbf\xbdz", 1);
	repaired_is("a\xe2\x82z", 4, 1, "a\xef\xbf\xbdz", 1);
	repaired_is("\xc0\xaf", 2, 1, "\xef\xbf\xbd\xef\xbf\xbd", 2);
	repaired_is("\xed\xa0\x80", 3, 1, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3);
	repaired_is("\xf4\x90\x80\x80", 4, 1,
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 4);
	repaired_is("\xf0\x9f\x98", 3, 1, "\xef\xbf\xbd", 1);
	assert_int_equal(utf8_valid("ab\xe2\x82", 4), 0);
}

static void test_nul(void **state)
{
	(void)state;
	repaired_is("a\0b", 3, 1, "a\xef\xbf\xbd" "b", 1);
	struct buf b = BUF_INIT;
	assert_int_equal(utf8_repair(&b, "a\0b", 3, 0), 0);
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

static void test_encode(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	utf8_encode(&b, 'A');
	utf8_encode(&b, 0xe9);
	utf8_encode(&b, 0x5927);
	utf8_encode(&b, 0x1f600);
	utf8_encode(&b, 0xd800);
	utf8_encode(&b, 0x110000);
	assert_string_equal(b.p, "A\xc3\xa9\xe5\xa4\xa7\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd");
	buf_free(&b);
}

static void test_white_space(void **state)
{
	(void)state;
	static const uint32_t white[] = {9, 10, 11, 12, 13, 32, 0x85, 0xa0, 0x1680, 0x2000,
					 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000};
	for (size_t i = 0; i < sizeof white / sizeof white[0]; i++)
		assert_true(utf8_is_white(white[i]));
	assert_false(utf8_is_white('a'));
	assert_false(utf8_is_white(0x200b)); /* zero width space is not White_Space */
	assert_false(utf8_is_white(0xfeff));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_text_is_kept),
		cmocka_unit_test(test_maximal_subparts),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_white_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
