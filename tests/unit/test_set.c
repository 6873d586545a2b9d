/* Unit tests of lib/set: membership, growth, empty keys, and resistance to
 * hash flooding, measured by counting probes (never by timing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"
#include "set.h"

static void test_membership(void **state)
{
	(void)state;
	struct set s;
	set_init(&s);
	assert_int_equal(set_has(&s, "a", 1), 0);
	assert_int_equal(set_add(&s, "a", 1), 1);
	assert_int_equal(set_add(&s, "a", 1), 0);
	assert_int_equal(set_add(&s, "", 0), 1);
	assert_int_equal(set_add(&s, "a\0b", 3), 1);
	assert_int_equal(set_has(&s, "a", 1), 1);
	assert_int_equal(set_has(&s, "", 0), 1);
	assert_int_equal(set_has(&s, "a\0b", 3), 1);
	assert_int_equal(set_has(&s, "a\0c", 3), 0);
	assert_int_equal(set_has(&s, "ab", 2), 0);
	for (int i = 0; i < 10000; i++) {
		char k[16];
		int n = snprintf(k, sizeof k, "%d", i);
		assert_int_equal(set_add(&s, k, (size_t)n), 1);
	}
	assert_int_equal(s.count, 10003);
	for (int i = 0; i < 20000; i++) {
		char k[16];
		int n = snprintf(k, sizeof k, "%d", i);
		assert_int_equal(set_has(&s, k, (size_t)n), i < 10000);
	}
	set_free(&s);
	assert_int_equal(set_has(&s, "a", 1), 0);
	set_free(&s);
}

/* No seed changes an answer. */
static void test_seeds_agree(void **state)
{
	(void)state;
	struct set a, b;
	set_init_seeded(&a, 1);
	set_init_seeded(&b, 0x9e3779b97f4a7c15ull);
	for (int i = 0; i < 3000; i += 3) {
		char k[16];
		int n = snprintf(k, sizeof k, "k%d", i);
		set_add(&a, k, (size_t)n);
		set_add(&b, k, (size_t)n);
	}
	for (int i = 0; i < 3000; i++) {
		char k[16];
		int n = snprintf(k, sizeof k, "k%d", i);
		assert_int_equal(set_has(&a, k, (size_t)n), set_has(&b, k, (size_t)n));
	}
	set_free(&a);
	set_free(&b);
}

enum { FLOOD = 2000, LOW_BITS = 12 };

/* Ids as iqcat writes them (16 hex digits) whose FNV-1a hashes share their
 * low LOW_BITS bits: what a hostile id file would hold.  Under FNV-1a with
 * linear probing each would probe past all the ones before it. */
static void test_flooding_is_not_quadratic(void **state)
{
	(void)state;
	char (*keys)[17] = malloc(FLOOD * sizeof *keys);
	assert_non_null(keys);
	uint64_t mask = (1u << LOW_BITS) - 1;
	size_t n = 0;
	for (uint64_t i = 0; n < FLOOD; i++) {
		char k[17];
		snprintf(k, sizeof k, "%016llx", (unsigned long long)i);
		if ((record_id(k, 16) & mask) == 0)
			memcpy(keys[n++], k, 17);
	}
	/* The keys do collide under FNV-1a: a table of any size up to
	 * 2^LOW_BITS slots sends them all to slot 0. */
	for (size_t i = 0; i < FLOOD; i++)
		assert_int_equal(record_id(keys[i], 16) & mask, 0);

	struct set s;
	set_init(&s);
	for (size_t i = 0; i < FLOOD; i++)
		assert_int_equal(set_add(&s, keys[i], 16), 1);
	for (size_t i = 0; i < FLOOD; i++)
		assert_int_equal(set_has(&s, keys[i], 16), 1);
	/* Linear probing at most half full: about 1.5 probes a hit, 2.5 a
	 * miss, on average.  FNV-1a would take FLOOD * FLOOD / 2 = 2,000,000
	 * for the adds alone. */
	if (s.probes > 8 * (unsigned long)FLOOD)
		fail_msg("%lu probes for %d adds and %d lookups", s.probes, FLOOD, FLOOD);
	set_free(&s);
	free(keys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership),
		cmocka_unit_test(test_seeds_agree),
		cmocka_unit_test(test_flooding_is_not_quadratic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
