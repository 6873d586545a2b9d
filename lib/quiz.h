/* quiz: iqquiz's session (SPEC §3a) as library code: the records to ask,
 * the screens, the keys, the review log and opening a url.  cmd/iqquiz.c
 * wires it to the terminal (lib/tty) or to a --keys file.
 *
 * Screens are built into a buf and written whole to one descriptor; they
 * scroll (nothing moves the cursor), so a --keys session's standard output
 * is the exact text a terminal shows.  Record text is made safe with
 * lib/termsafe and wrapped by display width with lib/width. */
#ifndef IQ_QUIZ_H
#define IQ_QUIZ_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "clock.h"
#include "tty.h"

struct quiz_item;

struct quiz {
	/* Options, set by the caller before quiz_run. */
	int color;            /* SGR colour in the screens */
	int fixed_clock;      /* --now: reviews stamped now, now + 1 s, ..., no ms */
	struct instant now;

	/* The records, in input order, one per id. */
	struct quiz_item *items;
	size_t n, items_cap;
	uint64_t *ids;        /* open-addressing set of the ids seen */
	size_t ids_cap;

	/* The questions in asking order (items indices; re-asks appended). */
	size_t *queue;
	size_t nqueue, queue_cap, pos; /* pos: the question being asked */

	unsigned long graded[5]; /* [1] .. [4] */
	unsigned long skipped;
	int64_t stamps;       /* reviews stamped so far (--now) */

	/* After QUIZ_LOG_ERROR: the line not saved and the cause. */
	struct buf unsaved;
	const char *log_error; /* static text: "write error", "short write" */
	int log_errno;
};

/* Zero q (then set the options). */
void quiz_init(struct quiz *q);
void quiz_free(struct quiz *q);

/* Add one JSON Lines record.  Returns 0 when added, 1 when its id was seen
 * before (it is asked once), -1 for a bad line with err set: not a JSON
 * object, or no "id" of 16 hex digits. */
int quiz_add(struct quiz *q, const char *line, size_t len, char *err, size_t errsize);

/* Where a session talks and listens. */
struct quiz_io {
	struct keyreader *keys;
	struct tty *tty;      /* NULL: width from $COLUMNS, else 80 */
	int screen_fd;
	int log_fd;
};

enum quiz_end {
	QUIZ_DONE,         /* every question asked */
	QUIZ_QUIT,         /* q, Q, Ctrl-D, end of the keys */
	QUIZ_INTERRUPT,    /* Ctrl-C */
	QUIZ_TERMINATE,    /* SIGTERM, SIGHUP, SIGQUIT: tty_signal says which */
	QUIZ_LOG_ERROR,    /* see unsaved, log_error, log_errno */
	QUIZ_SCREEN_ERROR, /* writing the screen failed: errno */
	QUIZ_KEYS_ERROR,   /* reading the keys failed: errno */
};

/* Ask every question of q (q->n > 0) and append each grade to io->log_fd. */
enum quiz_end quiz_run(struct quiz *q, const struct quiz_io *io);

/* Append the end-of-session summary (per grade, skipped, not asked) to
 * dst. */
void quiz_summary(const struct quiz *q, struct buf *dst);

/* Append the review-log line of one review, newline included, to dst:
 * {"id":…,"t":…,"grade":N,"ms":N,"topic":…,"title":…}, "ms" left out when
 * ms < 0.  The strings are the record's, JSON-escaped as jansson does. */
void quiz_log_line(struct buf *dst, const char *id, int64_t t, int grade, long long ms,
		   const char *topic, size_t topic_len, const char *title, size_t title_len);

/* Append line to the log with one write(2) on fd (opened O_APPEND), every
 * signal blocked around it, then fdatasync (EINVAL, a FIFO or a device,
 * ignored).  Returns 0, or -1 with *what ("write error", "short write",
 * "cannot sync") and errno set. */
int quiz_log_append(int fd, const char *line, size_t len, const char **what);

/* Open url in a browser: only http: and https: urls; $BROWSER (a program,
 * run with the url as its one argument), else xdg-open, else open, found
 * on PATH; no shell; detached in a session of its own, standard input and
 * output and error on /dev/null.  Returns 0 with *prog set to the program
 * started (borrowed from the environment or static), or -1 with *why set
 * to a static text (and errno to the cause when exec failed). */
int quiz_open_url(const char *url, size_t len, const char **prog, const char **why);

#endif
