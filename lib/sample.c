#include "sample.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "jsonl.h"
#include "set.h"
#include "xalloc.h"

struct entry {
	uint64_t key, pos;
	char *line;
	size_t len, cap;
};

/* A line kept with replacement: held, or winning draws, stored once for
 * all of them; freed when the last reference goes. */
struct line {
	size_t refs, len;
	uint64_t pos;
	size_t pick; /* index + 1 of its pick while keep_order counts wins */
	char data[];
};

struct draw {
	uint64_t key;
	struct line *line;
};

struct group {
	char *name;
	size_t namelen;
	uint64_t hash;
	struct entry *heap; /* max-heap on (key, pos): the worst pick on top */
	size_t n, cap;
	/* With replacement: every line so far while there are at most count
	 * of them, in input order; then draws (count of them) instead. */
	struct line **held;
	size_t nheld, heldcap;
	struct draw *draws;
};

/* A group's place in the output: its first pick. */
struct order {
	uint64_t key, pos;
	size_t group;
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
	/* The result, made by the first sample_next: an array of picks, or
	 * (with replacement in draw order) the groups and the draw reached. */
	int finished, streaming;
	struct sample_pick *picks;
	size_t npicks, pickcap, next;
	struct order *ord;
	size_t ordnext, draw;
};

uint64_t sample_key(const char *line, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(line, len, seed);
}

/* The one order on (key, pos): -1, 0 or 1. */
static int cmp_key_pos(uint64_t xkey, uint64_t xpos, uint64_t ykey, uint64_t ypos)
{
	if (xkey != ykey)
		return xkey < ykey ? -1 : 1;
	return xpos < ypos ? -1 : xpos > ypos;
}

struct sample *sample_new(const struct sample_opts *opts)
{
	struct sample *s = xcalloc(1, sizeof *s);
	s->o = *opts;
	buf_init(&s->name);
	/* Only where a group sits in the table depends on this seed, never
	 * the output. */
	if (s->o.per)
		s->table_seed = set_process_seed();
	return s;
}

/* clang's analyser cannot count references: it takes a draw's release of
 * a line for the free of a line other draws still hold.  It alone sees
 * release keep the line. */
#ifdef __clang_analyzer__
#define free_line(l) ((void)(l))
#else
#define free_line(l) free(l)
#endif

static void release(struct line *l)
{
	if (l && --l->refs == 0)
		free_line(l);
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
		for (size_t j = 0; j < g->nheld; j++)
			release(g->held[j]);
		free(g->held);
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
	free(s->ord);
	free(s);
}

static int before(const struct entry *a, const struct entry *b)
{
	return cmp_key_pos(a->key, a->pos, b->key, b->pos) < 0;
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
	if (g->n < s->o.count) {
		XGROW(g->heap, g->n + 1, g->cap);
		struct entry *h = g->heap;
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
	struct entry *h = g->heap;
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

static struct line *new_line(const char *data, size_t len, uint64_t pos)
{
	struct line *l = xmalloc(sizeof *l + len);
	l->refs = 0;
	l->len = len;
	l->pos = pos;
	l->pick = 0;
	memcpy(l->data, data, len);
	return l;
}

/* Offers a line to every draw of g; mine is its copy if the caller has
 * one, else NULL and a copy is made at its first win. */
static void draws_offer(struct sample *s, struct group *g, const char *line, size_t len,
			uint64_t pos, struct line *mine)
{
	for (size_t j = 0; j < s->o.count; j++) {
		uint64_t key = XXH3_64bits_withSeed(line, len, s->o.seed + j + 1);
		struct draw *d = &g->draws[j];
		if (d->line && key >= d->key)
			continue;
		if (!mine)
			mine = new_line(line, len, pos);
		mine->refs++; /* before the release: the old line may be this one */
		release(d->line);
		d->line = mine;
		d->key = key;
	}
}

/* With replacement: hold the line, or once more than count lines came
 * (count draws cost less than the lines), make the draws from them. */
static void replace_offer(struct sample *s, struct group *g, const char *line, size_t len,
			  uint64_t pos)
{
	if (g->draws) {
		draws_offer(s, g, line, len, pos, NULL);
		return;
	}
	XGROW(g->held, g->nheld + 1, g->heldcap);
	struct line *l = new_line(line, len, pos);
	l->refs = 1;
	g->held[g->nheld++] = l;
	if (g->nheld <= s->o.count)
		return;
	g->draws = xcalloc(s->o.count, sizeof *g->draws);
	for (size_t i = 0; i < g->nheld; i++) {
		l = g->held[i];
		draws_offer(s, g, l->data, l->len, l->pos, l);
		release(l);
	}
	free(g->held);
	g->held = NULL;
	g->nheld = g->heldcap = 0;
}

/* The winner of draw j (1-based) in g, its key into *key. */
static struct line *winner(const struct sample *s, const struct group *g, size_t j,
			   uint64_t *key)
{
	if (g->draws) {
		*key = g->draws[j - 1].key;
		return g->draws[j - 1].line;
	}
	struct line *best = NULL;
	for (size_t i = 0; i < g->nheld; i++) {
		struct line *l = g->held[i];
		uint64_t k = XXH3_64bits_withSeed(l->data, l->len, s->o.seed + j);
		if (!best || k < *key) { /* held in input order: ties go earlier */
			best = l;
			*key = k;
		}
	}
	return best;
}

static struct group *new_group(struct sample *s, const char *name, size_t len, uint64_t hash)
{
	XGROW(s->groups, s->ngroups + 1, s->gcap);
	struct group *g = &s->groups[s->ngroups++];
	*g = (struct group){0};
	g->name = xmemdup(name, len);
	g->namelen = len;
	g->hash = hash;
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
		g = find_group(s, s->name.p, s->name.len);
	} else {
		g = s->ngroups ? &s->groups[0] : new_group(s, "", 0, 0);
	}
	uint64_t pos = s->pos++;
	if (s->o.count == 0)
		return inexact;
	if (s->o.replace)
		replace_offer(s, g, line, len, pos);
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
	return cmp_key_pos(x->key, x->pos, y->key, y->pos);
}

static int cmp_pick_pos(const void *a, const void *b)
{
	const struct sample_pick *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->draw < y->draw ? -1 : x->draw > y->draw;
}

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	return cmp_key_pos(x->key, x->pos, y->key, y->pos);
}

