/* Unit tests of lib/match and lib/grepcheck: criteria on parsed records,
 * pattern errors, limits, id lists, and the soundness of the raw-line
 * pre-filter (against jansson and against matching without it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grepcheck.h"
#include "jsonl.h"
#include "match.h"

static const struct match_options plain;

static struct matcher *with(const struct match_options *o, enum match_kind kind,
			    const char *pattern)
{
	char err[256];
	struct matcher *m = matcher_new(o);
	if (pattern && matcher_add_pattern(m, kind, pattern, err, sizeof err) != 0)
		fail_msg("pattern %s: %s", pattern, err);
	return m;
}

static int decide(struct matcher *m, const char *line)
{
	char err[256];
	return matcher_line(m, line, strlen(line), err, sizeof err);
}

static void test_grepcheck_line(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		int want;
	} cases[] = {
		{"{}", GREPCHECK_VERBATIM_INTS},
		{" { } ", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":\"x\",\"b\":[1,-2,true,false,null,{}],\"c\":{\"d\":[]}}", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":\"caf\xc3\xa9 \xe5\xa4\xa7 \xf0\x9f\x98\x80\"}", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":\"\x7f\"}", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":-0}", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":123456789012345678}", GREPCHECK_VERBATIM_INTS},
		{"{\"a\":1234567890123456789}", GREPCHECK_VERBATIM},
		{"{\"a\":1.5}", GREPCHECK_VERBATIM},
		{"{\"a\":1e-999}", GREPCHECK_VERBATIM},
		{"{\"a\":2E+3}", GREPCHECK_VERBATIM},
		{"{\"a\"\r:\t1}", GREPCHECK_VERBATIM_INTS},
		/* all not proven */
		{"", GREPCHECK_UNSURE},
		{"[]", GREPCHECK_UNSURE},
		{"\"x\"", GREPCHECK_UNSURE},
		{"{", GREPCHECK_UNSURE},
		{"{\"a\"}", GREPCHECK_UNSURE},
		{"{\"a\":}", GREPCHECK_UNSURE},
		{"{\"a\":1,}", GREPCHECK_UNSURE},
		{"{\"a\":[1,]}", GREPCHECK_UNSURE},
		{"{\"a\":[1 2]}", GREPCHECK_UNSURE},
		{"{\"a\":1}x", GREPCHECK_UNSURE},
		{"{\"a\":1}{}", GREPCHECK_UNSURE},
		{"{\"a\":\"\\n\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\t\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\xff\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\xc0\xaf\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\xed\xa0\x80\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\xf4\x90\x80\x80\"}", GREPCHECK_UNSURE},
		{"{\"a\":\"\xe2\x82\"}", GREPCHECK_UNSURE},
		{"{\"a\":01}", GREPCHECK_UNSURE},
		{"{\"a\":1.}", GREPCHECK_UNSURE},
		{"{\"a\":.5}", GREPCHECK_UNSURE},
		{"{\"a\":1e}", GREPCHECK_UNSURE},
		{"{\"a\":-}", GREPCHECK_UNSURE},
		{"{\"a\":+1}", GREPCHECK_UNSURE},
		{"{\"a\":1e999}", GREPCHECK_UNSURE},
		{"{\"a\":tru}", GREPCHECK_UNSURE},
		{"{\"a\":true1}", GREPCHECK_UNSURE},
		{"{\"a\":nulls}", GREPCHECK_UNSURE},
		{"{1:2}", GREPCHECK_UNSURE},
		{"{\"a\":1 \"b\":2}", GREPCHECK_UNSURE},
		{"\f{}", GREPCHECK_UNSURE},
		{"{\"a\":\"x\"", GREPCHECK_UNSURE},
		{"{\"a\":\"x", GREPCHECK_UNSURE},
		{"\xef\xbb\xbf{}", GREPCHECK_UNSURE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = grepcheck_line(cases[i].line, strlen(cases[i].line));
		if (got != cases[i].want)
			fail_msg("grepcheck_line(%s) = %d, want %d", cases[i].line, got, cases[i].want);
	}
	char nul[] = "{\"a\":\"x\0y\"}";
	assert_int_equal(grepcheck_line(nul, sizeof nul - 1), GREPCHECK_UNSURE);
	/* Nesting: proven up to GREPCHECK_MAX_DEPTH, never beyond. */
	char deep[2 * GREPCHECK_MAX_DEPTH + 8];
	for (size_t d = GREPCHECK_MAX_DEPTH - 1; d <= GREPCHECK_MAX_DEPTH; d++) {
		size_t n = 0;
		deep[n++] = '{', deep[n++] = '"', deep[n++] = 'a', deep[n++] = '"', deep[n++] = ':';
		for (size_t i = 0; i < d; i++)
			deep[n++] = '[';
		for (size_t i = 0; i < d; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		int want = d + 1 <= GREPCHECK_MAX_DEPTH ? GREPCHECK_VERBATIM_INTS : GREPCHECK_UNSURE;
		assert_int_equal(grepcheck_line(deep, n), want);
	}
}

