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

/* Grow *buf (capacity *cap) so it holds at least need bytes, doubling. */
void xgrow(void *bufp, size_t *cap, size_t need);

/* Make jansson allocate through xmalloc; call once at start-up. */
void xalloc_init_jansson(void);

#endif
