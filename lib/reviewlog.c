#include "reviewlog.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsrs.h"
#include "input.h"
#include "jsonl.h"
#include "set.h"
#include "xalloc.h"

/* ---- idset: open addressing, linear probing, at most half full ---- */

/* Under the process's random seed: ids come from strangers' files, and the
 * finaliser alone is invertible, so crafted ids could share their slots. */
static size_t id_hash(uint64_t id)
{
	id ^= set_process_seed();
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id;
}

static void idset_rehash(struct idset *set, size_t nslots)
{
	free(set->slots);
	set->slots = xcalloc(nslots, sizeof *set->slots);
	set->mask = nslots - 1;
	for (size_t i = 0; i < set->count; i++) {
		size_t h = id_hash(set->keys[i]) & set->mask;
		while (set->slots[h])
			h = (h + 1) & set->mask;
		set->slots[h] = (uint32_t)(i + 1);
	}
}

long idset_find(struct idset *set, uint64_t id, int add, int *added)
{
	if (added)
		*added = 0;
	if (set->slots) {
		for (size_t h = id_hash(id) & set->mask; set->slots[h]; h = (h + 1) & set->mask)
			if (set->keys[set->slots[h] - 1] == id)
				return (long)set->slots[h] - 1;
	}
	if (!add)
		return -1;
	if (set->count >= UINT32_MAX - 1) /* 4 G ids: a table that large is out of memory */
		xalloc_die();
	XGROW(set->keys, set->count + 1, set->cap);
	set->keys[set->count++] = id;
	if (!set->slots || set->count * 2 > set->mask + 1)
		idset_rehash(set, set->slots ? (set->mask + 1) * 2 : 64);
	else {
		size_t h = id_hash(id) & set->mask;
		while (set->slots[h])
			h = (h + 1) & set->mask;
		set->slots[h] = (uint32_t)set->count;
	}
	if (added)
		*added = 1;
	return (long)set->count - 1;
}

void idset_free(struct idset *set)
{
	free(set->slots);
	free(set->keys);
	*set = (struct idset)IDSET_INIT;
}

int reviewlog_parse_id(const char *s, size_t len, uint64_t *id)
{
	if (len != 16)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < 16; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned digit;
		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			digit = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | digit;
	}
	*id = v;
	return 0;
}

/* ---- the log ---- */

/* A review in 16 bytes: the id's index; nanoseconds and grade; seconds
 * (offset to be positive) above the review's ordinal among its id's
 * reviews, which orders equal instants by line. */
struct review {
	uint32_t item;
	uint32_t nsec_grade;
	int64_t sec_ord;
};

enum { ORD_BITS = 24 };
#define ORD_MAX ((1u << ORD_BITS) - 1)
/* Year 0000 less a day of offset, so every instant lib/clock reads is >= 0
 * and fits in 39 bits. */
#define SEC_BIAS (62167219200LL + 86400)

struct reviewlog {
	struct instant now;
	struct idset ids;
	struct memory *mem;
	size_t mem_cap;
	struct review *reviews;
	size_t nreviews, reviews_cap;
	int replayed;
};

struct reviewlog *reviewlog_new(struct instant now)
{
	struct reviewlog *log = xcalloc(1, sizeof *log);
	log->now = now;
	return log;
}

void reviewlog_free(struct reviewlog *log)
{
	if (!log)
		return;
	idset_free(&log->ids);
	free(log->mem);
	free(log->reviews);
	free(log);
}

size_t reviewlog_ids(const struct reviewlog *log)
{
	return log->ids.count;
}

size_t reviewlog_reviews(const struct reviewlog *log)
{
	return log->nreviews;
}

static void store(struct reviewlog *log, uint64_t id, struct instant t, int grade)
{
	int added;
	size_t item = (size_t)idset_find(&log->ids, id, 1, &added);
	if (added) {
		XGROW(log->mem, log->ids.count, log->mem_cap);
		memset(&log->mem[item], 0, sizeof *log->mem);
	}
	struct memory *m = &log->mem[item];
	XGROW(log->reviews, log->nreviews + 1, log->reviews_cap);
	struct review *r = &log->reviews[log->nreviews++];
	r->item = (uint32_t)item;
	r->nsec_grade = (uint32_t)t.nsec << 2 | (uint32_t)(grade - 1);
	r->sec_ord = (t.sec + SEC_BIAS) << ORD_BITS | m->pending;
	if (m->pending < ORD_MAX)
		m->pending++;
}

/* ---- a fast scan of the usual line ----
 * An object of plain members: keys and strings of printable ASCII without
 * escapes, integers of at most 18 digits or decimals without an exponent,
 * true, false, null.  Anything else (and every error) goes to jansson,
 * which then decides and words the message; so the scan never accepts what
 * jansson would not, and a log of iqquiz's lines is read without building
 * a json_t per line. */
struct plain {
	const char *id, *t;
	size_t id_len, t_len;
	long long grade;
	int has_grade; /* 1: an integer; -1: some other value */
};

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *scan_string(const char *p, const char *end)
{
	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			return NULL;
	}
	return NULL;
}

