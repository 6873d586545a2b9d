/* Unit tests of lib/catcheck: the --check findings, and its URL table
 * against crafted keys (by counting probes, not by timing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catcheck.h"
#include "record.h"

static void collect(const char *file, unsigned long line, const char *message, void *userdata)
{
	struct buf *out = userdata;
	char head[64];
	snprintf(head, sizeof head, ":%lu: ", line);
	buf_adds(out, file);
	buf_adds(out, head);
	buf_adds(out, message);
	buf_addc(out, '\n');
}

static void test_findings(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct catcheck *k = catcheck_new(7);
	catcheck_begin(k, "a.md");
	catcheck_link(k, 4, "u", 1, 0, 0);
	catcheck_link(k, 4, "", 0, 1, 0);
	catcheck_link(k, 5, "v", 1, 0, 1); /* an image is text enough */
	catcheck_unlinked_item(k, 3, "What?");
	catcheck_empty_section(k, 1, "E");
	catcheck_link(k, 6, "u", 1, 1, 0);
	catcheck_end(k, collect, &out);
	catcheck_begin(k, "b.md");
	catcheck_link(k, 2, "v", 1, 1, 0);
	catcheck_link(k, 3, "", 0, 1, 0);
	catcheck_end(k, collect, &out);
	assert_string_equal(out.p, "a.md:1: empty section 'E'\n"
				   "a.md:3: item without a link 'What?'\n"
				   "a.md:4: link with empty text\n"
				   "a.md:4: link with empty destination\n"
				   "a.md:6: duplicate URL u (first at a.md:4)\n"
				   "b.md:2: duplicate URL v (first at a.md:5)\n"
				   "b.md:3: link with empty destination\n"
				   "b.md:3: duplicate URL  (first at a.md:4)\n");
	catcheck_free(k);
	buf_free(&out);
}

/* A URL that differs from the previous only past a common prefix still
 * matches only itself: "u" is no duplicate of "uv", nor of "u\0". */
static void test_whole_url(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct catcheck *k = catcheck_new(0);
	catcheck_begin(k, "a.md");
	catcheck_link(k, 1, "uv", 2, 1, 0);
	catcheck_link(k, 2, "u", 1, 1, 0);
	catcheck_link(k, 3, "u\0", 2, 1, 0);
	catcheck_end(k, collect, &out);
	assert_string_equal(out.p, "");
	assert_int_equal(catcheck_probes(k) >= 3, 1);
	catcheck_free(k);
	buf_free(&out);
}

enum { CRAFTED = 4000, LOW_BITS = 16 };

/*
 * URLs whose FNV-1a hashes (the record id, and the table's hash before it
 * was seeded) agree in their low 16 bits: in a table of up to 65536 slots
 * indexed by those bits, every one lands on one slot.  FNV-1a's low k bits
 * depend only on the low k bits before each byte, and the last step maps 0
 * to 0, so two free letters and a third that cancels the state's low byte
 * are enough; the count in the prefix makes each URL new.
 */
static char **crafted_urls(size_t *n)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const uint64_t prime = 0x100000001b3ull;
	char **urls = calloc(CRAFTED, sizeof *urls);
	assert_non_null(urls);
	size_t count = 0;
	for (unsigned i = 0; count < CRAFTED; i++) {
		char url[64];
		int len = snprintf(url, sizeof url, "https://example.org/q%u/", i);
		uint64_t h = record_id(url, (size_t)len);
		int found = 0;
		for (size_t a = 0; a < sizeof alnum - 1 && !found; a++)
			for (size_t b = 0; b < sizeof alnum - 1 && !found; b++) {
				uint64_t s = ((((h ^ (unsigned char)alnum[a]) * prime) ^ (unsigned char)alnum[b]) * prime);
				unsigned char last = (unsigned char)(s & 0xff);
				if ((s & 0xff00) || !last || !strchr(alnum, last))
					continue;
				url[len] = alnum[a];
				url[len + 1] = alnum[b];
				url[len + 2] = (char)last;
				url[len + 3] = '\0';
				found = 1;
			}
		if (found)
			urls[count++] = strdup(url);
	}
	*n = count;
	return urls;
}

