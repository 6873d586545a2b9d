#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsrs.h"
#include "set.h"
#include "xalloc.h"

const char *const schedule_keys[9] = {"state", "due",  "recall", "stability", "difficulty",
				      "reps",  "lapses", "last", "recall_by"};

static struct instant last_of(const struct memory *m)
{
	struct instant t = {m->last_sec, m->last_nsec};
	return t;
}

/* The --by rule: a record that would not come back before the date, whose
 * recall on it is below the target, is due now when one review graded 3
 * now would lift its recall on the date to the target. */
static int due_by_date(const struct schedule_opts *o, const struct memory *m,
		       const struct schedule *sc)
{
	if (!o->has_by || instant_cmp(o->by, o->now) <= 0 || sc->due_sec <= o->by.sec ||
	    sc->recall_by >= o->target)
		return 0;
	struct fsrs_state st = {m->s, m->d};
	struct fsrs_state after = fsrs_review(st, reviewlog_whole_days(last_of(m), o->now), 3);
	return fsrs_recall(reviewlog_days(o->now, o->by), after.s) >= o->target;
}

void schedule_of(const struct schedule_opts *o, const struct memory *m, struct schedule *out)
{
	memset(out, 0, sizeof *out);
	out->m = m;
	if (!m) {
		out->state = SCHEDULE_NEW;
		return;
	}
	struct instant last = last_of(m);
	out->due_sec = m->last_sec + (int64_t)fsrs_interval(m->s, o->retention) * 86400;
	out->recall = fsrs_recall(reviewlog_days(last, o->now), m->s);
	if (o->has_by)
		out->recall_by = instant_cmp(o->by, last) < 0
					 ? 1
					 : fsrs_recall(reviewlog_days(last, o->by), m->s);
	struct instant due = {out->due_sec, m->last_nsec};
	if (instant_cmp(o->now, due) >= 0)
		out->state = SCHEDULE_DUE;
	else if (due_by_date(o, m, out))
		out->state = SCHEDULE_DUE, out->by_rule = 1;
	else
		out->state = SCHEDULE_LATER;
}

int schedule_first_today(const struct schedule_opts *o, const struct memory *m)
{
	return m && clock_local_day(m->first_sec) == clock_local_day(o->now.sec);
}

int schedule_has_keys(json_t *obj)
{
	for (size_t i = 0; i < sizeof schedule_keys / sizeof *schedule_keys; i++)
		if (json_object_get(obj, schedule_keys[i]))
			return 1;
	return 0;
}

static void add_number(struct buf *dst, const char *key, double v, int is_null)
{
	char num[64];
	buf_adds(dst, key);
	if (is_null) {
		buf_adds(dst, "null");
		return;
	}
	int n = snprintf(num, sizeof num, "%.4f", v);
	buf_add(dst, num, n > 0 && (size_t)n < sizeof num ? (size_t)n : 0);
}

static void add_time(struct buf *dst, const char *key, int64_t sec, int is_empty)
{
	char when[CLOCK_RFC3339_SIZE];
	buf_adds(dst, key);
	buf_addc(dst, '"');
	if (!is_empty)
		buf_adds(dst, clock_format_utc(sec, when));
	buf_addc(dst, '"');
}

static int add_record_bytes(struct buf *dst, const char *line, size_t len, json_t *obj)
{
	if (!schedule_has_keys(obj)) {
		while (len && strchr(" \t\r\n", line[len - 1]))
			len--;
		size_t start = 0;
		while (start < len && strchr(" \t\r\n", line[start]))
			start++;
		buf_add(dst, line + start, len - start - 1);
		return 0;
	}
	json_t *copy = json_copy(obj);
	for (size_t i = 0; i < sizeof schedule_keys / sizeof *schedule_keys; i++)
		json_object_del(copy, schedule_keys[i]);
	char *text = json_dumps(copy, JSON_COMPACT);
	json_decref(copy);
	if (!text)
		return -1;
	buf_add(dst, text, strlen(text) - 1);
	free(text);
	return 0;
}

int schedule_format(struct buf *dst, const char *line, size_t len, json_t *obj,
		    const struct schedule_opts *o, const struct schedule *sc)
{
	static const char *const names[] = {"new", "due", "later"};
	if (add_record_bytes(dst, line, len, obj) != 0)
		return -1;
	int fresh = sc->state == SCHEDULE_NEW;
	const struct memory *m = sc->m;
	if (dst->len && dst->p[dst->len - 1] != '{')
		buf_addc(dst, ',');
	buf_adds(dst, "\"state\":\"");
	buf_adds(dst, names[sc->state]);
	buf_addc(dst, '"');
	add_time(dst, ",\"due\":", sc->due_sec, fresh);
	add_number(dst, ",\"recall\":", sc->recall, fresh);
	add_number(dst, ",\"stability\":", fresh ? 0 : m->s, fresh);
	add_number(dst, ",\"difficulty\":", fresh ? 0 : m->d, fresh);
	char counts[64];
	int n = snprintf(counts, sizeof counts, ",\"reps\":%u,\"lapses\":%u", fresh ? 0 : m->reps,
			 fresh ? 0 : m->lapses);
	buf_add(dst, counts, n > 0 && (size_t)n < sizeof counts ? (size_t)n : 0);
	add_time(dst, ",\"last\":", fresh ? 0 : m->last_sec, fresh);
	if (o->has_by)
		add_number(dst, ",\"recall_by\":", sc->recall_by, fresh);
	buf_addc(dst, '}');
	return 0;
}

