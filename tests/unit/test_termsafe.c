/* Unit tests of lib/termsafe: what a terminal is never sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "termsafe.h"

static void safe_is(const char *in, size_t len, unsigned flags, const char *want, size_t count)
{
	struct buf b = BUF_INIT;
	assert_int_equal(termsafe_append(&b, in, len, flags), count);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_plain_text_passes(void **state)
{
	(void)state;
	safe_is("abc \xe5\xa4\xa7 \\x1b", 12, 0, "abc \xe5\xa4\xa7 \\x1b", 0);
	safe_is("", 0, 0, "", 0);
}

static void test_controls_are_visible(void **state)
{
	(void)state;
	/* OSC 52 writes the clipboard: ESC ] 52 ; c ; BASE64 BEL. */
	safe_is("a\x1b]52;c;cm0=\x07z", 14, 0, "a\\x1b]52;c;cm0=\\x07z", 2);
	safe_is("t\tn\nr\rd\x7f", 8, 0, "t\\x09n\\x0ar\\x0dd\\x7f", 4);
	safe_is("t\tn\nr\r", 6, TERMSAFE_KEEP_SPACE, "t\tn\nr\r", 0);
	safe_is("n\0n", 3, 0, "n\\x00n", 1);
	/* C1 CSI (U+009B) and NEL (U+0085). */
	safe_is("\xc2\x9b" "2J\xc2\x85", 6, 0, "\\u009b2J\\u0085", 2);
}

static void test_bidi_is_visible(void **state)
{
	(void)state;
	safe_is("https://a.b/\xe2\x80\xaegpj.exe", 22, 0, "https://a.b/\\u202egpj.exe", 1);
	safe_is("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f", 10, 0, "\\u2066x\\u2069\\u200f", 3);
}

static void test_invalid_bytes_are_visible(void **state)
{
	(void)state;
	safe_is("a\xff" "b\xe2\x82", 5, 0, "a\\xffb\\xe2\\x82", 2);
}

static void test_str(void **state)
{
	(void)state;
	assert_string_equal(termsafe_str("x\x1b[2Jy"), "x\\x1b[2Jy");
	assert_string_equal(termsafe_str("plain"), "plain");
	assert_int_equal(termsafe_is_unsafe(0x202e), 1);
	assert_int_equal(termsafe_is_unsafe(0x4e00), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_controls_are_visible),
		cmocka_unit_test(test_bidi_is_visible),
		cmocka_unit_test(test_invalid_bytes_are_visible),
		cmocka_unit_test(test_str),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
