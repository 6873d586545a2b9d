/* grepcheck: what lets iqgrep decide a line without parsing it, soundly.
 *
 * 1. grepcheck_line proves that a raw JSON line is an object jansson's
 *    json_loadb accepts, and that the line holds no backslash and no number
 *    other than an integer of at most 18 digits (not "-0").  For such a line
 *    every string jansson would return is the bytes between its quotes, and
 *    every integer prints back as written; so the values it collects (the
 *    top-level members the caller names) are exactly what matching the
 *    parsed record would see.  Duplicate keys keep the last value, as in
 *    jansson.  Anything not proven (escapes, reals, bad JSON, nesting
 *    deeper than GREPCHECK_MAX_DEPTH, more than GREPCHECK_MAX_VALUES values
 *    collected, a line longer than 16 KiB, a tab, CR or other control
 *    character anywhere) gives 0, and the caller parses the line instead.
 *    A proven line is also valid UTF-8 throughout.  The bytes are read
 *    32 or 16 at a time with AVX2 or SSSE3 where the CPU has them.
 *
 * 2. grepcheck_pattern_regular proves that a pattern matches any text that
 *    contains, between two non-word characters, a text it matches.  Then a
 *    pattern that does not match the raw line matches none of its values,
 *    since each lies in the line between '"' or ',' ':' '[' ']' '}' and
 *    white space, all non-word characters (as the ends of a subject are).
 *    Regular here means literals, classes, groups, alternation, greedy and
 *    lazy quantifiers, \b and \B.  Anchors, look-arounds, back-references,
 *    atomic groups, possessive quantifiers, verbs, \Q…\E, comments and
 *    extended mode make a match depend on the text around it and are
 *    refused.
 *
 * Both err on the side of "not proven"; a refusal only costs time.
 * Nothing is allocated and nothing printed. */
#ifndef IQ_GREPCHECK_H
#define IQ_GREPCHECK_H

#include <stddef.h>

/* Deepest nesting grepcheck_line follows (jansson allows 2048). */
#define GREPCHECK_MAX_DEPTH 1024
/* Most values one line may yield for the wanted keys. */
#define GREPCHECK_MAX_VALUES 64

/* A value of a wanted top-level key: a string's bytes between its quotes,
 * or an integer's digits; for an array, one per string or integer directly
 * in it.  p points into the line. */
struct grepcheck_value {
	const char *p;
	size_t len;
	unsigned key;     /* index into grepcheck_scan.keys */
	int in_array;     /* an element of an array, not the member's value */
};

struct grepcheck_scan {
	/* Set by the caller: the keys whose values to collect (borrowed). */
	const char *const *keys;
	const size_t *keylens;
	size_t nkeys;
	/* Set by grepcheck_line, in line order. */
	struct grepcheck_value values[GREPCHECK_MAX_VALUES];
	size_t nvalues;
};

/* 1 if line[0..len) is proven as above, with s->values filled in; 0 if not
 * (s->values is then meaningless). */
int grepcheck_line(struct grepcheck_scan *s, const char *line, size_t len);

/* As grepcheck_line with no keys wanted: 1 if the line is proven one JSON
 * object jansson accepts, under the same restrictions.  With AVX2 the
 * grammar is checked over token masks made 64 bytes at a time, which
 * skips strings and spaces whole; the unit tests and fuzz_match hold it
 * to grepcheck_line and to jansson. */
int grepcheck_valid(const char *line, size_t len);

/* 1 if the line looks like one plain JSON object: valid UTF-8, no
 * backslash, no control character, an even number of quotes, "{" first
 * and "}" last (spaces aside).  Much cheaper than grepcheck_line, and what
 * a line needs for a pattern to be run over its raw text (so every value
 * lies in it byte for byte); it does not prove the JSON valid. */
int grepcheck_plain(const char *line, size_t len);

/* 1 if s[0..len) is valid UTF-8 as jansson reads it (no overlong forms,
 * surrogates or code points beyond U+10FFFF).  Uses SSSE3 where the CPU
 * has it; grepcheck_utf8_scalar is the portable version, for tests. */
int grepcheck_utf8(const char *s, size_t len);
int grepcheck_utf8_scalar(const char *s, size_t len);

/* For tests: use vector code up to level (0 none, 1 SSSE3, 2 AVX2; the
 * default is 2), where the CPU has it. */
void grepcheck_simd(int level);

/* 1 if pattern[0..len), read as PCRE2 reads it without PCRE2_EXTENDED, is
 * regular as above; 0 when that is not proven.  It should already have
 * compiled. */
int grepcheck_pattern_regular(const char *pattern, size_t len);

#endif
