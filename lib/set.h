/* set: a hash set of byte strings, safe from hash flooding.  Core: iqgrep's
 * --ids and -X sets use it; catalogue's --check table of URLs hashes
 * under its seed (set_process_seed).
 *
 * Keys come from strangers' files, so the hash is XXH3-64 under a seed
 * drawn once per process from getrandom(2): keys crafted to collide (as
 * ids whose FNV-1a hashes share their low bits, found in a second) collide
 * here only by chance.  The record id itself stays FNV-1a (record.h); this
 * hash never leaves the process, and no seed changes any output, since a
 * set answers only "is it there".
 *
 * Open addressing with linear probing, at most half full.  The set owns
 * copies of its keys; the caller's bytes are never kept. */
#ifndef IQ_SET_H
#define IQ_SET_H

#include <stddef.h>
#include <stdint.h>

struct set_slot {
	char *p; /* NULL: empty */
	size_t len;
	uint64_t hash;
};

struct set {
	struct set_slot *slots;
	size_t cap, count;
	uint64_t seed;
	unsigned long probes; /* slots looked at, for tests */
};

/* An empty set under this process's random seed. */
void set_init(struct set *s);
/* An empty set under a given seed (for tests). */
void set_init_seeded(struct set *s, uint64_t seed);
/* This process's random seed, drawn once: for a hash table of its own
 * (catalogue's --check URLs) that must not be floodable either. */
uint64_t set_process_seed(void);
/* Free the keys and slots; the set is empty again. */
void set_free(struct set *s);

/* Add a copy of p[0..len); 1 if it was new, 0 if already there. */
int set_add(struct set *s, const char *p, size_t len);
/* 1 if p[0..len) is in the set. */
int set_has(struct set *s, const char *p, size_t len);

#endif
