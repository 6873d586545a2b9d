/* schedule: what iqdue decides for one record, and the keys it appends
 * (SPEC §3a, "iqdue").  Used by iqdue; the memory comes from lib/reviewlog,
 * the arithmetic from lib/fsrs.
 *
 * Nothing is printed and nothing kept between calls: the caller owns every
 * buffer. */
#ifndef IQ_SCHEDULE_H
#define IQ_SCHEDULE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "clock.h"
#include "reviewlog.h"

struct schedule_opts {
	struct instant now;
	double retention;       /* desired retention, for intervals */
	int has_by;             /* --by given: */
	struct instant by;      /* the interview's day, local midnight */
	double target;          /* the recall wanted on it */
};

enum schedule_state { SCHEDULE_NEW, SCHEDULE_DUE, SCHEDULE_LATER };

struct schedule {
	enum schedule_state state;
	const struct memory *m; /* borrowed; NULL when new */
	int64_t due_sec;        /* last review + I(S) days, whole seconds */
	double recall;          /* at now, real-valued days */
	double recall_by;       /* at the --by date, 1 when it is before the last review */
	int by_rule;            /* due only because of the --by rule */
};

/* The schedule of a record whose memory is m (NULL: never reviewed). */
void schedule_of(const struct schedule_opts *o, const struct memory *m, struct schedule *out);

/* 1 when m's first review fell on now's local day (the new-per-day count). */
int schedule_first_today(const struct schedule_opts *o, const struct memory *m);

/* The names iqdue appends, in order ("recall_by" last). */
extern const char *const schedule_keys[9];

/* 1 when obj holds any of schedule_keys (iqdue's own output fed back). */
int schedule_has_keys(json_t *obj);

/* Append the record line (len bytes, a JSON object whose parse is obj) to
 * dst without its closing brace: its own bytes, white space around it
 * dropped; or, when it holds any of iqdue's keys, as jansson writes it
 * compact without them.  Then append iqdue's keys and the brace (no
 * newline).  Returns 0, or -1 when jansson cannot write the object. */
int schedule_format(struct buf *dst, const char *line, size_t len, json_t *obj,
		    const struct schedule_opts *o, const struct schedule *sc);

/* The default for --new with --by: the records never reviewed or first
 * reviewed today (fresh), over the local days from today to the date (at
 * least 1), rounded up. */
size_t schedule_new_per_day(const struct schedule_opts *o, size_t fresh);

#endif