/* A number as JSON writes it, no exponent; *integer when it has no point. */
static const char *scan_number(const char *p, const char *end, int *integer, long long *value)
{
	const char *start = p;
	int neg = p < end && *p == '-';
	p += neg;
	if (p >= end || *p < '0' || *p > '9' || (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9'))
		return NULL;
	long long v = 0;
	const char *digits = p;
	while (p < end && *p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	if (p - digits > 18)
		return NULL;
	*integer = 1;
	if (p < end && *p == '.') {
		*integer = 0;
		const char *frac = ++p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == frac)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E'))
		return NULL;
	(void)start;
	*value = neg ? -v : v;
	return p;
}

static int scan_plain(const char *p, size_t len, struct plain *out)
{
	const char *end = p + len;
	memset(out, 0, sizeof *out);
	p = skip_ws(p, end);
	if (p >= end || *p++ != '{')
		return -1;
	p = skip_ws(p, end);
	if (p < end && *p == '}')
		return skip_ws(p + 1, end) == end ? 0 : -1;
	for (;;) {
		const char *key = p;
		if (!(p = scan_string(p, end)))
			return -1;
		size_t key_len = (size_t)(p - key) - 2;
		p = skip_ws(p, end);
		if (p >= end || *p++ != ':')
			return -1;
		p = skip_ws(p, end);
		const char *value = p;
		int integer = 0, is_string = 0;
		long long number = 0;
		if (p < end && *p == '"') {
			if (!(p = scan_string(p, end)))
				return -1;
			is_string = 1;
		} else if (p < end && ((*p >= '0' && *p <= '9') || *p == '-')) {
			if (!(p = scan_number(p, end, &integer, &number)))
				return -1;
		} else if ((size_t)(end - p) >= 4 && (!memcmp(p, "true", 4) || !memcmp(p, "null", 4))) {
			p += 4;
		} else if ((size_t)(end - p) >= 5 && !memcmp(p, "false", 5)) {
			p += 5;
		} else {
			return -1;
		}
		size_t value_len = (size_t)(p - value);
		if (key_len == 2 && !memcmp(key + 1, "id", 2)) {
			out->id = is_string ? value + 1 : NULL;
			out->id_len = is_string ? value_len - 2 : 0;
		} else if (key_len == 1 && key[1] == 't') {
			out->t = is_string ? value + 1 : NULL;
			out->t_len = is_string ? value_len - 2 : 0;
		} else if (key_len == 5 && !memcmp(key + 1, "grade", 5)) {
			out->has_grade = integer ? 1 : -1;
			out->grade = number;
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			return skip_ws(p + 1, end) == end ? 0 : -1;
		return -1;
	}
}

/* The review in a line: 0, or -1 with err set. */
static int read_review(const char *line, size_t len, uint64_t *id, struct instant *t, int *grade,
		       char *err, size_t errsize)
{
	struct plain f;
	json_t *obj = NULL;
	if (scan_plain(line, len, &f) != 0) {
		if (!(obj = jsonl_parse(line, len, err, errsize)))
			return -1;
		json_t *g = json_object_get(obj, "grade");
		f.id = jsonl_get_string(obj, "id", &f.id_len);
		f.t = jsonl_get_string(obj, "t", &f.t_len);
		f.has_grade = json_is_integer(g) ? 1 : g ? -1 : 0;
		f.grade = json_integer_value(g);
	}
	int ok = -1;
	if (!f.id || reviewlog_parse_id(f.id, f.id_len, id) != 0)
		snprintf(err, errsize, "no \"id\" of 16 hex digits");
	else if (!f.t || clock_parse_rfc3339(f.t, f.t_len, t) != 0)
		snprintf(err, errsize, "\"t\" is not an RFC 3339 date-time");
	else if (f.has_grade != 1 || f.grade < 1 || f.grade > 4)
		snprintf(err, errsize, "\"grade\" is not an integer from 1 to 4");
	else
		ok = 0, *grade = (int)f.grade;
	json_decref(obj);
	return ok;
}

int reviewlog_add_line(struct reviewlog *log, const char *line, size_t len, char *err,
		       size_t errsize)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
		i++;
	if (i == len)
		return 0;
	uint64_t id;
	struct instant t;
	int grade;
	if (read_review(line, len, &id, &t, &grade, err, errsize) != 0)
		return -1;
	if (instant_cmp(t, log->now) <= 0)
		store(log, id, t, grade);
	return 0;
}

unsigned long reviewlog_read(struct reviewlog *log, const char *path, reviewlog_report_fn report,
			     void *userdata)
{
	int e;
	int fd = input_open(path, &e);
	if (fd < 0) {
		if (e == ENOENT)
			return 0;
		report(userdata, path, 0, input_strerror(e));
		return 1;
	}
	struct line_reader lr;
	line_reader_init(&lr, fd, 1);
	char *line, err[256];
	size_t len;
	unsigned long problems = 0;
	int r;
	while ((r = line_reader_next(&lr, &line, &len)) > 0) {
		if (reviewlog_add_line(log, line, len, err, sizeof err) != 0) {
			report(userdata, path, lr.lineno, err);
			problems++;
		}
	}
	if (r < 0) {
		report(userdata, path, 0, strerror(-r));
		problems++;
	}
	line_reader_free(&lr);
	input_close(fd);
	return problems;
}

static int64_t review_sec(const struct review *r)
{
	return (r->sec_ord >> ORD_BITS) - SEC_BIAS;
}

static int review_cmp(const void *pa, const void *pb)
{
	const struct review *a = pa, *b = pb;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	int64_t sa = a->sec_ord >> ORD_BITS, sb = b->sec_ord >> ORD_BITS;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	uint32_t na = a->nsec_grade >> 2, nb = b->nsec_grade >> 2;
	if (na != nb)
		return na < nb ? -1 : 1;
	if (a->sec_ord != b->sec_ord)
		return a->sec_ord < b->sec_ord ? -1 : 1;
	return (a->nsec_grade > b->nsec_grade) - (a->nsec_grade < b->nsec_grade);
}

/* In place (glibc's qsort takes a copy of the array when memory allows,
 * which would double the 16 bytes a review): quicksort, median of three,
 * the smaller side first so the stack stays logarithmic, insertion sort for
 * short runs.  The order is total, so stability is not needed. */
static void swap_reviews(struct review *a, struct review *b)
{
	struct review t = *a;
	*a = *b;
	*b = t;
}

static void sort_reviews(struct review *a, size_t n)
{
	while (n > 16) {
		size_t mid = n / 2;
		if (review_cmp(&a[mid], &a[0]) < 0)
			swap_reviews(&a[mid], &a[0]);
		if (review_cmp(&a[n - 1], &a[mid]) < 0) {
			swap_reviews(&a[n - 1], &a[mid]);
			if (review_cmp(&a[mid], &a[0]) < 0)
				swap_reviews(&a[mid], &a[0]);
		}
		struct review pivot = a[mid];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (review_cmp(&a[i], &pivot) < 0)
				i++;
			while (review_cmp(&pivot, &a[j]) < 0)
				j--;
			if (i >= j)
				break;
			swap_reviews(&a[i++], &a[j--]);
		}
		size_t left = j + 1;
		if (left < n - left) {
			sort_reviews(a, left);
			a += left, n -= left;
		} else {
			sort_reviews(a + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && review_cmp(&a[j], &a[j - 1]) < 0; j--)
			swap_reviews(&a[j], &a[j - 1]);
}

long reviewlog_whole_days(struct instant a, struct instant b)
{
	/* The fraction of a second cannot carry the quotient past a whole day
	 * boundary, so whole seconds (rounded down) give the same days. */
	int64_t secs = b.sec - a.sec - (b.nsec < a.nsec);
	return (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
}

double reviewlog_days(struct instant a, struct instant b)
{
	return ((double)(b.sec - a.sec) + (b.nsec - a.nsec) / 1e9) / 86400;
}

static void replay_one(struct memory *m, const struct review *r)
{
	int grade = (int)(r->nsec_grade & 3) + 1;
	struct instant t = {review_sec(r), (int32_t)(r->nsec_grade >> 2)};
	struct fsrs_state st;
	if (m->reps == 0) {
		st = fsrs_first(grade);
		m->first_sec = t.sec;
	} else {
		struct instant last = {m->last_sec, m->last_nsec};
		struct fsrs_state old = {m->s, m->d};
		st = fsrs_review(old, reviewlog_whole_days(last, t), grade);
		if (grade == 1)
			m->lapses++;
	}
	m->s = st.s;
	m->d = st.d;
	m->last_sec = t.sec;
	m->last_nsec = t.nsec;
	m->reps++;
}

void reviewlog_replay(struct reviewlog *log)
{
	if (log->replayed)
		return;
	log->replayed = 1;
	sort_reviews(log->reviews, log->nreviews);
	/* Within a run of one id at one instant, each grade counts once. */
	unsigned grades_seen = 0;
	for (size_t i = 0; i < log->nreviews; i++) {
		const struct review *r = &log->reviews[i];
		if (i == 0 || r->item != r[-1].item || r->sec_ord >> ORD_BITS != r[-1].sec_ord >> ORD_BITS ||
		    r->nsec_grade >> 2 != r[-1].nsec_grade >> 2)
			grades_seen = 0;
		unsigned bit = 1u << (r->nsec_grade & 3);
		if (grades_seen & bit)
			continue;
		grades_seen |= bit;
		replay_one(&log->mem[r->item], r);
	}
	free(log->reviews);
	log->reviews = NULL;
	log->reviews_cap = 0;
}

const struct memory *reviewlog_find(struct reviewlog *log, uint64_t id)
{
	long i = idset_find(&log->ids, id, 0, NULL);
	return i < 0 ? NULL : &log->mem[i];
}
