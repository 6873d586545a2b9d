/* libFuzzer harness: iqgrep's patterns and matcher, differentially.
 * Input: one byte of options, a pattern line, then record lines.
 *  1. PCRE2 itself: the pattern, compiled as lib/match.c compiles it
 *     (UTF | UCP, maybe CASELESS), must give the same answer JIT-compiled
 *     and interpreted on every subject line, limit errors aside (as PCRE2's
 *     own fuzzer checks).
 *  2. The matcher with its raw-line shortcuts must select exactly what it
 *     selects when it parses every line with jansson, and report the same
 *     lines as bad.
 *  3. lib/jsonscan on each record line: jsonscan_valid gives one answer on
 *     every code path (scalar, SSSE3, AVX2), the same as jsonscan_line's
 *     walk with no keys; what it proves, jansson accepts as an object; and
 *     the values jsonscan_line collects are jansson's.
 *  4. Many lines at once: every line jsonscan_lines passes over (with byte
 *     pairs taken from the pattern) is one jsonscan_valid proves, without
 *     a pair; every line matcher_pass passes over, the matcher without
 *     shortcuts decides MATCH_NO with no error; and the passes count the
 *     lines they cover. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonscan.h"
#include "match.h"
#include "utf8.h"

static int is_limit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
	       rc == PCRE2_ERROR_NOMEMORY;
}

static void jit_against_interpreter(const char *pattern, int caseless, const char *s, size_t len)
{
	int errcode;
	PCRE2_SIZE erroffset;
	uint32_t options = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
				       &errcode, &erroffset, NULL);
	if (!re)
		return;
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000);
	pcre2_set_depth_limit(mc, 10000);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int interp = pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, md, mc);
	if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0) {
		int jit = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, mc);
		if (!is_limit(jit) && !is_limit(interp) && (jit >= 0) != (interp >= 0) &&
		    !(jit < -1 && interp < -1))
			abort();
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	pcre2_code_free(re);
}

/* Is v, a string or an integer, the value jsonscan read as p[0..len)? */
static int same_value(json_t *v, const char *p, size_t len)
{
	if (json_is_string(v))
		return json_string_length(v) == len && memcmp(json_string_value(v), p, len) == 0;
	char digits[32];
	if (len >= sizeof digits)
		return 0;
	memcpy(digits, p, len);
	digits[len] = '\0';
	return json_integer_value(v) == strtoll(digits, NULL, 10);
}

static int collected(json_t *v) { return json_is_string(v) || json_is_integer(v); }

/* Property 3 on one line. */
static void jsonscan_against_jansson(const char *p, size_t len)
{
	static const char *const keys[] = {"id", "a", "section"};
	static const size_t lens[] = {2, 1, 7};
	static const struct jsonscan_scan none;
	int valid[3];
	for (int level = 0; level <= 2; level++) {
		utf8_simd(level);
		valid[level] = jsonscan_valid(p, len);
	}
	utf8_simd(2);
	struct jsonscan_scan walk = none;
	if (valid[0] != valid[1] || valid[1] != valid[2] || jsonscan_line(&walk, p, len) != valid[2])
		abort();
	struct jsonscan_scan s = {keys, lens, 3, {{0}}, 0};
	int proven = jsonscan_line(&s, p, len);
	if (!valid[2] && proven)
		abort();
	if (!valid[2])
		return;
	json_t *rec = json_loadb(p, len, JSON_ALLOW_NUL, NULL);
	if (!json_is_object(rec))
		abort();
	for (unsigned k = 0; proven && k < 3; k++) {
		json_t *v = json_object_get(rec, keys[k]);
		int array = json_is_array(v);
		size_t n = array ? json_array_size(v) : v != NULL, e = 0;
		/* jansson's strings and integers of key k, in order, are the
		 * values jsonscan collected */
		for (size_t j = 0; j < s.nvalues; j++) {
			if (s.values[j].key != k)
				continue;
			while (e < n && !collected(array ? json_array_get(v, e) : v))
				e++;
			if (e == n || s.values[j].in_array != array ||
			    !same_value(array ? json_array_get(v, e) : v, s.values[j].p, s.values[j].len))
				abort();
			e++;
		}
		for (; e < n; e++)
			if (collected(array ? json_array_get(v, e) : v))
				abort();
	}
	json_decref(rec);
}

