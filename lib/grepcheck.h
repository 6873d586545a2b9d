/* grepcheck: the two checks that make iqgrep's raw-line pre-filter sound.
 *
 * The pre-filter runs a record's patterns over the raw JSON line before
 * parsing it, and skips the parse when no pattern can match.  That is only
 * right when (a) every field value the patterns look at appears in the
 * line byte for byte, and (b) a pattern that matches a field also matches
 * any text that contains the field between two non-word characters.
 *
 * (a) holds when the line is a JSON object that jansson accepts, with no
 * backslash anywhere (so no string holds an escape) and, for number
 * fields, only integers short enough to be printed back as written:
 * grepcheck_line proves this.  (b) holds for regular patterns: literals,
 * classes, groups, alternation, greedy and lazy quantifiers, \b and \B
 * (the characters around a field in the line, '"' ',' ':' '[' ']' '}',
 * are non-word characters, as the ends of a subject are).  Anchors,
 * look-arounds, back-references, atomic groups, possessive quantifiers,
 * verbs, \Q…\E and extended mode make a pattern depend on text around the
 * match: grepcheck_pattern_regular refuses them.
 *
 * Both checks err on the side of "not proven": a refusal only costs speed.
 * Nothing is allocated; nothing is printed. */
#ifndef IQ_GREPCHECK_H
#define IQ_GREPCHECK_H

#include <stddef.h>

/* Deepest nesting grepcheck_line follows (jansson allows 2048). */
#define GREPCHECK_MAX_DEPTH 1024

enum grepcheck_line_result {
	/* Not proven: parse the line. */
	GREPCHECK_UNSURE = 0,
	/* Strings verbatim; some number is not a short integer. */
	GREPCHECK_VERBATIM = 1,
	/* Strings verbatim, and every number an integer of at most 18 digits,
	 * which iqgrep prints back exactly as written. */
	GREPCHECK_VERBATIM_INTS = 2
};

/* Check line[0..len): a JSON object that jansson's json_loadb accepts
 * (valid UTF-8, no control characters in strings, numbers in range, depth
 * at most GREPCHECK_MAX_DEPTH), containing no backslash.  Returns
 * GREPCHECK_UNSURE when any of that is not proven. */
enum grepcheck_line_result grepcheck_line(const char *line, size_t len);

/* 1 if pattern[0..len) uses only regular constructs (see above), so that
 * it matches any text containing, between non-word characters, a text it
 * matches; 0 when that is not proven.  The pattern is read as PCRE2 reads
 * it without PCRE2_EXTENDED; it should already have compiled. */
int grepcheck_pattern_regular(const char *pattern, size_t len);

#endif
