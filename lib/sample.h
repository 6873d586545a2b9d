/* sample: iqpick's algorithm (SPEC §3), a pick that depends only on the
 * seed and the set of input lines.
 *
 * The seed string S gives s = XXH3_64bits(S).  A line L (its bytes without
 * the line end) gets the key XXH3_64bits_withSeed(L, s).  A pick of NUM
 * takes the NUM lines with the smallest keys, smallest first; equal keys
 * (identical lines, or a 64-bit collision) go by input position, earlier
 * first.  With replacement, draw j (1 ≤ j ≤ NUM) takes the line with the
 * smallest XXH3_64bits_withSeed(L, s + j), the sum taken modulo 2^64, ties
 * again by position.  These formulas are part of the interface: they are
 * written in iqpick(1) and never change.
 *
 * One pass, memory proportional to NUM or less: without replacement each
 * group keeps a max-heap of its NUM best lines so far.  With replacement a
 * group holds its lines until more than NUM come, and then an array of NUM
 * current winners instead (a line that wins several draws is stored once):
 * memory grows with the lesser of NUM and the lines read, and while the
 * lines are held each draw is made as the result is read (sample_next), so
 * a huge NUM over a small input costs time, never memory.
 * With a --per field there is one such state per distinct value; a group's
 * state is made at its first line, so input that never comes costs
 * nothing.  The groups' hash table is seeded at random per process (hash
 * flooding, set_process_seed); that seed never changes what is picked or
 * printed.  The seed s itself comes from lib/seed.
 *
 * Nothing here prints or exits (except xalloc's "memory exhausted"). */
#ifndef IQ_SAMPLE_H
#define IQ_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* The key of a line: XXH3_64bits_withSeed(line, len, seed). */
uint64_t sample_key(const char *line, size_t len, uint64_t seed);

struct sample_opts {
	size_t count;        /* NUM: lines per pick (per group with per) */
	uint64_t seed;       /* s, from seed_of_string or seed_random */
	int replace;         /* NUM independent draws with replacement */
	int keep_order;      /* result in input order instead of key order */
	const char *per;     /* top-level JSON key to group by, or NULL; the
			      * string is borrowed and must outlive the sampler */
};

struct sample;

/* A new sampler (opts is copied).  Free with sample_free. */
struct sample *sample_new(const struct sample_opts *opts);
void sample_free(struct sample *s);

/* Offer the next input line: its bytes without the line end (the caller
 * skips blank lines).  The bytes are copied if the line is (so far) picked.
 * Without per, always returns 0.  With per the line must be a JSON object:
 * otherwise returns -1 with jansson's message (or "not a JSON object") in
 * err and the line is left out.  Its group is the value of the per key:
 * strings by their bytes, other values by their compact JSON text (object
 * keys sorted), and a line without the key counts as null (as jq's .KEY).
 * A line holding an integer beyond 64 bits has all its numbers read as
 * reals (SPEC §2), so it groups by the real (1.0, not 1): then the line is
 * kept and 1 returned, for the caller's warning.
 * Must not be called after sample_next. */
int sample_add(struct sample *s, const char *line, size_t len, char *err,
	       size_t errsize);

/* With per: 1 when some line offered had the per key (even as null), so
 * the caller can warn about a misspelt field.  Without per: 0. */
int sample_per_seen(const struct sample *s);

/* How many lines were offered and accepted so far. */
uint64_t sample_lines(const struct sample *s);

/* How many occupied slots of the --per table lookups have visited: for the
 * test that crafted names cannot flood it. */
uint64_t sample_table_probes(const struct sample *s);

/* One picked line.  line is owned by the sampler. */
struct sample_pick {
	const char *line;    /* bytes without the line end, not NUL-terminated */
	size_t len;
	uint64_t key;        /* its key (with replacement: under s + draw) */
	uint64_t pos;        /* 0-based index among the lines offered */
	size_t draw;         /* with replacement the draw j (1-based), else 0 */
	size_t count;        /* times in a row the line is printed: 1, but
			      * with keep_order and replacement one pick
			      * stands for every draw its line won, draw and
			      * key being those of the first */
};

/* The next pick in print order into *p: 1, or 0 after the last (at once
 * when no line was offered or NUM is 0).  The order: by key, smallest
 * first, ties by pos; with replacement by draw; with per group by group,
 * the groups ordered by their first pick (key, then pos), each in the order
 * above; with keep_order every pick by pos (then draw) instead.  The first
 * call ends the input.  p->line belongs to the sampler and stays valid
 * until sample_free.  With replacement and the lines held, each call makes
 * its draw then (a hash of every line of the group); with keep_order the
 * first call makes them all, to count each line's wins. */
int sample_next(struct sample *s, struct sample_pick *p);

#endif
