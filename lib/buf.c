#include "buf.h"

#include <stdint.h>
#include <stdlib.h>

#include "xalloc.h"

char buf_empty[1];

void buf_grow(struct buf *b, size_t extra)
{
	if (extra >= SIZE_MAX - b->len)
		xalloc_die();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (!b->cap)
		b->p = NULL; /* buf_empty, or zero bytes of a buf not yet initialised */
	XGROW(b->p, need, b->cap);
	if (!b->len)
		b->p[0] = '\0';
}

void buf_free(struct buf *b)
{
	if (b->cap)
		free(b->p);
	buf_init(b);
}

const char *buf_cstr(struct buf *b)
{
	if (!b->p) /* zero bytes: a buf that was never initialised */
		buf_init(b);
	return b->p;
}
