/* libFuzzer harness: the review-log reader.  Every line is a review, a
 * review after the clock, blank, or a bad line with a message; after the
 * replay every id's memory is within FSRS's clamps. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fsrs.h"
#include "jsonl.h"
#include "reviewlog.h"

/* The rules read through jansson alone: the log's fast scan of plain lines
 * must agree with it on every line. */
static int reference(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", p[i]) && p[i])
		i++;
	if (i == len)
		return 0;
	char err[256];
	json_t *obj = jsonl_parse(p, len, err, sizeof err);
	if (!obj)
		return -1;
	size_t n;
	const char *s = jsonl_get_string(obj, "id", &n);
	uint64_t id;
	struct instant t;
	json_t *g = json_object_get(obj, "grade");
	int ok = s && reviewlog_parse_id(s, n, &id) == 0 && (s = jsonl_get_string(obj, "t", &n)) &&
		 clock_parse_rfc3339(s, n, &t) == 0 && json_is_integer(g) &&
		 json_integer_value(g) >= 1 && json_integer_value(g) <= 4;
	json_decref(obj);
	return ok ? 0 : -1;
}

static void check(const struct memory *m)
{
	if (!m)
		return;
	if (m->reps < 1 || m->lapses >= m->reps || !(m->s >= FSRS_S_MIN && m->s <= FSRS_S_MAX) ||
	    !(m->d >= FSRS_D_MIN && m->d <= FSRS_D_MAX) || m->last_sec < m->first_sec)
		abort();
	double r = fsrs_recall(1.5, m->s);
	if (!(r > 0 && r <= 1) || fsrs_interval(m->s, 0.9) < 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct instant now = {1800000000, 0};
	struct reviewlog *log = reviewlog_new(now);
	const char *p = (const char *)data, *end = p + size;
	uint64_t ids[64];
	size_t nids = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char err[256];
		err[0] = '\0';
		int r = reviewlog_add_line(log, p, len, err, sizeof err);
		if (r != 0 && (r != -1 || err[0] == '\0' || !memchr(err, '\0', sizeof err)))
			abort();
		if (r != reference(p, len))
			abort();
		/* Remember ids that look like one, to look them up afterwards. */
		const char *id = memmem(p, len, "\"id\":\"", 6);
		if (id && (size_t)(p + len - id) >= 22 && nids < 64 &&
		    reviewlog_parse_id(id + 6, 16, &ids[nids]) == 0)
			nids++;
		p += len + 1;
	}
	reviewlog_replay(log);
	for (size_t i = 0; i < nids; i++)
		check(reviewlog_find(log, ids[i]));
	reviewlog_free(log);
	return 0;
}
