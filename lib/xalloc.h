/* xalloc: allocation that never returns NULL.
 *
 * On failure it prints "PROG: memory exhausted" and exits 2, as grep's
 * xalloc_die does.  This is the one library module allowed to exit: jansson
 * corrupts its heap when an allocation fails (LIBRARY-FACTS §A), so no
 * caller could recover anyway.  The caller owns and frees what these
 * return, with free(). */
#ifndef IQ_XALLOC_H
#define IQ_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t len); /* adds a NUL after len bytes */

/* Print "PROG: memory exhausted" and exit 2: for a size that cannot be
 * represented (an overflowing count), instead of asking for SIZE_MAX. */
_Noreturn void xalloc_die(void);

/* The capacity to grow an array of cap elements of size elem to, so that
 * it holds at least need: doubling from 16, dying (xalloc_die) when the
 * byte count cannot be represented.  Used by XGROW. */
size_t xgrow_cap(size_t cap, size_t need, size_t elem);

/* Grow array (a pointer the caller owns, capacity cap elements, both
 * lvalues of the caller) so that it holds at least need elements, as git's
 * ALLOC_GROW: the one way a hand-grown array grows.  The new elements are
 * not initialised.  Strictly conforming: no cast through void **. */
#define XGROW(array, need, cap)                                                  \
	do {                                                                     \
		if ((need) > (cap)) {                                            \
			(cap) = xgrow_cap((cap), (need), sizeof *(array));       \
			(array) = xrealloc((array), (cap) * sizeof *(array));    \
		}                                                                \
	} while (0)

/* Make jansson allocate through xmalloc; call once at start-up. */
void xalloc_init_jansson(void);

#endif
