/* reviewlog: the review log read and replayed into each question's memory
 * state (SPEC §3a, "The review log").  Used by iqdue.
 *
 * Lines are JSON objects with "id" (16 hex digits, either case), "t" (a
 * full RFC 3339 date-time, via lib/clock) and "grade" (a JSON integer
 * 1 .. 4); other keys are ignored.  Several logs read into one reviewlog
 * are one log.  A review later than the clock given to reviewlog_new has
 * not happened and is left out.  Reviews are replayed per id in time order
 * (equal instants in line order), and a review equal in id, instant and
 * grade to an earlier one counts once.
 *
 * Memory: while reading, 16 bytes per review plus a table entry per
 * distinct id; reviewlog_replay frees the reviews and keeps the table.
 * Nothing is printed: bad lines and unreadable files go to the caller's
 * report callback. */
#ifndef IQ_REVIEWLOG_H
#define IQ_REVIEWLOG_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"

/* A set of 64-bit ids, each with a dense index 0, 1, 2, ... in order of
 * insertion.  The set owns its memory; idset_free releases it. */
struct idset {
	uint32_t *slots; /* index + 1, 0 for an empty slot */
	uint64_t *keys;  /* keys[index] is the id of index */
	size_t mask, count, cap;
};

#define IDSET_INIT {NULL, NULL, 0, 0, 0}

void idset_free(struct idset *set);
/* The index of id; when absent and add is set, it is added with the next
 * index (*added set to 1).  Returns -1 when absent and not added. */
long idset_find(struct idset *set, uint64_t id, int add, int *added);

/* The 16 hex digits at s (either case) as a number: 0, or -1 when len is
 * not 16 or a character is not a hex digit. */
int reviewlog_parse_id(const char *s, size_t len, uint64_t *id);

/* One question's memory after its reviews. */
struct memory {
	double s, d;        /* stability (days), difficulty (1 .. 10) */
	int64_t last_sec;   /* the last review: seconds since the epoch */
	int64_t first_sec;  /* the first review (for the new-per-day count) */
	int32_t last_nsec;  /* and the last review's nanoseconds */
	uint32_t reps;      /* reviews counted */
	uint32_t lapses;    /* reviews graded 1 after the first */
	uint32_t pending;   /* while reading: reviews stored for this id */
};

/* Called for every bad line (lineno > 0) and for a log that cannot be read
 * (lineno 0), with the message; file is the name given to reviewlog_read. */
typedef void (*reviewlog_report_fn)(void *userdata, const char *file, unsigned long lineno,
				    const char *message);

struct reviewlog;

/* An empty log whose clock is now.  The caller frees it with
 * reviewlog_free. */
struct reviewlog *reviewlog_new(struct instant now);
void reviewlog_free(struct reviewlog *log);

/* Read the log at path ("-" is standard input).  A missing file is an empty
 * history and says nothing; any other failure to open or read it is
 * reported.  Returns the number of problems reported. */
unsigned long reviewlog_read(struct reviewlog *log, const char *path, reviewlog_report_fn report,
			     void *userdata);

/* Add one line (len bytes, without its newline; need not be NUL-terminated).
 * Returns 0 (a review, one after the clock, or a blank line: all fine), or
 * -1 with a message in err for a bad line. */
int reviewlog_add_line(struct reviewlog *log, const char *line, size_t len, char *err,
		       size_t errsize);

/* Sort and replay every id's reviews; afterwards reviewlog_find answers and
 * no more lines may be added. */
void reviewlog_replay(struct reviewlog *log);

/* The memory of id after reviewlog_replay (borrowed from log), or NULL when
 * it has no review up to the clock. */
const struct memory *reviewlog_find(struct reviewlog *log, uint64_t id);

/* How many distinct ids have reviews, and how many reviews were stored. */
size_t reviewlog_ids(const struct reviewlog *log);
size_t reviewlog_reviews(const struct reviewlog *log);

/* Whole days from a to b (b not before a): the seconds between them
 * divided by 86400, rounded down. */
long reviewlog_whole_days(struct instant a, struct instant b);

/* Real-valued days from a to b (negative when b is before a). */
double reviewlog_days(struct instant a, struct instant b);

#endif
