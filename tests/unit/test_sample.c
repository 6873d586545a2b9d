/* Unit tests of lib/sample: the heap and the draws against brute force.
 * lib/seed has its own, test_seed.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <xxhash.h>

#include "sample.h"
#include "seed.h"

static char lines[200][32];

static void make_lines(size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(lines[i], sizeof lines[i], "question %zu", i);
}

struct ref {
	uint64_t key, pos;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The expected pick by sorting every key: no heap involved. */
static size_t brute_pick(const char *const *in, size_t n, uint64_t seed, size_t count,
			 struct ref *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct ref){sample_key(in[i], strlen(in[i]), seed), i};
	qsort(out, n, sizeof *out, cmp_ref);
	return count < n ? count : n;
}

static struct sample *run(const struct sample_opts *o, const char *const *in, size_t n)
{
	struct sample *s = sample_new(o);
	char err[128];
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sample_add(s, in[i], strlen(in[i]), err, sizeof err), 0);
	return s;
}

/* Every pick sample_next gives, in order, into a static array: *n of
 * them (a keep_order pick with replacement counts once).  The last three
 * results stay valid, for the tests that compare samplers. */
static const struct sample_pick *result(struct sample *s, size_t *n)
{
	static struct sample_pick got[3][2048];
	static size_t turn;
	struct sample_pick *p = got[turn++ % 3];
	*n = 0;
	while (*n < 2048 && sample_next(s, &p[*n]))
		++*n;
	assert_true(*n < 2048);
	return p;
}

static void test_hash_vectors(void **state)
{
	(void)state;
	/* XXH3-64 of the empty input, from xxHash's own sanity checks. */
	assert_true(sample_key("", 0, 0) == 0x2D06800538D394C2ULL);
	assert_true(seed_of_string("abc", 3) == sample_key("abc", 3, 0));
	assert_true(sample_key("abc", 3, 1) != sample_key("abc", 3, 0));
}

static void test_smallest_keys(void **state)
{
	(void)state;
	const char *in[200];
	make_lines(200);
	for (size_t i = 0; i < 200; i++)
		in[i] = lines[i];
	for (size_t count = 1; count <= 200; count += 33) {
		struct sample_opts o = {.count = count, .seed = seed_of_string("unit", 4)};
		struct sample *s = run(&o, in, 200);
		struct ref want[200];
		size_t wn = brute_pick(in, 200, o.seed, count, want);
		size_t n;
		const struct sample_pick *p = result(s, &n);
		assert_int_equal(n, wn);
		for (size_t i = 0; i < n; i++) {
			assert_true(p[i].pos == want[i].pos);
			assert_true(p[i].key == want[i].key);
			assert_int_equal(p[i].draw, 0);
			assert_int_equal(p[i].len, strlen(in[want[i].pos]));
			assert_memory_equal(p[i].line, in[want[i].pos], p[i].len);
		}
		sample_free(s);
	}
}

static void test_prefix_and_order_free(void **state)
{
	(void)state;
	const char *in[100], *rev[100];
	make_lines(100);
	for (size_t i = 0; i < 100; i++) {
		in[i] = lines[i];
		rev[99 - i] = lines[i];
	}
	struct sample_opts o3 = {.count = 3, .seed = 42}, o10 = {.count = 10, .seed = 42};
	struct sample *a = run(&o3, in, 100), *b = run(&o10, in, 100), *c = run(&o10, rev, 100);
	size_t na, nb, nc;
	const struct sample_pick *pa = result(a, &na), *pb = result(b, &nb),
				 *pc = result(c, &nc);
	assert_int_equal(na, 3);
	assert_int_equal(nb, 10);
	assert_int_equal(nc, 10);
	for (size_t i = 0; i < 10; i++) {
		if (i < 3) {
			assert_true(pa[i].key == pb[i].key);
			assert_memory_equal(pa[i].line, pb[i].line, pb[i].len);
		}
		assert_true(pb[i].key == pc[i].key);
		assert_int_equal(pb[i].len, pc[i].len);
		assert_memory_equal(pb[i].line, pc[i].line, pb[i].len);
		assert_true(pc[i].pos == 99 - pb[i].pos);
	}
	sample_free(a);
	sample_free(b);
	sample_free(c);
}

