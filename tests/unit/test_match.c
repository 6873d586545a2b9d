/* Unit tests of lib/match and lib/jsonscan: criteria on parsed records,
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

#include "jsonscan.h"
#include "jsonl.h"
#include "match.h"
#include "utf8.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned next_rand(unsigned n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng % n);
}

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

/* The reference: every code point decodes. */
static int decodes(const char *t, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t bad, n = utf8_decode((const unsigned char *)t + i, len - i, &cp, &bad);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

static int check(const char *line, size_t len)
{
	static const char *const keys[] = {"id", "section", "headings"};
	static const size_t lens[] = {2, 7, 8};
	struct jsonscan_scan s = {keys, lens, 3, {{0}}, 0}, none = {NULL, NULL, 0, {{0}}, 0};
	int proven = jsonscan_line(&s, line, len), valid = jsonscan_valid(line, len);
	/* The validator proves at least what the scanner does (it has no
	 * limit on values collected), and with no keys exactly that: two
	 * ways to the same answer, a walk over the bytes and an automaton
	 * over the tokens of bit masks. */
	if (proven && !valid)
		fail_msg("jsonscan_line proves %.*s, jsonscan_valid does not", (int)len, line);
	if (jsonscan_line(&none, line, len) != valid)
		fail_msg("jsonscan_valid(%.*s) = %d, jsonscan_line differs", (int)len, line, valid);
	return proven;
}

static void test_jsonscan_line(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		int proven;
	} cases[] = {
		{"{}", 1},
		{" { } ", 1},
		{"{\"a\":\"x\",\"b\":[1,-2,true,false,null,{}],\"c\":{\"d\":[]}}", 1},
		{"{\"a\":\"caf\xc3\xa9 \xe5\xa4\xa7 \xf0\x9f\x98\x80\"}", 1},
		{"{\"a\":\"\x7f\"}", 1},
		{"{\"a\":0,\"b\":-7}", 1},
		{"{\"a\":123456789012345678}", 1},
		{"{ \"a\" : [ 1 , 2 ] }", 1},
		/* proven only by parsing: */
		{"{\"a\":-0}", 0},
		{"{\"a\":1234567890123456789}", 0},
		{"{\"a\":1.5}", 0},
		{"{\"a\":1e-999}", 0},
		{"{\"a\":2E+3}", 0},
		{"{\"a\"\r:1}", 0},
		{"{\"a\":\t1}", 0},
		{"{\"a\":\"\\n\"}", 0},
		/* not JSON objects at all: */
		{"", 0},
		{"[]", 0},
		{"\"x\"", 0},
		{"{", 0},
		{"{\"a\"}", 0},
		{"{\"a\":}", 0},
		{"{\"a\":1,}", 0},
		{"{,\"a\":1}", 0},
		{"{\"a\":[1,]}", 0},
		{"{\"a\":[,1]}", 0},
		{"{\"a\":[1 2]}", 0},
		{"{\"a\":[1}", 0},
		{"{\"a\":{\"b\":1]}", 0},
		{"{\"a\":1}x", 0},
		{"{\"a\":1}{}", 0},
		{"{\"a\":1}}", 0},
		{"{\"a\":\"\t\"}", 0},
		{"{\"a\":\"\xff\"}", 0},
		{"{\"a\":\"\xc0\xaf\"}", 0},
		{"{\"a\":\"\xed\xa0\x80\"}", 0},
		{"{\"a\":\"\xf4\x90\x80\x80\"}", 0},
		{"{\"a\":\"\xe2\x82\"}", 0},
		{"{\"a\xe2\x82\":1}", 0},
		{"{\"a\":01}", 0},
		{"{\"a\":1.}", 0},
		{"{\"a\":.5}", 0},
		{"{\"a\":1e}", 0},
		{"{\"a\":-}", 0},
		{"{\"a\":+1}", 0},
		{"{\"a\":1e999}", 0},
		{"{\"a\":tru}", 0},
		{"{\"a\":true1}", 0},
		{"{\"a\":nulls}", 0},
		{"{\"a\":\xc3\xa9}", 0},
		{"{1:2}", 0},
		{"{\"a\":1 \"b\":2}", 0},
		{"{\"a\" \"b\"}", 0},
		{"\f{}", 0},
		{"{\"a\":\"x\"", 0},
		{"{\"a\":\"x", 0},
		{"{\"a\":\"x}", 0},
		{"\xef\xbb\xbf{}", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = check(cases[i].line, strlen(cases[i].line));
		if (got != cases[i].proven)
			fail_msg("jsonscan_line(%s) = %d, want %d", cases[i].line, got, cases[i].proven);
	}
	char nul[] = "{\"a\":\"x\0y\"}";
	assert_int_equal(check(nul, sizeof nul - 1), 0);
	/* Nesting: proven up to JSONSCAN_MAX_DEPTH, never beyond. */
	char deep[2 * JSONSCAN_MAX_DEPTH + 8];
	for (size_t d = JSONSCAN_MAX_DEPTH - 2; d <= JSONSCAN_MAX_DEPTH; d++) {
		size_t n = 0;
		deep[n++] = '{', deep[n++] = '"', deep[n++] = 'a', deep[n++] = '"', deep[n++] = ':';
		for (size_t i = 0; i < d; i++)
			deep[n++] = '[';
		for (size_t i = 0; i < d; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		assert_int_equal(check(deep, n), d + 1 <= JSONSCAN_MAX_DEPTH);
	}
	/* A long line: proven across many 64-byte windows, refused beyond 16 KiB. */
	char *big = malloc(20100);
	for (size_t total = 1000; total <= 20000; total += 19000) {
		size_t n = (size_t)sprintf(big, "{\"section\":\"");
		while (n + 6 < total) {
			memcpy(big + n, "a \xe5\xa4\xa7", 5);
			n += 5;
		}
		n += (size_t)sprintf(big + n, "\",\"n\":12}");
		assert_int_equal(check(big, n), total == 1000);
	}
	free(big);
}

static void test_jsonscan_values(void **state)
{
	(void)state;
	static const char *const keys[] = {"id", "section", "headings", "n"};
	static const size_t lens[] = {2, 7, 8, 1};
	struct jsonscan_scan s = {keys, lens, 4, {{0}}, 0};
	const char *line = "{\"n\":7,\"id\":\"x1\",\"section\":\"old\",\"headings\":[\"A\",[\"no\"],"
			   "{\"b\":\"no\"},3,true,\"B\"],\"o\":{\"section\":\"inner\"},"
			   "\"section\":\"new\",\"t\":\"\"}";
	assert_int_equal(jsonscan_line(&s, line, strlen(line)), 1);
	static const struct {
		const char *text;
		unsigned key;
		int in_array;
	} want[] = {
		{"7", 3, 0}, {"x1", 0, 0}, {"A", 2, 1}, {"3", 2, 1}, {"B", 2, 1}, {"new", 1, 0},
	};
	assert_int_equal(s.nvalues, sizeof want / sizeof *want);
	for (size_t i = 0; i < s.nvalues; i++) {
		assert_int_equal(s.values[i].len, strlen(want[i].text));
		assert_memory_equal(s.values[i].p, want[i].text, s.values[i].len);
		assert_int_equal(s.values[i].key, want[i].key);
		assert_int_equal(s.values[i].in_array, want[i].in_array);
	}
	/* An array met again replaces the first. */
	line = "{\"headings\":[\"A\",\"B\"],\"headings\":[]}";
	assert_int_equal(jsonscan_line(&s, line, strlen(line)), 1);
	assert_int_equal(s.nvalues, 0);
}

/* Numbers, the one kind of token longer than its first byte. */
static void test_jsonscan_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		int valid;
	} cases[] = {
		{"{\"a\":-12,\"b\":[0,123456789012345678],\"c\":\"1.5e9\"}", 1},
		{"{\"a\":1,\"b\":true,\"c\":false,\"d\":null}", 1},
		{"{\"a\" : 1 , \"b\" : [ -1 , 0 ] }", 1},
		{"{\"a\":1.5}", 0},
		{"{\"a\":1e5}", 0},
		{"{\"a\":1E5}", 0},
		{"{\"a\":1234567890123456789}", 0},
		{"{\"a\":-}", 0},
		{"{\"a\":--1}", 0},
		{"{\"a\":1-2}", 0},
		{"{\"a\":00}", 0},
		{"{\"a\":-0}", 0},
		{"{\"a\":truefalse}", 0},
		{"{\"a\":t}", 0},
		{"{\"a\":1 2}", 0},
		{"{\"a\":1\"b\"}", 0},
		{"{\"a\":1,} ", 0},
		{"{\"a\":\"b}", 0},
		{"[{}]", 0},
		{"x{}", 0},
		{"1", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (jsonscan_valid(cases[i].line, strlen(cases[i].line)) != cases[i].valid)
			fail_msg("jsonscan_valid(%s) != %d", cases[i].line, cases[i].valid);
	/* A run of 64 bytes or more outside strings, from a word's start. */
	char run[256];
	for (int len = 18; len <= 140; len += 61) {
		int n = sprintf(run, "{\"a\":%59s", "");
		memset(run + n, '7', (size_t)len);
		n += len;
		n += sprintf(run + n, "}");
		if (check(run, (size_t)n) != (len == 18))
			fail_msg("a run of %d digits from byte 64", len);
	}
	/* A number, or true, across the 64-byte words stage 1 works in. */
	char line[200];
	for (int digits = 17; digits <= 19; digits++) {
		for (int at = 50; at <= 70; at++) {
			int n = sprintf(line, "{\"a\":\"%*s\",\"n\":", at - 12, "");
			for (int i = 0; i < digits; i++)
				line[n++] = (char)('1' + i % 9);
			n += sprintf(line + n, "}");
			if (check(line, (size_t)n) != (digits <= 18))
				fail_msg("%d digits at %d", digits, at);
			n = sprintf(line, "{\"a\":\"%*s\",\"n\":tru%se}", at - 12, "",
				    digits == 18 ? "" : "x");
			if (check(line, (size_t)n) != (digits == 18))
				fail_msg("true at %d", at);
		}
	}
}

/* A random JSON value of tokens jsonscan knows, nested up to depth. */
static void random_value(char *buf, size_t *n, size_t cap, int depth)
{
	static const char *const scalars[] = {"\"a\"", "\"\"", "1", "-2", "true", "false", "null"};
	if (*n + 16 > cap)
		depth = 0;
	if (next_rand(3) == 0)
		buf[(*n)++] = ' ';
	unsigned kind = depth > 0 ? next_rand(4) : 2;
	if (kind >= 2) {
		*n += (size_t)sprintf(buf + *n, "%s", scalars[next_rand(7)]);
		return;
	}
	unsigned count = next_rand(4);
	buf[(*n)++] = kind ? '[' : '{';
	for (unsigned i = 0; i < count && *n + 32 < cap; i++) {
		if (i)
			buf[(*n)++] = ',';
		if (!kind)
			*n += (size_t)sprintf(buf + *n, "\"k%u\":", i);
		random_value(buf, n, cap, depth - 1);
	}
	buf[(*n)++] = kind ? ']' : '}';
}

/* The automaton, against jansson exactly: on objects of short tokens
 * nested up to 7 deep (the shallow table holds 3), some with a token
 * changed, jsonscan_valid says yes just when jansson does. */
static void test_jsonscan_grammar(void **state)
{
	(void)state;
	static const char tokens[] = "{}[]:,\" 1";
	char line[4096];
	int valid = 0;
	for (int i = 0; i < 40000; i++) {
		size_t n = 0;
		line[n++] = '{';
		unsigned members = next_rand(4);
		for (unsigned m = 0; m < members; m++) {
			n += (size_t)sprintf(line + n, "%s\"m\":", m ? "," : "");
			random_value(line, &n, sizeof line - 64, (int)next_rand(8));
		}
		line[n++] = '}';
		for (unsigned k = next_rand(3); k > 0; k--) {
			size_t at = next_rand((unsigned)n);
			if (next_rand(2))
				line[at] = tokens[next_rand(sizeof tokens - 1)];
			else
				memmove(line + at, line + at + 1, n - at - 1), n--;
		}
		line[n] = '\0';
		json_t *v = json_loadb(line, n, 0, NULL);
		int want = json_is_object(v);
		json_decref(v);
		check(line, n);
		if (jsonscan_valid(line, n) != want)
			fail_msg("jsonscan_valid(%s) = %d, jansson %d", line, !want, want);
		valid += want;
	}
	assert_true(valid > 10000);
}

/* The vector UTF-8 check against the scalar one, and both against
 * lib/utf8: every sequence of up to three bytes from a set that covers
 * each boundary, at every offset in a 64-byte block, then random text. */
static void test_utf8(void **state)
{
	(void)state;
	static const unsigned char edge[] = {
		0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
		0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xff,
	};
	enum { NE = sizeof edge };
	unsigned char buf[80];
	unsigned long checked = 0;
	for (size_t off = 0; off < 64; off += 7) {
		memset(buf, 'a', sizeof buf);
		for (size_t a = 0; a < NE; a++)
			for (size_t b = 0; b < NE; b++)
				for (size_t c = 0; c < NE; c++)
					for (size_t d = 0; d < 3; d++) {
						buf[off] = edge[a], buf[off + 1] = edge[b], buf[off + 2] = edge[c];
						buf[off + 3] = d == 0 ? 'a' : d == 1 ? 0x80 : 0xbf;
						for (size_t len = off + 1; len <= off + 4; len++) {
							const char *t = (const char *)buf;
							int want = decodes(t, len);
							if (utf8_valid(t, len) != want ||
							    utf8_valid_scalar(t, len) != want)
								fail_msg("utf8 at %zu: %02x %02x %02x %02x, len %zu",
									 off, buf[off], buf[off + 1], buf[off + 2],
									 buf[off + 3], len);
							checked++;
						}
					}
	}
	for (int i = 0; i < 200000; i++) {
		size_t len = 1 + next_rand(79);
		for (size_t j = 0; j < len; j++) {
			unsigned r = next_rand(10);
			buf[j] = r < 4 ? (unsigned char)('a' + r) : r < 7 ? (unsigned char)(0x80 + next_rand(64))
				 : edge[next_rand(NE)];
		}
		const char *t = (const char *)buf;
		int want = decodes(t, len);
		if (utf8_valid(t, len) != want || utf8_valid_scalar(t, len) != want)
			fail_msg("utf8: random case %d", i);
	}
	assert_true(checked > 1000000);
}

static void test_jsonscan_pattern(void **state)
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
		if (!matcher_pattern_regular(regular[i], strlen(regular[i])))
			fail_msg("%s should be regular", regular[i]);
	for (size_t i = 0; i < sizeof irregular / sizeof *irregular; i++)
		if (matcher_pattern_regular(irregular[i], strlen(irregular[i])))
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
	/* The url is no text field (SPEC §3); -f url searches it. */
	struct matcher *m = with(&plain, MATCH_TEXT, "x\\.org");
	assert_int_equal(decide(m, rec), MATCH_NO);
	matcher_add_field(m, "url");
	assert_int_equal(decide(m, rec), MATCH_YES);
	matcher_free(m);
	m = with(&plain, MATCH_TEXT, "^D$");
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
	assert_int_equal(matcher_add_id_line(m, 0, "  00000000000ABCde \r", 20, err, sizeof err), 0);
	assert_int_equal(matcher_add_id_line(m, 0, " \t\r", 3, err, sizeof err), 0);
	const char *rec = "{\"id\":\"def\"}";
	assert_int_equal(matcher_add_id_line(m, 0, rec, strlen(rec), err, sizeof err), 0);
	const char *bad[] = {"abc", "{\"n\":1}", "{bad", "{\"id\":42}", "[\"abc\"]",
			     "0000000000000abg", "0000000000000abcd", "\"0000000000000abc\"",
			     "{\"id\":\"x\"} trailing"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		if (matcher_add_id_line(m, 0, bad[i], strlen(bad[i]), err, sizeof err) != -1)
			fail_msg("id line %s accepted", bad[i]);
		assert_string_equal(err, "not an id or a record");
	}
	assert_int_equal(decide(m, "{\"id\":\"00000000000abcde\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"id\":\"00000000000ABCDE\"}"), MATCH_YES);
	assert_int_equal(decide(m, "{\"id\":\"DEF\"}"), MATCH_YES);
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
	assert_int_equal(decide(m, "{\"id\":\"00000000000abcde\"}"), MATCH_YES);
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

static const char *const keys[] = {"section", "topic", "title", "url", "desc", "headings",
				   "id", "n", "x", "sec\\u0074ion"};
static const char *const values[] = {
	"\"RAG\"", "\"rag basics\"", "\"(RAG)\xe7\x9b\xb8\xe5\x85\xb3\"", "\"R\\u0041G\"",
	"\"CAF\xc3\x89\"", "\"caf\xc3\xa9\"", "\"\"", "\"a\\\"b\"", "\"x\\ny\"", "\"PPO, DPO\"",
	"[\"Top\",\"RAG\"]", "[]", "[1,\"RAG\",2.5]", "7", "-0", "1.0", "2.5e1", "1e999",
	"18446744073709551616", "123456789012345678", "true", "null", "{\"section\":\"RAG\"}",
	"\"\xff\"", "\"\t\"", "\"\x7f\"", "\"a1\"", "\"RAGE\"", "\"xRAG\"", "\"R A G\"",
	/* long enough to cross the 64-byte words of jsonscan */
	"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxRAG\"",
	"\"\xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b \xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b \xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b "
	"\xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b \xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b \xe5\xa4\xa7\xe6\xa8\xa1\xe5\x9e\x8b\"",
	"[1234567890123456,1234567890123456,1234567890123456,1234567890123456]",
	"[12345678901234567,12345678901234567,12345678901234567,1234567890123456789]",
};

/* A line of random keys and values, sometimes damaged. */
static size_t make_line(char *buf, size_t cap)
{
	size_t n = 0;
	int fields = 1 + (int)next_rand(5);
	n += (size_t)snprintf(buf + n, cap - n, "{");
	for (int i = 0; i < fields; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s\"%s\":%s", i ? "," : "",
				      keys[next_rand(sizeof keys / sizeof *keys)],
				      values[next_rand(sizeof values / sizeof *values)]);
	n += (size_t)snprintf(buf + n, cap - n, "}");
	if (next_rand(4) == 0 && n > 2) {
		size_t at = next_rand((unsigned)n);
		switch (next_rand(3)) {
		case 0: buf[at] = "{}[]\":,\\ 0a\x80"[next_rand(13)]; break;
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
	/* literals, searched as bytes before the line is proven: the rarest
	 * byte last, and a needle across a key and its value */
	"AG", "\":\"R",
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
	for (int i = 0; i < 250; i++) {
		size_t len = make_line(line, sizeof line - 64);
		char ea[256] = "", eb[256] = "";
		int ra = matcher_line(a, line, len, ea, sizeof ea);
		int rb = matcher_line(b, line, len, eb, sizeof eb);
		/* No difference at all: every line is validated (SPEC §2). */
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

/* What jsonscan_line proves, jansson agrees with. */
static void test_jsonscan_agrees_with_jansson(void **state)
{
	(void)state;
	char line[1024], err[256];
	int proven = 0;
	for (int i = 0; i < 60000; i++) {
		size_t len = make_line(line, sizeof line - 64);
		int scanned = check(line, len), valid = jsonscan_valid(line, len);
		if (!scanned && !valid)
			continue;
		proven++;
		json_t *v = jsonl_parse(line, len, err, sizeof err);
		if (!v)
			fail_msg("jsonscan passed %s, jansson says %s", line, err);
		json_decref(v);
	}
	assert_true(proven > 300);
}

/* --- many lines at once (jsonscan_lines, matcher_pass) --------------- */

/* Does s[0..n) hold one of the pairs, within itself? */
static int holds_pair(const char *s, size_t n, const struct jsonscan_pair *pairs, size_t np)
{
	for (size_t k = 0; k < np; k++)
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] == pairs[k].first &&
			    (!pairs[k].gap ||
			     (i + pairs[k].gap < n && (unsigned char)s[i + pairs[k].gap] == pairs[k].second)))
				return 1;
	return 0;
}

/* text, whole lines, taken as the walk takes it: what jsonscan_lines
 * passes over, then a line alone, and again.  Every line passed over must
 * be one jsonscan_valid proves, without a pair, and counted.  Returns how
 * many were passed over. */
static unsigned long walk_block(const char *text, size_t len, const struct jsonscan_pair *pairs,
				size_t np)
{
	unsigned long passed = 0;
	for (size_t pos = 0; pos < len;) {
		unsigned long lines, counted = 0;
		size_t n = jsonscan_lines(text + pos, len - pos, pairs, np, &lines);
		for (size_t at = pos; at < pos + n; counted++) {
			const char *nl = memchr(text + at, '\n', pos + n - at);
			if (!nl)
				fail_msg("a pass of %zu bytes ends inside a line", n);
			size_t ll = (size_t)(nl - (text + at));
			if (!jsonscan_valid(text + at, ll) || holds_pair(text + at, ll, pairs, np))
				fail_msg("passed over %.*s", (int)ll, text + at);
			at += ll + 1;
		}
		if (counted != lines)
			fail_msg("passed over %lu lines, said %lu", counted, lines);
		passed += lines;
		pos += n;
		const char *nl = memchr(text + pos, '\n', len - pos);
		pos = nl ? (size_t)(nl + 1 - text) : len;
	}
	return passed;
}

/* Exact answers where the stop is the line itself: a shape the automaton
 * refuses or finds too deep, a pair, a defect in the 64 bytes where its
 * line starts. */
static void test_jsonscan_lines_cases(void **state)
{
	(void)state;
	static const struct jsonscan_pair rlhf = {'R', 'H', 2}, capital_r = {'R', 0, 0};
	static const struct {
		const char *text;
		const struct jsonscan_pair *pair;
		unsigned long lines;
	} cases[] = {
		{"{}\n", NULL, 1},
		{"{}\n{}\n", NULL, 2},
		{"{\"a\":1}\n{\"a\":1,}\n{}\n", NULL, 1},
		{"{\"a\":1}\n{\"b\":[\"x\",{\"c\":null}]}\n{\"a\":2}\n", NULL, 3},
		{"{\"s\":\"RLHF\"}\n", &rlhf, 0},
		{"{\"s\":\"RL\"}\n{\"s\":\"RLHF\"}\n", &rlhf, 1},
		{"{\"s\":\"RL\"}\n{\"s\":\"RLHF\"}\n", &capital_r, 0},
		{"{\"a\":[[1]]}\n{}\n", NULL, 2},
		{"{}\n{\"a\":[[[1]]]}\n{}\n", NULL, 1},
		/* (the odd quote's line starts a 64-byte word) */
		{"{\"a\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
		 "{\"a\":\"x}\n{}\n", NULL, 1},
		{"{\"a\":\"\\n\"}\n", NULL, 0},
		{"{\"a\":\"\ttab\"}\n", NULL, 0},
		{"{\"a\":\"caf\xc3\"}\n", NULL, 0},
		{"{\"a\":01}\n", NULL, 0},
		{"{\"a\":1.5}\n", NULL, 0},
		{"{\"a\":-0}\n", NULL, 0},
		{"{\"a\":123456789012345678,\"b\":-1,\"c\":true,\"d\":false}\n", NULL, 1},
		{"{\"a\":1234567890123456789}\n", NULL, 0},
		{"\n{}\n", NULL, 0},
		{"{}\r\n", NULL, 0},
		{" { } \n", NULL, 1},
		{"[]\n", NULL, 0},
		{"{}{}\n", NULL, 0},
	};
	int avx2 = utf8_simd_level() >= 2; /* without it, nothing is passed */
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		unsigned long lines, want = avx2 ? cases[i].lines : 0;
		const char *t = cases[i].text;
		size_t len = strlen(t), want_len = 0;
		for (unsigned long k = 0; k < want; k++)
			want_len = (size_t)((const char *)memchr(t + want_len, '\n', len - want_len) + 1 - t);
		size_t n = jsonscan_lines(t, len, cases[i].pair, cases[i].pair != NULL, &lines);
		if (n != want_len || lines != want)
			fail_msg("case %zu: passed %zu bytes, %lu lines; want %zu, %lu", i, n, lines,
				 want_len, want);
	}

	/* A line of 16 KiB is proven, one byte more is not (as jsonscan_valid). */
	char *big = malloc(2 * 16384 + 8);
	for (size_t size = 16384; size <= 16385; size++) {
		size_t n = (size_t)sprintf(big, "{\"a\":\"");
		while (n < size - 2)
			big[n++] = 'x';
		n += (size_t)sprintf(big + n, "\"}\n{}\n");
		unsigned long lines;
		size_t passed = jsonscan_lines(big, n, NULL, 0, &lines);
		assert_int_equal(passed, size == 16384 && avx2 ? n : 0);
		assert_int_equal(lines, size == 16384 && avx2 ? 2 : 0);
	}
	free(big);
	/* More pairs than it takes, or a gap too wide: nothing passed. */
	struct jsonscan_pair many[JSONSCAN_MAX_PAIRS + 1] = {{'R', 0, 0}};
	unsigned long lines;
	assert_int_equal(jsonscan_lines("{}\n", 3, many, JSONSCAN_MAX_PAIRS + 1, &lines), 0);
	many[0].gap = JSONSCAN_MAX_GAP + 1;
	assert_int_equal(jsonscan_lines("{}\n", 3, many, 1, &lines), 0);
}

/* Random runs of lines, some damaged, some long, some deep: all that is
 * passed over is sound, and a run of good lines passes in one call. */
static void test_jsonscan_lines_random(void **state)
{
	(void)state;
	static const struct jsonscan_pair pairs[] = {{'R', 'G', 2}, {'A', 0, 0}, {'x', 'R', 31},
						     {'"', ':', 1}, {0xe5, 0xa4, 1}};
	enum { CAP = 1 << 16 };
	char *text = malloc(CAP), *good = malloc(CAP), line[4096];
	unsigned long passed = 0, whole = 0;
	for (int round = 0; round < 3000; round++) {
		size_t len = 0, glen = 0;
		unsigned long gcount = 0;
		size_t np = next_rand(3);
		const struct jsonscan_pair *pp = &pairs[next_rand(3)];
		for (unsigned k = 1 + next_rand(60); k > 0; k--) {
			size_t n = make_line(line, sizeof line - 64);
			if (next_rand(8) == 0) {
				/* nested deeper than the automaton's table holds */
				n = (size_t)sprintf(line, "{\"d\":%s}", next_rand(2) ? "[[[1]]]" : "[[1]]");
			}
			memcpy(text + len, line, n);
			len += n;
			text[len++] = '\n';
			int depth_ok = !strstr(line, "[[[") && !strstr(line, "{\"section\":\"RAG\"}");
			if (jsonscan_valid(line, n) && !holds_pair(line, n, pp, np) && depth_ok) {
				memcpy(good + glen, line, n);
				glen += n;
				good[glen++] = '\n';
				gcount++;
			}
		}
		passed += walk_block(text, len, pp, np);
		unsigned long lines;
		size_t n = jsonscan_lines(good, glen, pp, np, &lines);
		/* (a pair across two lines stops it too: it looks at bytes) */
		int complete = n == glen && lines == gcount;
		if (utf8_simd_level() >= 2 && !holds_pair(good, glen, pp, np) && !complete)
			fail_msg("good lines: passed %zu of %zu bytes, %lu of %lu lines: %.*s", n, glen,
				 lines, gcount, (int)glen, good);
		whole += lines;
	}
	free(text);
	free(good);
	/* Without AVX2 it passes nothing; with it, it did pass lines, or the
	 * test proves nothing. */
	if (utf8_simd_level() >= 2)
		assert_true(passed > 3000 && whole > 10000);
	else
		assert_true(passed == 0 && whole == 0);
}

/* matcher_pass, against matching every line alone with jansson: the lines
 * it passes over are each MATCH_NO with no error, and the rest, decided
 * one by one as the walk does, come out as they would without it. */
static void test_matcher_pass(void **state)
{
	(void)state;
	static const char *const pass_patterns[] = {"RAG", "AG", "A", "\":\"R", "caf\xc3\xa9",
						    "x.y", "(?i)top"};
	enum { CAP = 1 << 16 };
	char *text = malloc(CAP), err[256], errs[256];
	unsigned long passed = 0;
	for (size_t p = 0; p < sizeof pass_patterns / sizeof *pass_patterns; p++)
		for (int opts = 0; opts < 16; opts++) {
			struct match_options o = {0}, slow_o;
			o.caseless = opts & 1, o.fixed = (opts >> 1) & 1, o.word = (opts >> 2) & 1;
			o.invert = (opts >> 3) & 1;
			slow_o = o;
			slow_o.no_prefilter = 1;
			enum match_kind kind = opts & 4 ? MATCH_SECTION : MATCH_TEXT;
			struct matcher *fast = with(&o, kind, pass_patterns[p]);
			struct matcher *slow = with(&slow_o, kind, pass_patterns[p]);
			if (opts == 5)
				matcher_add_pattern(fast, MATCH_TOPIC, "PPO", err, sizeof err),
					matcher_add_pattern(slow, MATCH_TOPIC, "PPO", err, sizeof err);
			size_t len = 0;
			/* records as a catalogue has them, and the odd line made to trip it */
			for (int k = 0; k < 300; k++) {
				if (next_rand(4))
					len += (size_t)sprintf(text + len,
							       "{\"n\":%d,\"section\":\"S%u\",\"topic\":\"t\","
							       "\"headings\":[\"Top\",\"S%u\"]}",
							       k, next_rand(9), next_rand(9));
				else
					len += make_line(text + len, CAP - len - 64);
				text[len++] = '\n';
			}
			for (size_t pos = 0; pos < len;) {
				unsigned long lines;
				size_t n = matcher_pass(fast, text + pos, len - pos, &lines);
				for (size_t end = pos + n; pos < end; passed++) {
					const char *nl = memchr(text + pos, '\n', end - pos);
					size_t ll = (size_t)(nl - (text + pos));
					errs[0] = '\0';
					if (matcher_line(slow, text + pos, ll, errs, sizeof errs) != MATCH_NO ||
					    errs[0])
						fail_msg("%s passed over %.*s", pass_patterns[p], (int)ll,
							 text + pos);
					pos += ll + 1;
				}
				if (pos == len)
					break;
				const char *nl = memchr(text + pos, '\n', len - pos);
				size_t ll = (size_t)(nl - (text + pos));
				char ea[256] = "", eb[256] = "";
				int a = matcher_line(fast, text + pos, ll, ea, sizeof ea);
				int b = matcher_line(slow, text + pos, ll, eb, sizeof eb);
				if (a != b || strcmp(ea, eb) != 0)
					fail_msg("%s on %.*s: %d (%s) after passes, %d (%s) alone",
						 pass_patterns[p], (int)ll, text + pos, a, ea, b, eb);
				pos += ll + 1;
			}
			matcher_free(fast);
			matcher_free(slow);
		}
	free(text);
	if (utf8_simd_level() >= 2)
		assert_true(passed > 2500);
	else
		assert_int_equal(passed, 0);
}

/* The text jansson gives a string or integer, as the scanner should. */
static int scalar_text(json_t *v, char num[32], const char **p, size_t *len)
{
	if (json_is_string(v)) {
		*p = json_string_value(v);
		*len = json_string_length(v);
		return 1;
	}
	if (json_is_integer(v)) {
		*len = (size_t)snprintf(num, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*p = num;
		return 1;
	}
	return 0;
}

/* The property: for every line jsonscan_line proves plain, the values it
 * extracts are jansson's, key by key, in order. */
static void test_jsonscan_values_equal_jansson(void **state)
{
	(void)state;
	static const char *const keys[] = {"id", "section", "headings"};
	static const size_t lens[] = {2, 7, 8};
	char line[1024], err[256], num[32];
	int proven = 0;
	for (int i = 0; i < 60000; i++) {
		size_t len = make_line(line, sizeof line - 64);
		struct jsonscan_scan s = {keys, lens, 3, {{0}}, 0};
		if (!jsonscan_line(&s, line, len))
			continue;
		proven++;
		json_t *rec = jsonl_parse(line, len, err, sizeof err);
		if (!rec)
			fail_msg("jsonscan proved %s, jansson says %s", line, err);
		for (unsigned k = 0; k < 3; k++) {
			/* jansson's values of key k, as the scanner collects them */
			const char *want[JSONSCAN_MAX_VALUES];
			size_t wantlen[JSONSCAN_MAX_VALUES], nwant = 0;
			char nums[JSONSCAN_MAX_VALUES][32];
			json_t *v = json_object_get(rec, keys[k]);
			int in_array = json_is_array(v);
			if (in_array) {
				for (size_t e = 0; e < json_array_size(v) && nwant < JSONSCAN_MAX_VALUES; e++)
					if (scalar_text(json_array_get(v, e), nums[nwant], &want[nwant],
							&wantlen[nwant]))
						nwant++;
			} else if (scalar_text(v, num, &want[0], &wantlen[0])) {
				nwant = 1;
			}
			size_t got = 0;
			for (size_t j = 0; j < s.nvalues; j++) {
				const struct jsonscan_value *sv = &s.values[j];
				if (sv->key != k)
					continue;
				if (got >= nwant || sv->in_array != in_array || sv->len != wantlen[got] ||
				    memcmp(sv->p, want[got], sv->len) != 0)
					fail_msg("%s: value %zu of %s differs from jansson's", line, got,
						 keys[k]);
				got++;
			}
			if (got != nwant)
				fail_msg("%s: %zu values of %s, jansson has %zu", line, got, keys[k], nwant);
		}
		json_decref(rec);
	}
	assert_true(proven > 300);
}

static int simd_level(void **state)
{
	utf8_simd((int)(intptr_t)*state);
	return 0;
}

int main(void)
{
	/* The raw-line checks once per code path: scalar, SSSE3, AVX2. */
	int failed = 0;
	for (intptr_t level = 0; level <= 2; level++) {
		const struct CMUnitTest paths[] = {
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_line, simd_level, NULL,
								 (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_values, simd_level,
								 NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_numbers, simd_level,
								 NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_grammar, simd_level,
								 NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_agrees_with_jansson,
								 simd_level, NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_values_equal_jansson,
								 simd_level, NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_prefilter_never_changes_a_result,
								 simd_level, NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_jsonscan_lines_random,
								 simd_level, NULL, (void *)level),
			cmocka_unit_test_prestate_setup_teardown(test_matcher_pass, simd_level, NULL,
								 (void *)level),
		};
		static const char *const names[] = {"scalar", "ssse3", "avx2"};
		failed += _cmocka_run_group_tests(names[level], paths, sizeof paths / sizeof *paths,
						  NULL, NULL);
	}
	utf8_simd(2);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_jsonscan_pattern),
		cmocka_unit_test(test_jsonscan_lines_cases),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_fields_and_kinds),
		cmocka_unit_test(test_modifiers),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_limits),
	};
	return failed + cmocka_run_group_tests(tests, NULL, NULL);
}
