/* Unit tests of lib/clock and lib/logpath: RFC 3339 both ways, local days,
 * the log's default path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "logpath.h"

static struct instant parsed(const char *s)
{
	struct instant t = {-1, -1};
	assert_int_equal(clock_parse_rfc3339(s, strlen(s), &t), 0);
	return t;
}

static void rejected(const char *s)
{
	struct instant t;
	assert_int_equal(clock_parse_rfc3339(s, strlen(s), &t), -1);
}

static void test_rfc3339(void **state)
{
	(void)state;
	struct instant t = parsed("2026-12-01T19:35:04Z");
	assert_int_equal(t.sec, 1796153704);
	assert_int_equal(t.nsec, 0);
	/* The same instant in other notations. */
	assert_int_equal(instant_cmp(parsed("2026-12-01T21:35:04+02:00"), t), 0);
	assert_int_equal(instant_cmp(parsed("2026-12-01t14:05:04-05:30"), t), 0);
	assert_int_equal(instant_cmp(parsed("2026-12-01T19:35:04.000z"), t), 0);
	t = parsed("2026-12-01T19:35:04.25Z");
	assert_int_equal(t.nsec, 250000000);
	assert_int_equal(instant_cmp(parsed("2026-12-01T19:35:04.1Z"), parsed("2026-12-01T19:35:04.25Z")), -1);
	assert_int_equal(parsed("1970-01-01T00:00:00Z").sec, 0);
	assert_int_equal(parsed("1969-12-31T23:59:59Z").sec, -1);
	assert_int_equal(parsed("2024-02-29T00:00:00Z").sec, 1709164800);
	assert_int_equal(parsed("2016-12-31T23:59:60Z").sec, 1483228800);
	rejected("2026-12-01");
	rejected("2026-12-01T19:35:04");
	rejected("2026-12-01T19:35Z");
	rejected("2026-13-01T19:35:04Z");
	rejected("2025-02-29T19:35:04Z");
	rejected("2026-12-01T24:00:00Z");
	rejected("2026-12-01T19:35:04.Z");
	rejected("2026-12-01T19:35:04+0200");
	rejected("2026-12-01T19:35:04Z ");
	rejected("2026-12-01 19:35:04Z");
}

static void test_format(void **state)
{
	(void)state;
	char out[CLOCK_RFC3339_SIZE];
	assert_string_equal(clock_format_utc(1796153704, out), "2026-12-01T19:35:04Z");
	assert_string_equal(clock_format_utc(0, out), "1970-01-01T00:00:00Z");
	assert_string_equal(clock_format_utc(-1, out), "1969-12-31T23:59:59Z");
	assert_string_equal(clock_format_utc(INT64_MAX, out), "9999-12-31T23:59:59Z");
	assert_string_equal(clock_format_utc(INT64_MIN, out), "0000-01-01T00:00:00Z");
	for (int64_t s = -100000000; s < 4000000000; s += 86399 * 37) {
		struct instant t;
		clock_format_utc(s, out);
		assert_int_equal(clock_parse_rfc3339(out, strlen(out), &t), 0);
		assert_int_equal(t.sec, s);
	}
}

static void test_local_dates(void **state)
{
	(void)state;
	struct instant t;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	assert_int_equal(clock_parse_arg("2027-01-15", &t), 0);
	assert_int_equal(instant_cmp(t, parsed("2027-01-14T15:00:00Z")), 0);
	assert_int_equal(clock_local_day(parsed("2027-01-14T15:00:00Z").sec),
			 clock_days_from_civil(2027, 1, 15));
	assert_int_equal(clock_local_day(parsed("2027-01-14T14:59:59Z").sec),
			 clock_days_from_civil(2027, 1, 14));
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(clock_parse_arg("2027-01-15", &t), 0);
	assert_int_equal(t.sec, clock_days_from_civil(2027, 1, 15) * 86400);
	assert_int_equal(clock_parse_arg("2027-01-15T01:00:00Z", &t), 0);
	assert_int_equal(clock_parse_arg("2027-1-15", &t), -1);
	assert_int_equal(clock_parse_arg("2027-02-30", &t), -1);
}

static void default_is(const char *iq_log, const char *xdg, const char *home, const char *want)
{
	const char *err = NULL;
	iq_log ? setenv("IQ_LOG", iq_log, 1) : unsetenv("IQ_LOG");
	xdg ? setenv("XDG_STATE_HOME", xdg, 1) : unsetenv("XDG_STATE_HOME");
	home ? setenv("HOME", home, 1) : unsetenv("HOME");
	char *p = logpath_default(&err);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
}

static void test_log_path(void **state)
{
	(void)state;
	default_is("/x/log", "/s", "/h", "/x/log");
	default_is("", "/s", "/h", "/s/iqtools/reviews.jsonl");
	default_is(NULL, "", "/h", "/h/.local/state/iqtools/reviews.jsonl");
	default_is(NULL, "relative", "/h", "/h/.local/state/iqtools/reviews.jsonl");
	default_is("rel.jsonl", NULL, "/h", "rel.jsonl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_local_dates),
		cmocka_unit_test(test_log_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