static void test_grepcheck_pattern(void **state)
{
	(void)state;
	static const char *const regular[] = {
		"", "RAG", "R.G", "a|b", "(a|b)*c", "(?:x)+?", "a{2,3}", "a{2}?", "[^x]",
		"[]a]", "[^]a]", "[\\]a]", "[[:alpha:]]+", "\\bRAG\\b", "\\BAG", "\\d\\w\\s",
		"\\x41\\x{263a}", "\\p{Han}\\pL", "\\.\\*\\+\\?", "(?i)rag", "(?i:rag)",
		"(?<n>a)b", "(?P<n>a)", "(?'n'a)", "(?|a|b)", "\\0", "\\cA", "\\N", "\\R",
		"\xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b", "a#b", "[$^]",
	};
	static const char *const irregular[] = {
		"^a", "a$", "\\Aa", "a\\z", "a\\Z", "\\Ga", "(?=a)", "(?!a)", "(?<=a)b",
		"(?<!a)b", "(?>a)", "a++", "a*+", "a?+", "a{2}+", "(a)\\1", "\\g1", "\\k<n>",
		"(?P=n)", "(?1)", "(?R)", "(?&n)", "(*COMMIT)a", "(*UCP)a", "(*pla:a)", "\\Qa\\E",
		"(?x)a", "(?#c)a", "(?(1)a|b)", "\\Ka", "\\X", "\\C", "(?C1)a", "[a\\Q]\\E]",
		"(?^)a", "(?-x)a", "\\",
	};
	for (size_t i = 0; i < sizeof regular / sizeof *regular; i++)
		if (!grepcheck_pattern_regular(regular[i], strlen(regular[i])))
			fail_msg("%s should be regular", regular[i]);
	for (size_t i = 0; i < sizeof irregular / sizeof *irregular; i++)
		if (grepcheck_pattern_regular(irregular[i], strlen(irregular[i])))
			fail_msg("%s should not be proven regular", irregular[i]);
}

