#include "sample.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "jsonl.h"
#include "xalloc.h"

struct entry {
	uint64_t key, pos;
	char *line;
	size_t len, cap;
};

/* A line that wins draws with replacement, stored once for all of them. */
struct shared_line {
	size_t refs, len;
	char data[];
};

struct draw {
	uint64_t key, pos;
	struct shared_line *line;
};

struct group {
	char *name;
	size_t namelen;
	uint64_t hash;
	struct entry *heap; /* max-heap on (key, pos): the worst pick on top */
	size_t n, cap;
	struct draw *draws; /* with replacement: count of them */
};

struct sample {
	struct sample_opts o;
	uint64_t pos;
	struct group *groups;
	size_t ngroups, gcap;
	size_t *table; /* open addressing over groups: index + 1, 0 is empty */
	size_t tcap;
	struct buf name;
	uint64_t table_seed; /* random per process: crafted names cannot flood */
	uint64_t probes;     /* slots visited in the table, for the tests */
	int per_seen;        /* some line had the per key */
	struct sample_pick *picks;
	size_t npicks;
};

uint64_t sample_seed(const char *str, size_t len) { return XXH3_64bits(str, len); }

uint64_t sample_key(const char *line, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(line, len, seed);
}

int sample_seed_random(uint64_t *seed)
{
	unsigned char *p = (unsigned char *)seed;
	size_t got = 0;
	while (got < sizeof *seed) {
		ssize_t n = getrandom(p + got, sizeof *seed - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (got == sizeof *seed)
		return 0;
	if (errno != ENOSYS)
		return errno;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t n = read(fd, seed, sizeof *seed);
	int e = errno;
	close(fd);
	return n == (ssize_t)sizeof *seed ? 0 : n < 0 ? e : EIO;
}

int sample_date_valid(const char *d)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int m = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	if (y < 1 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && day == 29 && !leap);
}

int sample_today(char date[11])
{
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return errno ? errno : EOVERFLOW;
	if (strftime(date, 11, "%Y-%m-%d", &tm) != 10)
		return EOVERFLOW;
	return 0;
}

struct sample *sample_new(const struct sample_opts *opts)
{
	struct sample *s = xcalloc(1, sizeof *s);
	s->o = *opts;
	/* Only where a group sits in the table depends on this seed, never
	 * the output; without randomness the table still works, unseeded. */
	if (s->o.per && sample_seed_random(&s->table_seed) != 0)
		s->table_seed = 0;
	return s;
}

static void release(struct shared_line *l)
{
	if (l && --l->refs == 0)
		free(l);
}

void sample_free(struct sample *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ngroups; i++) {
		struct group *g = &s->groups[i];
		for (size_t j = 0; j < g->n; j++)
			free(g->heap[j].line);
		free(g->heap);
		if (g->draws)
			for (size_t j = 0; j < s->o.count; j++)
				release(g->draws[j].line);
		free(g->draws);
		free(g->name);
	}
	free(s->groups);
	free(s->table);
	buf_free(&s->name);
	free(s->picks);
	free(s);
}

static int before(const struct entry *a, const struct entry *b)
{
	return a->key < b->key || (a->key == b->key && a->pos < b->pos);
}

static void swap(struct entry *a, struct entry *b)
{
	struct entry t = *a;
	*a = *b;
	*b = t;
}

static void store(struct entry *e, const char *line, size_t len, uint64_t key, uint64_t pos)
{
	if (e->cap < len || !e->line) {
		e->cap = len ? len : 1;
		e->line = xrealloc(e->line, e->cap);
	}
	memcpy(e->line, line, len);
	e->len = len;
	e->key = key;
	e->pos = pos;
}

