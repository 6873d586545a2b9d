/* jsonscan: recogniser of a strict JSON subset; jansson is the authority.
 * Used by iqgrep's match, to decide a line without parsing it, soundly.
 *
 * 1. jsonscan_line proves that a raw JSON line is an object jansson's
 *    json_loadb accepts, and that the line holds no backslash and no number
 *    other than an integer of at most 18 digits (not "-0").  For such a line
 *    every string jansson would return is the bytes between its quotes, and
 *    every integer prints back as written; so the values it collects (the
 *    top-level members the caller names) are exactly what matching the
 *    parsed record would see (the unit tests compare them with jansson's).
 *    Duplicate keys keep the last value, as in jansson.  Anything not
 *    proven (escapes, reals, bad JSON, nesting deeper than
 *    JSONSCAN_MAX_DEPTH, more than JSONSCAN_MAX_VALUES values collected, a
 *    line longer than 16 KiB, a tab, CR or other control character
 *    anywhere) gives 0, and the caller parses the line instead.  A proven
 *    line is also valid UTF-8 throughout.  The bytes are read 64 at a time
 *    with AVX2, 16 with SSSE3, where the CPU has them.
 *
 * 2. So a pattern that is regular (match.c says which: literals, classes,
 *    groups, alternation, quantifiers, \b) and does not match the raw line
 *    matches none of its values, since each lies in the line between '"'
 *    or ',' ':' '[' ']' '}' and white space, all non-word characters (as
 *    the ends of a subject are).
 *
 * Both err on the side of "not proven"; a refusal only costs time.
 * Nothing is allocated and nothing printed. */
#ifndef IQ_JSONSCAN_H
#define IQ_JSONSCAN_H

#include <stddef.h>

/* Deepest nesting jsonscan_line follows (jansson allows 2048). */
#define JSONSCAN_MAX_DEPTH 1024
/* Most values one line may yield for the wanted keys. */
#define JSONSCAN_MAX_VALUES 64

/* A value of a wanted top-level key: a string's bytes between its quotes,
 * or an integer's digits; for an array, one per string or integer directly
 * in it.  p points into the line. */
struct jsonscan_value {
	const char *p;
	size_t len;
	unsigned key;     /* index into jsonscan_scan.keys */
	int in_array;     /* an element of an array, not the member's value */
};

struct jsonscan_scan {
	/* Set by the caller: the keys whose values to collect (borrowed). */
	const char *const *keys;
	const size_t *keylens;
	size_t nkeys;
	/* Set by jsonscan_line, in line order. */
	struct jsonscan_value values[JSONSCAN_MAX_VALUES];
	size_t nvalues;
};

/* 1 if line[0..len) is proven as above, with s->values filled in; 0 if not
 * (s->values is then meaningless). */
int jsonscan_line(struct jsonscan_scan *s, const char *line, size_t len);

/* As jsonscan_line with no keys wanted: 1 if the line is proven one JSON
 * object jansson accepts, under the same restrictions (the same answer,
 * faster).  simdjson's two stages: bit masks of quotes, structural
 * characters and spaces made 64 bytes at a time (AVX2 or SSSE3; without
 * them, jsonscan_line), then an automaton over the tokens they mark, two
 * at a time (jsonscan.c says how; its 9 KB of tables are built on the
 * first call, which is not thread safe).  The unit tests and fuzz_match hold it to
 * jsonscan_line and to jansson. */
int jsonscan_valid(const char *line, size_t len);

/* Most pairs jsonscan_lines looks for, and the farthest gap in one. */
#define JSONSCAN_MAX_PAIRS 4
#define JSONSCAN_MAX_GAP 31

/* Two bytes of a needle: first, and second gap bytes after it; with gap
 * 0, first alone. */
struct jsonscan_pair {
	unsigned char first, second, gap;
};

/* Many lines at once, as the line reader holds them: the length of the
 * longest prefix of text[0..len) made of whole lines (each ending in
 * '\n') that jsonscan_valid proves, one by one, none of which holds any
 * of the pairs; *lines gets the number of its lines.  The line after
 * that prefix may still be one of them (nesting deeper than the AVX2
 * automaton holds, or something that only broke a test in the 64 bytes
 * it shares with the next line): the caller takes that line alone.  In
 * one pass over the bytes, without a call a line, so a search that rules
 * out most lines costs about what proving them does.  It keeps the
 * shape of the last line it proved, for the next call too (static, as
 * the table: not thread safe).  0 on a CPU without
 * AVX2, or with more than JSONSCAN_MAX_PAIRS pairs or a gap beyond
 * JSONSCAN_MAX_GAP.  The unit tests and fuzz_match hold it to
 * jsonscan_valid. */
size_t jsonscan_lines(const char *text, size_t len, const struct jsonscan_pair *pairs,
		      size_t npairs, unsigned long *lines);

#endif