size_t schedule_new_per_day(const struct schedule_opts *o, size_t fresh)
{
	int64_t days = clock_local_day(o->by.sec) - clock_local_day(o->now.sec);
	if (days < 1)
		days = 1;
	return fresh / (size_t)days + (fresh % (size_t)days != 0);
}

/* A held line: arena bytes [off, off + len); index is its place among
 * the due ones, for ties of recall. */
struct held {
	size_t off, len, index;
	double recall;
};

struct schedule_queue {
	const struct schedule_opts *o;
	size_t count, new_per_day, fresh_cap;
	int paced;
	size_t first_today, never_reviewed; /* records seen, for the quota */
	struct set seen;                    /* the records' ids, case folded */
	struct buf folded;
	struct buf arena;                   /* every held line, back to back */
	struct held *due, *fresh;
	size_t ndue, due_cap, nfresh, fresh_alloc;
	int started;       /* schedule_queue_next was called */
	size_t next, left; /* lines given out; new ones the quota leaves */
};

struct schedule_queue *schedule_queue_new(const struct schedule_opts *o, size_t count,
					  size_t new_per_day, int paced)
{
	struct schedule_queue *q = xcalloc(1, sizeof *q);
	q->o = o;
	q->count = count;
	q->new_per_day = new_per_day;
	q->paced = paced;
	/* Unpaced, the quota is known: no more new records are kept. */
	q->fresh_cap = paced ? SIZE_MAX : new_per_day;
	if (q->fresh_cap > count)
		q->fresh_cap = count;
	set_init(&q->seen);
	buf_init(&q->folded);
	buf_init(&q->arena);
	return q;
}

void schedule_queue_free(struct schedule_queue *q)
{
	if (!q)
		return;
	set_free(&q->seen);
	buf_free(&q->folded);
	buf_free(&q->arena);
	free(q->due);
	free(q->fresh);
	free(q);
}

int schedule_queue_repeated(struct schedule_queue *q, const char *id, size_t len)
{
	buf_reset(&q->folded);
	for (size_t i = 0; i < len; i++)
		buf_addc(&q->folded, id[i] >= 'A' && id[i] <= 'Z' ? (char)(id[i] + 'a' - 'A') : id[i]);
	return !set_add(&q->seen, q->folded.p, q->folded.len);
}

int schedule_queue_wants(struct schedule_queue *q, const struct schedule *sc)
{
	if (schedule_first_today(q->o, sc->m))
		q->first_today++;
	q->never_reviewed += !sc->m;
	return sc->state == SCHEDULE_DUE || (!sc->m && q->nfresh < q->fresh_cap);
}

void schedule_queue_add(struct schedule_queue *q, const char *line, size_t len,
			const struct schedule *sc)
{
	struct held h = {q->arena.len, len, q->ndue, sc->recall};
	if (sc->m) {
		XGROW(q->due, q->ndue + 1, q->due_cap);
		q->due[q->ndue++] = h;
	} else {
		XGROW(q->fresh, q->nfresh + 1, q->fresh_alloc);
		q->fresh[q->nfresh++] = h;
	}
	buf_add(&q->arena, line, len);
}

static int by_recall(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;
	if (a->recall != b->recall)
		return a->recall < b->recall ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

int schedule_queue_next(struct schedule_queue *q, const char **line, size_t *len)
{
	if (!q->started) {
		q->started = 1;
		if (q->ndue)
			qsort(q->due, q->ndue, sizeof *q->due, by_recall);
		size_t per_day = q->paced ? schedule_new_per_day(q->o, q->never_reviewed + q->first_today)
					  : q->new_per_day;
		q->left = per_day > q->first_today ? per_day - q->first_today : 0;
	}
	const struct held *h;
	if (q->next >= q->count)
		return 0;
	if (q->next < q->ndue)
		h = &q->due[q->next];
	else if (q->next - q->ndue < q->nfresh && q->next - q->ndue < q->left)
		h = &q->fresh[q->next - q->ndue];
	else
		return 0;
	q->next++;
	*line = q->arena.p + h->off;
	*len = h->len;
	return 1;
}
