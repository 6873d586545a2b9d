#include "buf.h"

#include <stdint.h>
#include <stdlib.h>

#include "xalloc.h"

void buf_grow(struct buf *b, size_t extra)
{
	if (extra >= SIZE_MAX - b->len)
		xalloc_die();
	xgrow(&b->p, &b->cap, b->len + extra + 1);
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *buf_cstr(struct buf *b)
{
	if (!b->p)
		buf_grow(b, 0), b->p[0] = '\0';
	return b->p;
}