static void free_urls(char **urls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
}

/* The probes a table keyed by the unseeded FNV-1a, as catcheck's was,
 * would make for the same URLs: what the crafting achieves. */
static unsigned long long fnv_table_probes(char **urls, size_t n)
{
	size_t cap = 1u << LOW_BITS;
	uint64_t *slots = calloc(cap, sizeof *slots);
	char *used = calloc(cap, 1);
	unsigned long long probes = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t h = record_id(urls[i], strlen(urls[i]));
		size_t j = h & (cap - 1);
		for (probes++; used[j]; probes++)
			j = (j + 1) & (cap - 1);
		used[j] = 1;
		slots[j] = h;
	}
	free(slots);
	free(used);
	return probes;
}

static void test_crafted_urls_do_not_flood(void **state)
{
	(void)state;
	size_t n;
	char **urls = crafted_urls(&n);
	assert_int_equal(n, CRAFTED);
	uint64_t first = record_id(urls[0], strlen(urls[0])) & ((1u << LOW_BITS) - 1);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(record_id(urls[i], strlen(urls[i])) & ((1u << LOW_BITS) - 1), first);
	/* unseeded, the table would make n * n / 2 probes */
	assert_true(fnv_table_probes(urls, n) > (unsigned long long)n * 1000);

	static const uint64_t seeds[] = {0, 1, 0x9e3779b97f4a7c15ull, UINT64_MAX};
	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		struct buf out = BUF_INIT;
		struct catcheck *k = catcheck_new(seeds[s]);
		catcheck_begin(k, "a.md");
		for (size_t i = 0; i < n; i++)
			catcheck_link(k, i + 1, urls[i], strlen(urls[i]), 1, 0);
		/* at most half full: about 1.5 probes a new key on average */
		unsigned long long inserts = catcheck_probes(k);
		assert_true(inserts <= 3 * (unsigned long long)n);
		for (size_t i = 0; i < n; i++)
			catcheck_link(k, n + i + 1, urls[i], strlen(urls[i]), 1, 0);
		assert_true(catcheck_probes(k) - inserts <= 3 * (unsigned long long)n);
		catcheck_end(k, collect, &out);
		catcheck_free(k);
		buf_free(&out);
	}
	free_urls(urls, n);
}

/* The same documents under other seeds: the same report, byte for byte. */
static void test_seed_changes_no_output(void **state)
{
	(void)state;
	size_t n;
	char **urls = crafted_urls(&n);
	static const uint64_t seeds[] = {0, 1, 42, 0x9e3779b97f4a7c15ull, UINT64_MAX};
	struct buf first = BUF_INIT;
	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		struct buf out = BUF_INIT;
		struct catcheck *k = catcheck_new(seeds[s]);
		for (int doc = 0; doc < 3; doc++) {
			char name[16];
			snprintf(name, sizeof name, "%d.md", doc);
			catcheck_begin(k, name);
			/* each document: a stride of the URLs, some seen before */
			for (size_t i = (size_t)doc; i < n; i += 3 + (size_t)doc)
				catcheck_link(k, (unsigned long)(n - i), urls[i], strlen(urls[i]), i % 5 != 0, 0);
			catcheck_empty_section(k, 2, "S");
			catcheck_end(k, collect, &out);
		}
		catcheck_free(k);
		if (s == 0) {
			buf_add(&first, out.p, out.len);
			assert_true(strstr(first.p, "duplicate URL") != NULL);
		} else {
			assert_int_equal(out.len, first.len);
			assert_memory_equal(out.p, first.p, first.len);
		}
		buf_free(&out);
	}
	buf_free(&first);
	free_urls(urls, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_whole_url),
		cmocka_unit_test(test_crafted_urls_do_not_flood),
		cmocka_unit_test(test_seed_changes_no_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
