/* schedule: what iqdue decides for one record, the keys it appends, and
 * the queue that holds the records to print until the input ends (SPEC
 * §3a, "iqdue").  Used by iqdue; the memory comes from lib/reviewlog, the
 * arithmetic from lib/fsrs.
 *
 * Nothing is printed.  Apart from the queue, nothing is kept between
 * calls: the caller owns every buffer. */
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

/* The records held for printing after the input, and the rules for which
 * go: every due one, lowest recall first (ties in input order), then the
 * new ones in input order, as many as the new-per-day quota leaves, and no
 * more than count lines in all.  It also knows the ids seen, so that a
 * repeated one is left out, --all included.  The queue owns copies of the
 * lines and of the ids. */
struct schedule_queue;

/* An empty queue; free with schedule_queue_free.  o is borrowed and must
 * outlive it.  The quota is new_per_day less the records first reviewed
 * today; with paced (--by without --new) new_per_day is instead
 * schedule_new_per_day's, known only once every record was seen. */
struct schedule_queue *schedule_queue_new(const struct schedule_opts *o, size_t count,
					  size_t new_per_day, int paced);
void schedule_queue_free(struct schedule_queue *q);

/* 1 when a record with this id came before (ids compared ASCII case
 * folded, in the core set: crafted ids cannot flood it); else 0, and the
 * id is remembered. */
int schedule_queue_repeated(struct schedule_queue *q, const char *id, size_t len);

/* Every record whose schedule is sc comes here once, for the quota; 1 when
 * it is to be held (schedule_queue_add): due, or new while the quota may
 * still take it. */
int schedule_queue_wants(struct schedule_queue *q, const struct schedule *sc);

/* Hold a copy of line (len bytes, the record as schedule_format wrote it)
 * whose schedule is sc.  Must not be called after schedule_queue_next. */
void schedule_queue_add(struct schedule_queue *q, const char *line, size_t len,
			const struct schedule *sc);

/* The next held line in print order into *line and *len: 1, or 0 after
 * the last.  The bytes belong to the queue and stay valid until
 * schedule_queue_free. */
int schedule_queue_next(struct schedule_queue *q, const char **line, size_t *len);

#endif