static int holds_pair(const char *s, size_t n, const struct jsonscan_pair *pr)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] == pr->first &&
		    (!pr->gap || (i + pr->gap < n && (unsigned char)s[i + pr->gap] == pr->second)))
			return 1;
	return 0;
}

/* Property 4 over text[0..len), whole lines.  The lines passed over go to
 * check (with the pair, or the slow matcher); the rest, one at a time. */
static void passes(const char *text, size_t len, const struct jsonscan_pair *pr,
		   struct matcher *passing, struct matcher *slow)
{
	for (size_t pos = 0; pos < len;) {
		unsigned long lines, counted = 0;
		size_t n = passing ? matcher_pass(passing, text + pos, len - pos, &lines)
				   : jsonscan_lines(text + pos, len - pos, pr, pr != NULL, &lines);
		for (size_t end = pos + n; pos < end; counted++) {
			const char *nl = memchr(text + pos, '\n', end - pos);
			if (!nl)
				abort();
			size_t ll = (size_t)(nl - (text + pos));
			char err[256] = "";
			if (passing ? matcher_line(slow, text + pos, ll, err, sizeof err) != MATCH_NO || err[0]
				    : !jsonscan_valid(text + pos, ll) || (pr && holds_pair(text + pos, ll, pr)))
				abort();
			pos += ll + 1;
		}
		if (counted != lines)
			abort();
		const char *nl = memchr(text + pos, '\n', len - pos);
		pos = nl ? (size_t)(nl + 1 - text) : len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t flags = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return 0;
	char *pattern = strndup(p, (size_t)(nl - p));
	if (strlen(pattern) != (size_t)(nl - p)) {
		free(pattern);
		return 0;
	}
	struct match_options opt = {.caseless = flags & 1, .fixed = (flags >> 1) & 1,
				    .word = (flags >> 2) & 1, .whole = (flags >> 3) & 1};
	struct match_options plain = opt;
	plain.no_prefilter = 1;
	struct matcher *fast = matcher_new(&opt), *slow = matcher_new(&plain);
	enum match_kind kind = (enum match_kind)((flags >> 4) % MATCH_NKINDS);
	char err[256];
	int ok = matcher_add_pattern(fast, kind, pattern, err, sizeof err) == 0;
	if (ok != (matcher_add_pattern(slow, kind, pattern, err, sizeof err) == 0))
		abort();
	for (p = nl + 1; ok && p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		jsonscan_against_jansson(p, len);
		int a = matcher_line(fast, p, len, err, sizeof err);
		int b = matcher_line(slow, p, len, err, sizeof err);
		/* Every line is validated, so no difference at all. */
		if (a != b)
			abort();
		if (!opt.fixed)
			jit_against_interpreter(pattern, opt.caseless, p, len);
		p += len + 1;
	}
	const char *text = nl + 1, *last = memrchr(text, '\n', (size_t)(end - text));
	if (ok && last) {
		size_t tlen = (size_t)(last + 1 - text);
		size_t plen = strlen(pattern);
		/* the pattern's first and last bytes, or its first alone */
		struct jsonscan_pair pr = {plen ? (unsigned char)pattern[0] : 'R', 0, 0};
		if (plen > 1 && plen - 1 <= JSONSCAN_MAX_GAP) {
			pr.second = (unsigned char)pattern[plen - 1];
			pr.gap = (unsigned char)(plen - 1);
		}
		passes(text, tlen, NULL, NULL, NULL);
		passes(text, tlen, &pr, NULL, NULL);
		struct matcher *passing = matcher_new(&opt);
		matcher_add_pattern(passing, kind, pattern, err, sizeof err);
		passes(text, tlen, NULL, passing, slow);
		matcher_free(passing);
	}
	matcher_free(fast);
	matcher_free(slow);
	free(pattern);
	return 0;
}
