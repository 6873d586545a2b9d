/* match: iqgrep's selection of records (SPEC §3), on PCRE2 and jansson.
 *
 * A matcher holds criteria of four kinds, ANDed across kinds and ORed
 * within a kind:
 *   MATCH_TEXT     PATTERN and -e: the fields named with matcher_add_field,
 *                  or by default section, headings, topic, title, desc (not
 *                  url, whose random slugs make false hits; SPEC §3);
 *   MATCH_SECTION  -s: every entry of headings, and section;
 *   MATCH_TOPIC    -t: topic;
 *   ids            --id and --ids (matcher_add_id with exclude 0).
 * Options invert the result (-v); then ids added with exclude 1 (-X) are
 * dropped whatever the other criteria say.  A kind with nothing added
 * places no condition, so a matcher with no criteria selects every record.
 *
 * A field is searched when its value is a string, a number (as text:
 * integers as written, reals in the shortest form that reads back the
 * same, 3.0 as "3"), or an array (each string and number in it).  Any
 * other value, or a missing key, matches nothing.
 *
 * Patterns are PCRE2 with PCRE2_UTF | PCRE2_UCP (so -i folds é and É, and
 * \w, \d and \b know every script), compiled once and JIT-compiled where
 * the platform allows.  Matching runs under a match limit of 10,000,000
 * (PCRE2's own default, stated so a build cannot change it) and grows the
 * JIT stack, from 32 KiB up to 1 GiB, when a match needs more.  A match
 * that still fails is an error for the record, never a "no match".
 *
 * matcher_line takes two shortcuts (jsonscan.h says why they are sound),
 * both on a line that jsonscan_line proves plain JSON:
 *  1. not inverted, it rules the line out when some kind's patterns are
 *     all regular and match nowhere in the raw line (a literal pattern,
 *     matched with case, is looked for there as bytes, without PCRE2);
 *  2. it matches the values jsonscan_line found in place, without jansson.
 * Every other line goes to jansson, so every line is validated: neither
 * shortcut changes which records are selected, which lines are errors, or
 * the exit status (SPEC §2).  Both are on unless match_options.no_prefilter
 * is set, and each turns itself off for the rest of the input when it
 * settles few of its first 4096 lines (then it only costs time).
 * Criteria must all be added before the first matcher_line.
 *
 * Errors come back as text ("missing closing parenthesis (offset 1)",
 * "exceeded PCRE's backtracking limit", jansson's parse message) written
 * to the caller's err buffer; nothing here prints or exits, except that
 * allocation failure exits through xalloc.
 *
 * Ownership: a matcher owns everything it allocates, including copies of
 * every pattern, field name and id given to it; the caller's strings are
 * never kept.  jansson values passed in are borrowed: the matcher neither
 * keeps nor releases a reference. */
#ifndef IQ_MATCH_H
#define IQ_MATCH_H

#include <jansson.h>
#include <stddef.h>

#include "input.h"

struct match_options {
	int caseless;     /* -i: Unicode caseless matching */
	int fixed;        /* -F: patterns are literal strings */
	int word;         /* -w: a match must not touch a word character on either side */
	int whole;        /* -x: a match must be the whole field value (wins over -w) */
	int invert;       /* -v: select the records the criteria reject */
	int no_prefilter; /* no shortcuts: parse every line with jansson */
};

enum match_kind { MATCH_TEXT, MATCH_SECTION, MATCH_TOPIC, MATCH_NKINDS };

/* What matcher_line and matcher_record return. */
enum { MATCH_ERROR = -1, MATCH_NO = 0, MATCH_YES = 1 };

struct matcher;

/* A new matcher with no criteria; opt is copied.  Free with matcher_free. */
struct matcher *matcher_new(const struct match_options *opt);
void matcher_free(struct matcher *m);

/* Compile pattern (a C string, UTF-8) as a criterion of kind.  Returns 0,
 * or -1 with PCRE2's message and the byte offset of the problem in
 * pattern ("missing closing parenthesis (offset 1)") in err. */
int matcher_add_pattern(struct matcher *m, enum match_kind kind, const char *pattern,
			char *err, size_t errsize);

/* Search MATCH_TEXT patterns in top-level key name (any key) instead of
 * the default fields; repeatable (a name given twice counts once).  The
 * name is copied. */