static void test_compile_errors(void **state)
{
	(void)state;
	static const struct {
		const char *pattern;
		int fixed, word;
		const char *err;
	} cases[] = {
		{"(", 0, 0, "missing closing parenthesis (offset 1)"},
		{"a)", 0, 0, "unmatched closing parenthesis (offset 1)"},
		{"[a", 0, 0, "missing terminating ] for character class (offset 2)"},
		{"a{2,1}", 0, 0, "numbers out of order in {} quantifier (offset 5)"},
		{"a\\", 0, 0, "\\ at end of pattern (offset 2)"},
		{"(", 0, 1, "missing closing parenthesis (offset 1)"},
		{"ab\xff", 1, 0, "UTF-8 error: illegal byte (0xfe or 0xff) (offset 2)"},
		{"ab\xff", 0, 1, "UTF-8 error: illegal byte (0xfe or 0xff) (offset 2)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct match_options o = {0};
		o.fixed = cases[i].fixed, o.word = cases[i].word;
		struct matcher *m = matcher_new(&o);
		char err[256] = "";
		assert_int_equal(matcher_add_pattern(m, MATCH_TEXT, cases[i].pattern, err, sizeof err), -1);
		assert_string_equal(err, cases[i].err);
		matcher_free(m);
	}
	/* -F makes any text a pattern. */
	struct match_options o = {0};
	o.fixed = 1;
	struct matcher *m = with(&o, MATCH_TEXT, "(a\\");
	assert_int_equal(decide(m, "{\"title\":\"x(a\\\\y\"}"), MATCH_YES);
	matcher_free(m);
}

static void test_fields_and_kinds(void **state)
{
	(void)state;
	const char *rec = "{\"n\":7,\"id\":\"abc\",\"section\":\"RAG\",\"topic\":\"What is PPO?\","
			  "\"title\":\"T\",\"url\":\"https://x.org/a\",\"desc\":\"D\","
			  "\"headings\":[\"Top\",\"RAG\"],\"other\":\"hidden\",\"score\":2.50}";
	struct matcher *m = with(&plain, MATCH_TEXT, "x\\.org");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_TEXT, "hidden");
	assert_int_equal(decide(m, rec), MATCH_NO);
	matcher_add_field(m, "other");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_TEXT, "^2\\.5$");
	matcher_add_field(m, "score");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_TEXT, "^7$");
	matcher_add_field(m, "n");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_SECTION, "^Top$");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_TOPIC, "RAG");
	assert_int_equal(decide(m, rec), MATCH_NO);
	matcher_free(m);
	/* ANDed across kinds, ORed within one. */
	m = with(&plain, MATCH_TOPIC, "PPO");
	char err[256];
	assert_int_equal(matcher_add_pattern(m, MATCH_SECTION, "nothing", err, sizeof err), 0);
	assert_int_equal(decide(m, rec), MATCH_NO);
	assert_int_equal(matcher_add_pattern(m, MATCH_SECTION, "Top", err, sizeof err), 0);
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	/* No criteria: everything. */
	m = matcher_new(&plain);
	assert_int_equal(decide(m, rec), MATCH_YES);
	assert_int_equal(decide(m, "[]"), MATCH_ERROR);
	matcher_free(m);
}

static void test_modifiers(void **state)
{
	(void)state;
	const char *upper = "{\"title\":\"CAF\xc3\x89 au lait\"}";
	struct match_options o = {0};
	struct matcher *m = with(&o, MATCH_TEXT, "caf\xc3\xa9");
	assert_int_equal(decide(m, upper), MATCH_NO);
	matcher_free(m);
	o.caseless = 1;
	m = with(&o, MATCH_TEXT, "caf\xc3\xa9");
	assert_int_equal(decide(m, upper), MATCH_YES);
	matcher_free(m);
	o = (struct match_options){0};
	o.word = 1;
	m = with(&o, MATCH_TEXT, "CAF");
	assert_int_equal(decide(m, upper), MATCH_NO);
	matcher_free(m);
	m = with(&o, MATCH_TEXT, "au");
	assert_int_equal(decide(m, upper), MATCH_YES);
	matcher_free(m);
	o.fixed = 1;
	m = with(&o, MATCH_TEXT, "C++");
	assert_int_equal(decide(m, "{\"title\":\"C++ and C\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"title\":\"C++x\"}"), MATCH_NO);
	matcher_free(m);
	o = (struct match_options){0};
	o.whole = 1;
	m = with(&o, MATCH_TEXT, "a|ab");
	assert_int_equal(decide(m, "{\"title\":\"ab\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"title\":\"abc\"}"), MATCH_NO);
	assert_int_equal(decide(m, "{\"title\":\"ab\\n\"}"), MATCH_NO);
	matcher_free(m);
	o = (struct match_options){0};
	o.invert = 1;
	m = with(&o, MATCH_TEXT, "x");
	assert_int_equal(decide(m, "{\"title\":\"x\"}"), MATCH_NO);
	assert_int_equal(decide(m, "{\"title\":\"y\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"title\":\"y\""), MATCH_ERROR);
	matcher_free(m);
}

