#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "xalloc.h"

struct strmap {
	struct buf bytes;   /* every key, each followed by a NUL */
	size_t *start;      /* key i begins at bytes.p + start[i] */
	size_t *len;
	size_t n, cap;      /* keys, and room in start and len */
	size_t *slot;       /* key number + 1; 0 is an empty slot */
	size_t nslots;      /* a power of two, kept above twice n */
};

struct strmap *strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof *m);
	m->nslots = 64;
	m->slot = xcalloc(m->nslots, sizeof *m->slot);
	return m;
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	buf_free(&m->bytes);
	free(m->start);
	free(m->len);
	free(m->slot);
	free(m);
}

static size_t *find_slot(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->nslots - 1, i = (size_t)h & mask;
	for (;;) {
		size_t k = m->slot[i];
		if (!k || (m->len[k - 1] == len && memcmp(m->bytes.p + m->start[k - 1], key, len) == 0))
			return &m->slot[i];
		i = (i + 1) & mask;
	}
}

static void rehash(struct strmap *m)
{
	free(m->slot);
	m->nslots *= 2;
	m->slot = xcalloc(m->nslots, sizeof *m->slot);
	for (size_t k = 0; k < m->n; k++) {
		const char *key = m->bytes.p + m->start[k];
		*find_slot(m, key, m->len[k], record_id(key, m->len[k])) = k + 1;
	}
}

size_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added)
{
	uint64_t h = record_id(key, len);
	size_t *s = find_slot(m, key, len, h);
	if (added)
		*added = !*s;
	if (*s)
		return *s - 1;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->start = xrealloc(m->start, m->cap * sizeof *m->start);
		m->len = xrealloc(m->len, m->cap * sizeof *m->len);
	}
	m->start[m->n] = m->bytes.len;
	m->len[m->n] = len;
	buf_add(&m->bytes, key, len);
	buf_addc(&m->bytes, '\0');
	*s = ++m->n;
	if (m->n * 2 > m->nslots)
		rehash(m);
	return m->n - 1;
}

size_t strmap_count(const struct strmap *m) { return m->n; }

const char *strmap_key(const struct strmap *m, size_t i, size_t *len)
{
	*len = m->len[i];
	return m->bytes.p + m->start[i];
}