static void test_ties_by_position(void **state)
{
	(void)state;
	const char *in[] = {"x", "y", "x", "z", "x"};
	struct sample_opts o = {.count = 5, .seed = 7};
	struct sample *s = run(&o, in, 5);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, 5);
	uint64_t last_x = 0;
	int xs = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			assert_true(p[i - 1].key <= p[i].key);
		if (p[i].len == 1 && p[i].line[0] == 'x') {
			if (xs++)
				assert_true(p[i].pos > last_x);
			last_x = p[i].pos;
		}
	}
	assert_int_equal(xs, 3);
	sample_free(s);

	/* Two of three equal lines: the first two positions win. */
	o.count = 2;
	const char *same[] = {"q", "q", "q"};
	s = run(&o, same, 3);
	p = result(s, &n);
	assert_int_equal(n, 2);
	assert_true(p[0].pos == 0 && p[1].pos == 1);
	sample_free(s);
}

static void test_empty_and_zero(void **state)
{
	(void)state;
	struct sample_opts o = {.count = 3, .seed = 1};
	struct sample *s = sample_new(&o);
	size_t n = 99;
	result(s, &n);
	assert_int_equal(n, 0);
	sample_free(s);

	const char *in[] = {"a", "b"};
	o.count = 0;
	s = run(&o, in, 2);
	result(s, &n);
	assert_int_equal(n, 0);
	sample_free(s);

	o.count = 0;
	o.replace = 1;
	s = run(&o, in, 2);
	result(s, &n);
	assert_int_equal(n, 0);
	sample_free(s);
	sample_free(NULL);
}

/* The line winning draw j (1-based) by hashing every one. */
static size_t brute_winner(const char *const *in, size_t n, uint64_t seed, size_t j)
{
	uint64_t js = seed + j; /* modulo 2^64, as documented */
	size_t best = 0;
	for (size_t i = 1; i < n; i++)
		if (sample_key(in[i], strlen(in[i]), js) < sample_key(in[best], strlen(in[best]), js))
			best = i;
	return best;
}

static void check_draws(uint64_t seed, size_t count, size_t nlines)
{
	const char *in[200];
	make_lines(nlines);
	for (size_t i = 0; i < nlines; i++)
		in[i] = lines[i];
	struct sample_opts o = {.count = count, .seed = seed, .replace = 1};
	struct sample *s = run(&o, in, nlines);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, count);
	for (size_t j = 1; j <= count; j++) {
		size_t best = brute_winner(in, nlines, seed, j);
		assert_int_equal(p[j - 1].draw, j);
		assert_int_equal(p[j - 1].count, 1);
		assert_true(p[j - 1].pos == best);
		assert_true(p[j - 1].key == sample_key(in[best], strlen(in[best]), seed + j));
		assert_memory_equal(p[j - 1].line, in[best], strlen(in[best]));
	}
	sample_free(s);
}

static void test_replace(void **state)
{
	(void)state;
	check_draws(seed_of_string("draws", 5), 60, 10); /* the lines held */
	check_draws(UINT64_MAX - 2, 8, 50); /* s + j wraps around; draws kept */
	check_draws(3, 5, 1);
	check_draws(11, 10, 10); /* count lines: still held */
	check_draws(11, 9, 10);  /* one more: the draws made from them */
	check_draws(12, 1, 200);
}

/* NUM far beyond memory over three lines: the draws come one by one, as
 * read, and nothing in proportion to NUM is allocated (xcalloc of NUM
 * draws would exit "memory exhausted"). */
static void test_replace_huge_count(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", "c"};
	struct sample_opts o = {.count = SIZE_MAX / 2, .seed = 1, .replace = 1};
	struct sample *s = run(&o, in, 3);
	struct sample_pick p;
	for (size_t j = 1; j <= 1000; j++) {
		assert_true(sample_next(s, &p));
		assert_int_equal(p.draw, j);
		assert_true(p.pos == brute_winner(in, 3, 1, j));
	}
	sample_free(s);
}

