/* Unit tests of lib/fsrs and lib/reviewlog: the SPEC's check vector by
 * hand, then the FSRS vectors as a table (tests/fsrs/vectors.jsonl always,
 * and ../shared/fsrs/vectors.jsonl where it exists), replayed through the
 * log reader: S, D and recall within 1e-9, interval, due, reps, lapses and
 * last exactly. */
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

#include "clock.h"
#include "fsrs.h"
#include "reviewlog.h"

static void test_check_vector(void **state)
{
	(void)state;
	struct fsrs_state st = fsrs_first(3);
	assert_float_equal(st.s, 2.3065, 1e-12);
	assert_float_equal(st.d, 2.1181, 1e-4);
	assert_int_equal(fsrs_interval(st.s, 0.9), 2);
	static const double s[] = {0.6369, 9.2349, 13.8269, 23.8831};
	static const double d[] = {7.3945, 4.7529, 2.1112, 1.0};
	static const long days[] = {1, 9, 14, 24};
	for (int g = 1; g <= 4; g++) {
		struct fsrs_state next = fsrs_review(st, 3, g);
		assert_float_equal(next.s, s[g - 1], 1e-4);
		assert_float_equal(next.d, d[g - 1], 1e-4);
		assert_int_equal(fsrs_interval(next.s, 0.9), days[g - 1]);
	}
	/* R(S, S) = 0.9 by the choice of FACTOR; recall 1 at t = 0. */
	assert_float_equal(fsrs_recall(7.5, 7.5), 0.9, 1e-12);
	assert_float_equal(fsrs_recall(0, 7.5), 1.0, 0);
}

static void test_clamps(void **state)
{
	(void)state;
	assert_int_equal(fsrs_interval(0.001, 0.9), 1);
	assert_int_equal(fsrs_interval(1e9, 0.9), 36500);
	assert_int_equal(fsrs_interval(2.5, 0.9), 3); /* halves up */
	struct fsrs_state st = {0.001, 9.9};
	assert_float_equal(fsrs_review(st, 0, 1).s, 0.001, 0);
	st = (struct fsrs_state){30000, 1};
	assert_float_equal(fsrs_review(st, 36500, 4).s, 36500, 0);
	assert_float_equal(fsrs_review(st, 10, 4).d, 1.0, 0);
	/* Same day, hard: the factor is floored at 1, so S never falls. */
	st = (struct fsrs_state){50, 5};
	assert_true(fsrs_review(st, 0, 2).s >= 50);
	assert_true(fsrs_review(st, 0, 1).s < 50);
}

static void test_whole_days(void **state)
{
	(void)state;
	struct instant a = {1000, 0}, b = {1000 + 86399, 999999999}, c = {1000 + 86400, 0};
	assert_int_equal(reviewlog_whole_days(a, b), 0);
	assert_int_equal(reviewlog_whole_days(a, c), 1);
	struct instant d = {1000, 500000000}, e = {1000 + 86400, 400000000};
	assert_int_equal(reviewlog_whole_days(d, e), 0);
}

static struct instant when(json_t *v)
{
	struct instant t = {0, 0};
	assert_non_null(v);
	assert_int_equal(clock_parse_rfc3339(json_string_value(v), json_string_length(v), &t), 0);
	return t;
}

/* One vector: its reviews as log lines (in reverse, so the sort matters),
 * replayed; returns 1 when it was checked. */
