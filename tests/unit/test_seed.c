/* Unit tests of lib/seed: the seed string's hash, the dates of --daily and
 * the random seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "seed.h"

static void test_hash_vectors(void **state)
{
	(void)state;
	/* XXH3-64 of the empty input, from xxHash's own sanity checks, and
	 * the seed of iqpick(1)'s example table. */
	assert_true(seed_of_string("", 0) == 0x2D06800538D394C2ULL);
	assert_true(seed_of_string("demo", 4) == 0x07f72fb3af456330ULL);
	/* The length counts, not a NUL: --seed never has one, but the
	 * function must not stop at it. */
	assert_true(seed_of_string("a\0b", 3) != seed_of_string("a", 1));
}

static void test_dates(void **state)
{
	(void)state;
	const char *good[] = {"2024-02-29", "2000-02-29", "2026-11-29", "0001-01-01", "9999-12-31",
			      "2023-04-30"};
	const char *bad[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
			     "2024-1-01",  "2024-01-1",  "0000-01-01", "2024-01-01x", "",
			     "2024/01/01", "２０２４-01-01", "-024-01-01", "2024-01-00"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(seed_date_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(seed_date_valid(bad[i]));
	char today[11];
	assert_int_equal(seed_today(today), 0);
	assert_int_equal(strlen(today), 10);
	assert_true(seed_date_valid(today));
}

static void test_random_seed(void **state)
{
	(void)state;
	uint64_t a = 0, b = 0;
	assert_int_equal(seed_random(&a), 0);
	assert_int_equal(seed_random(&b), 0);
	assert_true(a != b); /* fails once in 2^64 runs */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_random_seed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
