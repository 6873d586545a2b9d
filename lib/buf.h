/* buf: a growable byte string.  The struct owns p; buf_free releases it.
 * p is always NUL-terminated once anything was added (or after buf_cstr). */
#ifndef IQ_BUF_H
#define IQ_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_free(struct buf *b);
/* The contents as a C string (borrowed from b). */
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
	if (b->p)
		b->p[0] = '\0';
}

#endif