static void test_ids(void **state)
{
	(void)state;
	char err[256];
	struct matcher *m = matcher_new(&plain);
	assert_int_equal(matcher_add_id_line(m, 0, "  abc \r", 7, err, sizeof err), 0);
	const char *rec = "{\"id\":\"def\"}";
	assert_int_equal(matcher_add_id_line(m, 0, rec, strlen(rec), err, sizeof err), 0);
	assert_int_equal(matcher_add_id_line(m, 0, "{\"n\":1}", 7, err, sizeof err), -1);
	assert_string_equal(err, "record has no \"id\"");
	assert_int_equal(matcher_add_id_line(m, 0, "{bad", 4, err, sizeof err), -1);
	assert_string_equal(err, "string or '}' expected near 'bad'");
	assert_int_equal(decide(m, "{\"id\":\"abc\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"id\":\"def\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"id\":\"ab\"}"), MATCH_NO);
	assert_int_equal(decide(m, "{\"x\":1}"), MATCH_NO);
	/* Many ids: the set grows. */
	for (int i = 0; i < 5000; i++) {
		char id[32];
		int n = snprintf(id, sizeof id, "%016x", i * 7919);
		matcher_add_id(m, 1, id, (size_t)n);
	}
	matcher_add_id(m, 1, "def", 3);
	assert_int_equal(decide(m, "{\"id\":\"def\"}"), MATCH_NO);
	assert_int_equal(decide(m, "{\"id\":\"abc\"}"), MATCH_YES);
	matcher_free(m);

	/* -v does not bring back what -X drops. */
	struct match_options o = {0};
	o.invert = 1;
	m = with(&o, MATCH_SECTION, "RAG");
	matcher_add_id(m, 1, "x1", 2);
	assert_int_equal(decide(m, "{\"id\":\"x1\",\"section\":\"other\"}"), MATCH_NO);
	assert_int_equal(decide(m, "{\"id\":\"x2\",\"section\":\"other\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"id\":\"x2\",\"section\":\"RAG\"}"), MATCH_NO);
	matcher_free(m);

	/* An empty --ids list selects nothing. */
	m = matcher_new(&plain);
	matcher_want_ids(m);
	assert_int_equal(decide(m, "{\"id\":\"abc\"}"), MATCH_NO);
	matcher_free(m);
}

static void test_limits(void **state)
{
	(void)state;
	char err[256];
	struct matcher *m = with(&plain, MATCH_TEXT, "((a+)*)+$");
	const char *bad = "{\"title\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}";
	assert_int_equal(matcher_line(m, bad, strlen(bad), err, sizeof err), MATCH_ERROR);
	assert_string_equal(err, "exceeded PCRE's backtracking limit");
	matcher_free(m);

	size_t n = 1000000;
	char *line = malloc(n + 32);
	size_t len = (size_t)sprintf(line, "{\"title\":\"");
	for (size_t i = 0; i < n; i++)
		line[len++] = "ab"[i & 1];
	len += (size_t)sprintf(line + len, "\"}");
	m = with(&plain, MATCH_TEXT, "^(a|b)*$");
	assert_int_equal(matcher_line(m, line, len, err, sizeof err), MATCH_YES);
	matcher_free(m);
	free(line);
}

/* --- the pre-filter, differentially ---------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned next(unsigned n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const keys[] = {"section", "topic", "title", "url", "desc", "headings",
				   "id", "n", "x", "sec\\u0074ion"};
static const char *const values[] = {
	"\"RAG\"", "\"rag basics\"", "\"(RAG)\xe7\x9b\xb8\xe5\x85\xb3\"", "\"R\\u0041G\"",
	"\"CAF\xc3\x89\"", "\"caf\xc3\xa9\"", "\"\"", "\"a\\\"b\"", "\"x\\ny\"", "\"PPO, DPO\"",
	"[\"Top\",\"RAG\"]", "[]", "[1,\"RAG\",2.5]", "7", "-0", "1.0", "2.5e1", "1e999",
	"18446744073709551616", "123456789012345678", "true", "null", "{\"section\":\"RAG\"}",
	"\"\xff\"", "\"\t\"", "\"\x7f\"", "\"a1\"", "\"RAGE\"", "\"xRAG\"", "\"R A G\"",
};

/* A line of random keys and values, sometimes damaged. */
static size_t make_line(char *buf, size_t cap)
{
	size_t n = 0;
	int fields = 1 + (int)next(5);
	n += (size_t)snprintf(buf + n, cap - n, "{");
	for (int i = 0; i < fields; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s\"%s\":%s", i ? "," : "",
				      keys[next(sizeof keys / sizeof *keys)],
				      values[next(sizeof values / sizeof *values)]);
	n += (size_t)snprintf(buf + n, cap - n, "}");
	if (next(4) == 0 && n > 2) {
		size_t at = next((unsigned)n);
		switch (next(3)) {
		case 0: buf[at] = "{}[]\":,\\ 0a\x80"[next(13)]; break;
		case 1: memmove(buf + at, buf + at + 1, n - at), n--; break;
		case 2: n = at; break;
		}
	}
	buf[n] = '\0';
	return n;
}

