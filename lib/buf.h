/* buf: a growable byte string, as git's strbuf.  The struct owns p once
 * cap > 0; buf_free releases it.  p is never NULL and always
 * NUL-terminated: an empty buf points at a shared empty string (buf_empty),
 * so p can be passed to memcpy, printf and the like without a guard.  A
 * buf starts as BUF_INIT or buf_init(), never as zero bytes. */
#ifndef IQ_BUF_H
#define IQ_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

/* The empty string every empty buf points at; never written to. */
extern char buf_empty[1];

#define BUF_INIT {buf_empty, 0, 0}

static inline void buf_init(struct buf *b)
{
	b->p = buf_empty;
	b->len = b->cap = 0;
}

void buf_grow(struct buf *b, size_t extra);
void buf_free(struct buf *b);
/* The contents as a C string (borrowed from b; the same as b->p). */
const char *buf_cstr(struct buf *b);

static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap - b->len < 2) /* cap >= len always; 0 - 0 when empty */
		buf_grow(b, 2);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static inline void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->cap - b->len <= len) /* no overflow, whatever len is */
		buf_grow(b, len);
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static inline void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }
static inline void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->p[0] = '\0';
}

#endif