static void test_keep_order(void **state)
{
	(void)state;
	const char *in[50];
	make_lines(50);
	for (size_t i = 0; i < 50; i++)
		in[i] = lines[i];
	struct sample_opts o = {.count = 8, .seed = 99, .keep_order = 1};
	struct sample *s = run(&o, in, 50);
	struct ref want[50];
	brute_pick(in, 50, 99, 8, want);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, 8);
	int seen[50] = {0};
	for (size_t i = 0; i < 8; i++)
		seen[want[i].pos] = 1;
	for (size_t i = 0; i < n; i++) {
		assert_true(seen[p[i].pos]);
		if (i)
			assert_true(p[i - 1].pos < p[i].pos);
	}
	sample_free(s);

	/* With replacement a pick stands for all its line's wins, in input
	 * order: with the lines held (30 draws of 5) and with the draws kept
	 * (6 of 50). */
	o.replace = 1;
	for (size_t k = 0; k < 2; k++) {
		size_t nlines = k ? 50 : 5;
		o.count = k ? 6 : 30;
		s = run(&o, in, nlines);
		p = result(s, &n);
		size_t wins[50] = {0}, first[50] = {0}, total = 0;
		for (size_t j = o.count; j >= 1; j--) {
			size_t w = brute_winner(in, nlines, o.seed, j);
			wins[w]++;
			first[w] = j;
		}
		for (size_t i = 0; i < n; i++) {
			if (i)
				assert_true(p[i - 1].pos < p[i].pos);
			assert_int_equal(p[i].count, wins[p[i].pos]);
			assert_int_equal(p[i].draw, first[p[i].pos]);
			assert_true(p[i].key == sample_key(p[i].line, p[i].len, o.seed + p[i].draw));
			total += p[i].count;
		}
		assert_int_equal(total, o.count);
		sample_free(s);
	}
}

static void test_per(void **state)
{
	(void)state;
	const char *in[] = {
		"{\"s\":\"a\",\"i\":1}", "{\"s\":\"b\",\"i\":2}", "{\"s\":\"a\",\"i\":3}",
		"{\"s\":\"a\",\"i\":4}", "{\"i\":5}",             "{\"s\":null,\"i\":6}",
		"{\"s\":1,\"i\":7}",     "{\"s\":\"1\",\"i\":8}", "{\"s\":\"b\",\"i\":9}",
		"{\"s\":{\"y\":1,\"x\":2},\"i\":10}", "{\"s\":{\"x\":2,\"y\":1},\"i\":11}",
	};
	/* Groups: a {0,2,3}, b {1,8}, null/absent {4,5}, 1 {6}, "1" {7}, obj {9,10} */
	const int group_of[] = {0, 1, 0, 0, 2, 2, 3, 4, 1, 5, 5};
	const size_t sizes[] = {3, 2, 2, 1, 1, 2};
	struct sample_opts o = {.count = 2, .seed = seed_of_string("per", 3), .per = "s"};
	struct sample *s = run(&o, in, 11);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, 2 + 2 + 2 + 1 + 1 + 2);
	size_t got[6] = {0};
	int done[6] = {0};
	uint64_t prev_first = 0;
	for (size_t i = 0; i < n;) {
		int g = group_of[p[i].pos];
		assert_false(done[g]); /* a group's picks are together */
		done[g] = 1;
		if (i)
			assert_true(prev_first <= p[i].key);
		prev_first = p[i].key;
		/* the group's own best min(2, size), in key order */
		struct ref want[3];
		size_t k = 0;
		for (size_t j = 0; j < 11; j++)
			if (group_of[j] == g)
				want[k++] = (struct ref){sample_key(in[j], strlen(in[j]), o.seed), j};
		qsort(want, k, sizeof *want, cmp_ref);
		size_t take = k < 2 ? k : 2;
		assert_int_equal(k, sizes[g]);
		for (size_t j = 0; j < take; j++, i++) {
			assert_true(p[i].pos == want[j].pos);
			got[g]++;
		}
	}
	for (int g = 0; g < 6; g++)
		assert_int_equal(got[g], sizes[g] < 2 ? sizes[g] : 2);
	sample_free(s);
}