static void heap_offer(struct sample *s, struct group *g, const char *line, size_t len,
		       uint64_t pos)
{
	uint64_t key = XXH3_64bits_withSeed(line, len, s->o.seed);
	struct entry *h = g->heap;
	if (g->n < s->o.count) {
		if (g->n == g->cap) {
			size_t cap = g->cap ? g->cap * 2 : 16;
			if (cap > s->o.count)
				cap = s->o.count;
			g->heap = h = xrealloc(h, cap * sizeof *h);
			g->cap = cap;
		}
		size_t i = g->n++;
		h[i] = (struct entry){0};
		store(&h[i], line, len, key, pos);
		while (i > 0 && before(&h[(i - 1) / 2], &h[i])) {
			swap(&h[(i - 1) / 2], &h[i]);
			i = (i - 1) / 2;
		}
		return;
	}
	/* Positions only grow, so an equal key loses to the one on top. */
	if (key >= h[0].key)
		return;
	store(&h[0], line, len, key, pos);
	for (size_t i = 0;;) {
		size_t c = 2 * i + 1;
		if (c >= g->n)
			break;
		if (c + 1 < g->n && before(&h[c], &h[c + 1]))
			c++;
		if (!before(&h[i], &h[c]))
			break;
		swap(&h[i], &h[c]);
		i = c;
	}
}

static void draws_offer(struct sample *s, struct group *g, const char *line, size_t len,
			uint64_t pos)
{
	struct shared_line *mine = NULL;
	for (size_t j = 0; j < s->o.count; j++) {
		uint64_t key = XXH3_64bits_withSeed(line, len, s->o.seed + j + 1);
		struct draw *d = &g->draws[j];
		if (d->line && key >= d->key)
			continue;
		if (!mine) {
			mine = xmalloc(sizeof *mine + len);
			mine->refs = 0;
			mine->len = len;
			memcpy(mine->data, line, len);
		}
		release(d->line);
		mine->refs++;
		d->line = mine;
		d->key = key;
		d->pos = pos;
	}
}

static struct group *new_group(struct sample *s, const char *name, size_t len, uint64_t hash)
{
	if (s->ngroups == s->gcap) {
		s->gcap = s->gcap ? 2 * s->gcap : 8;
		s->groups = xrealloc(s->groups, s->gcap * sizeof *s->groups);
	}
	struct group *g = &s->groups[s->ngroups++];
	*g = (struct group){0};
	g->name = xmemdup(name, len);
	g->namelen = len;
	g->hash = hash;
	if (s->o.replace)
		g->draws = xcalloc(s->o.count, sizeof *g->draws);
	return g;
}

static void table_put(size_t *table, size_t tcap, uint64_t hash, size_t index)
{
	size_t i = hash & (tcap - 1);
	while (table[i])
		i = (i + 1) & (tcap - 1);
	table[i] = index + 1;
}

static struct group *find_group(struct sample *s, const char *name, size_t len)
{
	uint64_t hash = XXH3_64bits_withSeed(name, len, s->table_seed);
	if (s->tcap) {
		for (size_t i = hash & (s->tcap - 1); s->table[i]; i = (i + 1) & (s->tcap - 1)) {
			s->probes++;
			struct group *g = &s->groups[s->table[i] - 1];
			if (g->hash == hash && g->namelen == len && memcmp(g->name, name, len) == 0)
				return g;
		}
	}
	if (2 * (s->ngroups + 1) > s->tcap) {
		size_t tcap = s->tcap ? 2 * s->tcap : 64;
		size_t *table = xcalloc(tcap, sizeof *table);
		for (size_t i = 0; i < s->ngroups; i++)
			table_put(table, tcap, s->groups[i].hash, i);
		free(s->table);
		s->table = table;
		s->tcap = tcap;
	}
	table_put(s->table, s->tcap, hash, s->ngroups);
	return new_group(s, name, len, hash);
}

/* The group name: empty for null or absent, 's' and the bytes for a
 * string, 'j' and the compact JSON for anything else. */