static void check_vector(json_t *v, unsigned long lineno)
{
	struct instant now = when(json_object_get(v, "now"));
	struct reviewlog *log = reviewlog_new(now);
	json_t *reviews = json_object_get(v, "reviews");
	char line[256], err[256];
	for (size_t i = json_array_size(reviews); i-- > 0;) {
		json_t *r = json_array_get(reviews, i);
		snprintf(line, sizeof line, "{\"id\":\"00000000000000AB\",\"t\":\"%s\",\"grade\":%d}",
			 json_string_value(json_object_get(r, "t")),
			 (int)json_integer_value(json_object_get(r, "grade")));
		assert_int_equal(reviewlog_add_line(log, line, strlen(line), err, sizeof err), 0);
	}
	reviewlog_replay(log);
	const struct memory *m = reviewlog_find(log, 0xab);
	assert_non_null(m);
	double want_s = json_number_value(json_object_get(v, "S"));
	double want_d = json_number_value(json_object_get(v, "D"));
	double want_r = json_number_value(json_object_get(v, "recall"));
	struct instant last = {m->last_sec, m->last_nsec};
	double recall = fsrs_recall(reviewlog_days(last, now), m->s);
	if (fabs(m->s - want_s) > 1e-9 * fmax(1, want_s) || fabs(m->d - want_d) > 1e-9 ||
	    fabs(recall - want_r) > 1e-9)
		fail_msg("vector line %lu: S %.17g D %.17g R %.17g", lineno, m->s, m->d, recall);
	long interval = fsrs_interval(m->s, 0.9);
	assert_int_equal(interval, json_integer_value(json_object_get(v, "interval")));
	char buf[CLOCK_RFC3339_SIZE];
	assert_string_equal(clock_format_utc(m->last_sec + interval * 86400, buf),
			    json_string_value(json_object_get(v, "due")));
	assert_string_equal(clock_format_utc(m->last_sec, buf),
			    json_string_value(json_object_get(v, "last")));
	assert_int_equal(m->reps, json_integer_value(json_object_get(v, "reps")));
	assert_int_equal(m->lapses, json_integer_value(json_object_get(v, "lapses")));
	reviewlog_free(log);
}

static int table(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int n = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		json_t *v = json_loads(line, 0, NULL);
		assert_non_null(v);
		check_vector(v, lineno);
		json_decref(v);
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

static void test_vectors_copied(void **state)
{
	(void)state;
	assert_true(table("tests/fsrs/vectors.jsonl") >= 10);
}

static void test_vectors_shared(void **state)
{
	(void)state;
	int n = table("../shared/fsrs/vectors.jsonl");
	if (n < 0)
		skip();
	assert_int_equal(n, 200);
}

static void test_log_rules(void **state)
{
	(void)state;
	struct instant now;
	assert_int_equal(clock_parse_rfc3339("2026-12-10T00:00:00Z", 20, &now), 0);
	struct reviewlog *log = reviewlog_new(now);
	char err[256];
	const char *lines[] = {
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-01T00:00:00Z\",\"grade\":3}",
		/* the same instant and grade in another notation: counts once */
		"{\"id\":\"00000000000000AA\",\"t\":\"2026-12-01T02:00:00+02:00\",\"grade\":3}",
		/* after now: not yet */
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-11T00:00:00Z\",\"grade\":1}",
		"   ",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		assert_int_equal(reviewlog_add_line(log, lines[i], strlen(lines[i]), err, sizeof err), 0);
	const char *bad[] = {
		"{bad", "[1]", "{\"id\":\"00aa\",\"t\":\"2026-12-01T00:00:00Z\",\"grade\":3}",
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-01\",\"grade\":3}",
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-01T00:00:00Z\",\"grade\":5}",
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-01T00:00:00Z\",\"grade\":3.0}",
		"{\"id\":\"00000000000000aa\",\"t\":\"2026-12-01T00:00:00Z\",\"grade\":\"3\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(reviewlog_add_line(log, bad[i], strlen(bad[i]), err, sizeof err), -1);
	reviewlog_replay(log);
	const struct memory *m = reviewlog_find(log, 0xaa);
	assert_non_null(m);
	assert_int_equal(m->reps, 1);
	assert_null(reviewlog_find(log, 0xbb));
	reviewlog_free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_vector),   cmocka_unit_test(test_clamps),
		cmocka_unit_test(test_whole_days),     cmocka_unit_test(test_vectors_copied),
		cmocka_unit_test(test_vectors_shared), cmocka_unit_test(test_log_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
