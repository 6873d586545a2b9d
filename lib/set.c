#include "set.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "xalloc.h"

uint64_t set_process_seed(void)
{
	static uint64_t seed;
	static int drawn;
	if (!drawn) {
		if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed) {
			/* No entropy yet (early boot): weaker, still per process. */
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			seed = (uint64_t)t.tv_nsec ^ (uint64_t)t.tv_sec << 30 ^ (uint64_t)getpid() << 16 ^
			       (uint64_t)(uintptr_t)&seed;
		}
		drawn = 1;
	}
	return seed;
}

void set_init_seeded(struct set *s, uint64_t seed)
{
	memset(s, 0, sizeof *s);
	s->seed = seed;
}

void set_init(struct set *s) { set_init_seeded(s, set_process_seed()); }

void set_free(struct set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i].p);
	free(s->slots);
	set_init_seeded(s, s->seed);
}

/* The slot holding p, or the empty slot where it would go. */
static struct set_slot *find(struct set *s, const char *p, size_t len, uint64_t hash)
{
	size_t mask = s->cap - 1, i = (size_t)hash & mask;
	for (;; i = (i + 1) & mask) {
		struct set_slot *slot = &s->slots[i];
		s->probes++;
		if (!slot->p || (slot->hash == hash && slot->len == len &&
				 memcmp(slot->p, p, len) == 0))
			return slot;
	}
}

int set_has(struct set *s, const char *p, size_t len)
{
	if (!s->count)
		return 0;
	return find(s, p, len, XXH3_64bits_withSeed(p, len, s->seed))->p != NULL;
}

static void grow(struct set *s)
{
	size_t cap = s->cap ? 2 * s->cap : 64;
	struct set_slot *old = s->slots;
	size_t oldcap = s->cap;
	s->slots = xcalloc(cap, sizeof *s->slots);
	s->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].p)
			continue;
		size_t mask = cap - 1, j = (size_t)old[i].hash & mask;
		while (s->slots[j].p)
			j = (j + 1) & mask;
		s->slots[j] = old[i];
	}
	free(old);
}

int set_add(struct set *s, const char *p, size_t len)
{
	if (2 * (s->count + 1) > s->cap)
		grow(s);
	uint64_t hash = XXH3_64bits_withSeed(p, len, s->seed);
	struct set_slot *slot = find(s, p, len, hash);
	if (slot->p)
		return 0;
	/* One byte more, so that an empty key is not NULL. */
	slot->p = xmalloc(len + 1);
	memcpy(slot->p, p, len);
	slot->p[len] = '\0';
	slot->len = len;
	slot->hash = hash;
	s->count++;
	return 1;
}
