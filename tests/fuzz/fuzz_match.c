/* libFuzzer harness: iqgrep's patterns and matcher, differentially.
 * Input: one byte of options, a pattern line, then record lines.
 *  1. PCRE2 itself: the pattern, compiled as lib/match.c compiles it
 *     (UTF | UCP, maybe CASELESS), must give the same answer JIT-compiled
 *     and interpreted on every subject line, limit errors aside (as PCRE2's
 *     own fuzzer checks).
 *  2. The matcher with its raw-line shortcuts must select exactly what it
 *     selects when it parses every line with jansson, and report the same
 *     lines as bad. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonscan.h"
#include "match.h"

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
		/* What the validator proves, jansson accepts. */
		if (jsonscan_valid(p, len)) {
			json_t *v = json_loadb(p, len, JSON_ALLOW_NUL, NULL);
			if (!json_is_object(v))
				abort();
			json_decref(v);
		}
		int a = matcher_line(fast, p, len, err, sizeof err);
		int b = matcher_line(slow, p, len, err, sizeof err);
		/* Every line is validated, so no difference at all. */
		if (a != b)
			abort();
		if (!opt.fixed)
			jit_against_interpreter(pattern, opt.caseless, p, len);
		p += len + 1;
	}
	matcher_free(fast);
	matcher_free(slow);
	free(pattern);
	return 0;
}