static void add_pick(struct sample *s, struct sample_pick p)
{
	XGROW(s->picks, s->npicks + 1, s->pickcap);
	s->picks[s->npicks++] = p;
}

/* Appends group g's heap to s->picks in key order. */
static void collect(struct sample *s, const struct group *g)
{
	size_t first = s->npicks;
	for (size_t j = 0; j < g->n; j++) {
		const struct entry *e = &g->heap[j];
		add_pick(s, (struct sample_pick){e->line, e->len, e->key, e->pos, 0, 1});
	}
	qsort(s->picks + first, g->n, sizeof *s->picks, cmp_pick_key);
}

/* With keep_order and replacement: one pick per line that won draws in g,
 * counting its wins. */
static void count_wins(struct sample *s, const struct group *g)
{
	for (size_t j = 0; j < s->o.count; j++) {
		uint64_t key;
		struct line *l = winner(s, g, j + 1, &key);
		if (!l->pick) {
			add_pick(s, (struct sample_pick){l->data, l->len, key, l->pos, j + 1, 0});
			l->pick = s->npicks;
		}
		s->picks[l->pick - 1].count++;
	}
}

static struct order first_pick(const struct sample *s, size_t i)
{
	const struct group *g = &s->groups[i];
	struct order o = {UINT64_MAX, UINT64_MAX, i};
	if (s->o.replace) {
		o.pos = winner(s, g, 1, &o.key)->pos;
		return o;
	}
	for (size_t j = 0; j < g->n; j++)
		if (cmp_key_pos(g->heap[j].key, g->heap[j].pos, o.key, o.pos) < 0) {
			o.key = g->heap[j].key;
			o.pos = g->heap[j].pos;
		}
	return o;
}

static void finish(struct sample *s)
{
	s->finished = 1;
	if (s->o.count == 0 || s->ngroups == 0)
		return;
	s->ord = xcalloc(s->ngroups, sizeof *s->ord);
	for (size_t i = 0; i < s->ngroups; i++)
		s->ord[i] = first_pick(s, i);
	if (s->o.keep_order) {
		for (size_t i = 0; i < s->ngroups; i++)
			if (s->o.replace)
				count_wins(s, &s->groups[i]);
			else
				collect(s, &s->groups[i]);
		qsort(s->picks, s->npicks, sizeof *s->picks, cmp_pick_pos);
		return;
	}
	qsort(s->ord, s->ngroups, sizeof *s->ord, cmp_order);
	if (s->o.replace) {
		s->streaming = 1; /* the draws are made as they are read */
		return;
	}
	for (size_t i = 0; i < s->ngroups; i++)
		collect(s, &s->groups[s->ord[i].group]);
}

int sample_next(struct sample *s, struct sample_pick *p)
{
	if (!s->finished)
		finish(s);
	if (!s->streaming) {
		if (s->next == s->npicks)
			return 0;
		*p = s->picks[s->next++];
		return 1;
	}
	for (; s->ordnext < s->ngroups; s->ordnext++, s->draw = 0) {
		if (s->draw == s->o.count)
			continue;
		size_t j = ++s->draw;
		uint64_t key;
		const struct line *l = winner(s, &s->groups[s->ord[s->ordnext].group], j, &key);
		*p = (struct sample_pick){l->data, l->len, key, l->pos, j, 1};
		return 1;
	}
	return 0;
}