static int group_name(struct sample *s, const char *line, size_t len, int *inexact,
		      char *err, size_t errsize)
{
	json_t *obj = jsonl_parse_inexact(line, len, inexact, err, errsize);
	if (!obj)
		return -1;
	json_t *v = json_object_get(obj, s->o.per);
	if (v)
		s->per_seen = 1;
	buf_reset(&s->name);
	if (json_is_string(v)) {
		buf_addc(&s->name, 's');
		buf_add(&s->name, json_string_value(v), json_string_length(v));
	} else if (v && !json_is_null(v)) {
		size_t flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS;
		size_t need = json_dumpb(v, NULL, 0, flags);
		buf_addc(&s->name, 'j');
		buf_grow(&s->name, need + 1);
		s->name.len += json_dumpb(v, s->name.p + s->name.len, need, flags);
	}
	json_decref(obj);
	return 0;
}

int sample_add(struct sample *s, const char *line, size_t len, char *err, size_t errsize)
{
	struct group *g;
	int inexact = 0;
	if (s->o.per) {
		if (group_name(s, line, len, &inexact, err, errsize) != 0)
			return -1;
		g = find_group(s, s->name.p ? s->name.p : "", s->name.len);
	} else {
		g = s->ngroups ? &s->groups[0] : new_group(s, "", 0, 0);
	}
	uint64_t pos = s->pos++;
	if (s->o.count == 0)
		return inexact;
	if (s->o.replace)
		draws_offer(s, g, line, len, pos);
	else
		heap_offer(s, g, line, len, pos);
	return inexact;
}

int sample_per_seen(const struct sample *s) { return s->per_seen; }

uint64_t sample_lines(const struct sample *s) { return s->pos; }

uint64_t sample_table_probes(const struct sample *s) { return s->probes; }

static int cmp_pick_key(const void *a, const void *b)
{
	const struct sample_pick *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_pick_pos(const void *a, const void *b)
{
	const struct sample_pick *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->draw < y->draw ? -1 : x->draw > y->draw;
}

/* Appends group g's picks to s->picks in the group's own order. */
static void collect(struct sample *s, struct group *g)
{
	struct sample_pick *p = s->picks + s->npicks;
	size_t n = 0;
	if (s->o.replace) {
		for (size_t j = 0; j < s->o.count; j++) {
			struct draw *d = &g->draws[j];
			p[n++] = (struct sample_pick){d->line->data, d->line->len, d->key, d->pos, j + 1};
		}
	} else {
		for (size_t j = 0; j < g->n; j++) {
			struct entry *e = &g->heap[j];
			p[n++] = (struct sample_pick){e->line, e->len, e->key, e->pos, 0};
		}
		qsort(p, n, sizeof *p, cmp_pick_key);
	}
	s->npicks += n;
}

/* A group's place in the output: its first pick. */
struct order {
	uint64_t key, pos;
	size_t group;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static struct order first_pick(const struct sample *s, size_t i)
{
	const struct group *g = &s->groups[i];
	struct order o = {UINT64_MAX, UINT64_MAX, i};
	if (s->o.replace) {
		o.key = g->draws[0].key;
		o.pos = g->draws[0].pos;
	}
	for (size_t j = 0; !s->o.replace && j < g->n; j++)
		if (g->heap[j].key < o.key || (g->heap[j].key == o.key && g->heap[j].pos < o.pos)) {
			o.key = g->heap[j].key;
			o.pos = g->heap[j].pos;
		}
	return o;
}

const struct sample_pick *sample_result(struct sample *s, size_t *n)
{
	size_t total = 0;
	for (size_t i = 0; i < s->ngroups; i++)
		total += s->o.replace ? s->o.count : s->groups[i].n;
	s->picks = xcalloc(total ? total : 1, sizeof *s->picks);
	s->npicks = 0;
	if (total == 0) {
		*n = 0;
		return s->picks;
	}
	struct order *ord = xcalloc(s->ngroups, sizeof *ord);
	for (size_t i = 0; i < s->ngroups; i++)
		ord[i] = first_pick(s, i);
	if (!s->o.keep_order)
		qsort(ord, s->ngroups, sizeof *ord, cmp_order);
	for (size_t i = 0; i < s->ngroups; i++)
		collect(s, &s->groups[ord[i].group]);
	free(ord);
	if (s->o.keep_order)
		qsort(s->picks, s->npicks, sizeof *s->picks, cmp_pick_pos);
	*n = s->npicks;
	return s->picks;
}