static void test_per_bad_lines(void **state)
{
	(void)state;
	struct sample_opts o = {.count = 5, .seed = 1, .per = "section"};
	struct sample *s = sample_new(&o);
	char err[128];
	assert_int_equal(sample_add(s, "{bad", 4, err, sizeof err), -1);
	assert_string_equal(err, "string or '}' expected near 'bad'");
	assert_int_equal(sample_add(s, "[1]", 3, err, sizeof err), -1);
	assert_string_equal(err, "not a JSON object");
	assert_int_equal(sample_add(s, "{}\0{}", 5, err, sizeof err), -1);
	assert_int_equal(sample_add(s, "{\"section\":\"x\"}", 15, err, sizeof err), 0);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(p[0].line, "{\"section\":\"x\"}", 15);
	sample_free(s);
}

/* A field no line has, one some line has as null, and big integers. */
static void test_per_seen_and_big_integers(void **state)
{
	(void)state;
	char err[128];
	struct sample_opts o = {.count = 5, .seed = 1, .per = "sectoin"};
	struct sample *s = sample_new(&o);
	assert_int_equal(sample_add(s, "{\"section\":\"x\"}", 15, err, sizeof err), 0);
	assert_false(sample_per_seen(s));
	assert_int_equal(sample_lines(s), 1);
	sample_free(s);
	o.per = "a";
	s = sample_new(&o);
	assert_int_equal(sample_add(s, "{\"b\":1}", 7, err, sizeof err), 0);
	assert_false(sample_per_seen(s));
	assert_int_equal(sample_add(s, "{\"a\":null}", 10, err, sizeof err), 0);
	assert_true(sample_per_seen(s));
	sample_free(s);
	/* Beyond 64 bits: kept, 1 returned; 2^64-1 and 2^64 are one real, and
	 * a 1 beside a big integer is the real 1.0. */
	o.count = 1;
	s = sample_new(&o);
	static const char *const lines[] = {
		"{\"a\":18446744073709551615}", "{\"a\":18446744073709551616}", "{\"a\":1}",
		"{\"a\":1,\"b\":18446744073709551616}", "{\"a\":1.0}",
	};
	static const int big[] = {1, 1, 0, 1, 0};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(sample_add(s, lines[i], strlen(lines[i]), err, sizeof err), big[i]);
	size_t n;
	result(s, &n);
	assert_int_equal(n, 3);
	sample_free(s);
}

/* Hash flooding: 2,000 group names whose unseeded XXH3 share their low 12
 * bits would cost about n^2/2 = 2,000,000 probes in an unseeded table; the
 * per-process seed keeps it near one per lookup. */
static void test_per_table_resists_flooding(void **state)
{
	(void)state;
	struct sample_opts o = {.count = 1, .seed = 1, .per = "a"};
	struct sample *s = sample_new(&o);
	char err[128], name[32], line[64];
	size_t found = 0;
	for (unsigned i = 0; found < 2000; i++) {
		int n = snprintf(name, sizeof name, "s%u", i);
		if ((XXH3_64bits(name, (size_t)n) & 0xfff) != 0)
			continue;
		int len = snprintf(line, sizeof line, "{\"a\":\"%u\"}", i);
		assert_int_equal(sample_add(s, line, (size_t)len, err, sizeof err), 0);
		found++;
	}
	size_t n;
	result(s, &n);
	assert_int_equal(n, 2000);
	assert_true(sample_table_probes(s) < 20000);
	sample_free(s);
}

static void test_lines_with_nul(void **state)
{
	(void)state;
	struct sample_opts o = {.count = 2, .seed = 5};
	struct sample *s = sample_new(&o);
	char err[8];
	sample_add(s, "a\0b", 3, err, sizeof err);
	sample_add(s, "a\0c", 3, err, sizeof err);
	size_t n;
	const struct sample_pick *p = result(s, &n);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].len, 3);
	assert_true(p[0].key == sample_key(p[0].line, 3, 5));
	assert_true(p[0].key != p[1].key);
	sample_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_smallest_keys),
		cmocka_unit_test(test_prefix_and_order_free),
		cmocka_unit_test(test_ties_by_position),
		cmocka_unit_test(test_empty_and_zero),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_replace_huge_count),
		cmocka_unit_test(test_keep_order),
		cmocka_unit_test(test_per),
		cmocka_unit_test(test_per_bad_lines),
		cmocka_unit_test(test_per_seen_and_big_integers),
		cmocka_unit_test(test_per_table_resists_flooding),
		cmocka_unit_test(test_lines_with_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
