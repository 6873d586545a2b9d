/* strmap: byte strings numbered in order of first appearance.  iqfmt's
 * summary (a row per group) and anki (one note per id) use it.
 *
 * Keys are copied into the map, which owns them; lookups hash with FNV-1a
 * and probe linearly, so adding n keys costs O(n) expected time whatever
 * their order.  Nothing here prints or exits (but xalloc on exhaustion). */
#ifndef IQ_STRMAP_H
#define IQ_STRMAP_H

#include <stddef.h>

struct strmap;

/* An empty map, freed with strmap_free. */
struct strmap *strmap_new(void);
void strmap_free(struct strmap *m);

/* The number of key (len bytes, NUL bytes allowed), adding it when new:
 * 0 for the first key added, 1 for the next new one, and so on.  *added,
 * when not NULL, is set to 1 when the key was new, else 0. */
size_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added);

/* How many distinct keys were added. */
size_t strmap_count(const struct strmap *m);

/* Key number i (i < strmap_count), borrowed from the map; *len is set to
 * its length.  NUL-terminated. */
const char *strmap_key(const struct strmap *m, size_t i, size_t *len);

#endif