void matcher_add_field(struct matcher *m, const char *name);

/* Add an id to the --id set (exclude 0), which makes that set a
 * criterion, or to the -X set (exclude 1); the bytes are copied.  Ids are
 * compared without regard to ASCII case. */
void matcher_add_id(struct matcher *m, int exclude, const char *id, size_t len);

/* Make the --id criterion active, so an empty --ids file selects nothing. */
void matcher_want_ids(struct matcher *m);

/* One line of an --ids or -X file (SPEC §3): blank, 16 hex digits, or a
 * JSON object with a string "id" (a record, a review-log line), spaces and
 * tabs around it aside.  Returns 0 (a blank line adds nothing), or -1 with
 * "not an id or a record" in err for any other line. */
int matcher_add_id_line(struct matcher *m, int exclude, const char *line, size_t len,
			char *err, size_t errsize);

/* Read an --ids (exclude 0) or -X (exclude 1) file ("-" is standard
 * input) in full, each line as matcher_add_id_line.  An --ids file makes
 * the id criterion active, even when empty; a -X file that does not exist
 * lists nothing (the first day of a seen-list).  A file that cannot be
 * read, or its first bad line (reading stops there: one message a file),
 * goes to report with userdata.  Returns 1 if anything was reported, else
 * 0. */
int matcher_read_ids(struct matcher *m, int exclude, char *file, input_report_fn report,
		     void *userdata);

/* Decide one input line (without its line end).  Returns MATCH_YES to
 * print it, MATCH_NO, or MATCH_ERROR with the reason in err: the line is
 * not a JSON object, or a pattern could not finish.  The line is only
 * read. */
int matcher_line(struct matcher *m, const char *line, size_t len, char *err,
		 size_t errsize);

/* Many lines at once (text[0..len), whole lines each ending in '\n', as
 * input_walk_lines_passing gives them): the length of a prefix of whole
 * lines each of which matcher_line would decide MATCH_NO, with no error
 * and no warning, and their number in *lines.  It is shortcut 1 over
 * whole runs of lines (jsonscan_lines): when the criteria have a kind of
 * at most JSONSCAN_MAX_PAIRS patterns, all with needles, it passes over
 * the proven lines without any of them.  Otherwise, inverted, with -f
 * fields not yet met, or once its trial finds it passes less than a line
 * a call, 0.  The text is only read. */
size_t matcher_pass(struct matcher *m, const char *text, size_t len, unsigned long *lines);

/* Decide a parsed record (a borrowed reference to an object); as
 * matcher_line. */
int matcher_record(struct matcher *m, json_t *record, char *err, size_t errsize);

/* 1 when the line matcher_line last decided held an integer beyond 64
 * bits, so that its numbers were read as reals (SPEC §2), else 0. */
int matcher_line_inexact(const struct matcher *m);

/* The i-th distinct name given to matcher_add_field (borrowed, owned by
 * the matcher), or NULL past the last; *seen is set to whether a record
 * matcher_line decided had that key. */
const char *matcher_field(const struct matcher *m, size_t i, int *seen);

/* The next name given to matcher_add_field that no record matcher_line
 * decided had (borrowed, owned by the matcher), from *pos on (start at
 * 0), or NULL past the last; as render_ops' unseen. */
const char *matcher_unseen_field(const struct matcher *m, size_t *pos);

/* 1 if pattern s[0..len), read as PCRE2 reads it without PCRE2_EXTENDED,
 * is regular: it matches any text that contains, between two non-word
 * characters, a text it matches (so a miss in a raw line is a miss in
 * each of its values; jsonscan.h).  Regular here means literals, classes,
 * groups, alternation, greedy and lazy quantifiers, \b and \B.  Anchors,
 * look-arounds, back-references, atomic groups, possessive quantifiers,
 * verbs, \Q…\E, comments and extended mode make a match depend on the
 * text around it and are refused.  0 only costs time.  For tests and
 * matcher_add_pattern. */
int matcher_pattern_regular(const char *s, size_t len);

/* How many lines matcher_line decided without jansson (for tests and
 * measurements). */
unsigned long matcher_prefiltered(const struct matcher *m);

#endif