static const char *const patterns[] = {
	"RAG", "R.G", "^RAG", "RAG$", "(?<!\")RAG", "\\bRAG\\b", "rag", "caf\xc3\xa9",
	"\\d", "1", "^1$", "25", "\\.", "x.y", "(?i)top", "A", "", "\"", "[^a-z]AG",
	"R(?=A)", "(?>R|RA)G", "R\\x{41}G", "(a)\\1", "\\w+", "DPO|PPO",
};

static void compare_on(const struct match_options *o, enum match_kind kind, const char *pattern,
		       const char *field, unsigned long *settled)
{
	struct match_options with_pf = *o, without = *o;
	without.no_prefilter = 1;
	struct matcher *a = with(&with_pf, kind, pattern), *b = with(&without, kind, pattern);
	if (field) {
		matcher_add_field(a, field);
		matcher_add_field(b, field);
	}
	char line[1024];
	for (int i = 0; i < 400; i++) {
		size_t len = make_line(line, sizeof line - 64);
		char ea[256] = "", eb[256] = "";
		int ra = matcher_line(a, line, len, ea, sizeof ea);
		int rb = matcher_line(b, line, len, eb, sizeof eb);
		if (ra != rb || strcmp(ea, eb) != 0)
			fail_msg("pattern %s on %s: %d (%s) with the pre-filter, %d (%s) without",
				 pattern, line, ra, ea, rb, eb);
	}
	*settled += matcher_prefiltered(a);
	assert_int_equal(matcher_prefiltered(b), 0);
	matcher_free(a);
	matcher_free(b);
}

static void test_prefilter_never_changes_a_result(void **state)
{
	(void)state;
	unsigned long settled = 0;
	for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
		for (int opts = 0; opts < 32; opts++) {
			struct match_options o = {0};
			o.caseless = opts & 1, o.fixed = (opts >> 1) & 1, o.word = (opts >> 2) & 1;
			o.whole = (opts >> 3) & 1, o.invert = (opts >> 4) & 1;
			compare_on(&o, MATCH_TEXT, patterns[p], NULL, &settled);
			compare_on(&o, MATCH_SECTION, patterns[p], NULL, &settled);
			compare_on(&o, MATCH_TEXT, patterns[p], opts & 1 ? "n" : "x", &settled);
		}
	}
	/* It did settle lines, or this test proves nothing. */
	assert_true(settled > 10000);
}

/* What grepcheck_line proves, jansson agrees with. */
static void test_grepcheck_agrees_with_jansson(void **state)
{
	(void)state;
	char line[1024], err[256];
	int proven = 0;
	for (int i = 0; i < 200000; i++) {
		size_t len = make_line(line, sizeof line - 64);
		if (grepcheck_line(line, len) == GREPCHECK_UNSURE)
			continue;
		proven++;
		json_t *v = jsonl_parse(line, len, err, sizeof err);
		if (!v)
			fail_msg("grepcheck passed %s, jansson says %s", line, err);
		json_decref(v);
	}
	assert_true(proven > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grepcheck_line),
		cmocka_unit_test(test_grepcheck_pattern),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_fields_and_kinds),
		cmocka_unit_test(test_modifiers),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_prefilter_never_changes_a_result),
		cmocka_unit_test(test_grepcheck_agrees_with_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
