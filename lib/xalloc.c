#include "xalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void xalloc_die(void)
{
	diag_die("memory exhausted");
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		xalloc_die();
	return p;
}

char *xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *xmemdup(const void *p, size_t len)
{
	if (len == SIZE_MAX)
		xalloc_die();
	char *d = xmalloc(len + 1);
	memcpy(d, p, len);
	d[len] = '\0';
	return d;
}

size_t xgrow_cap(size_t cap, size_t need, size_t elem)
{
	size_t n = cap ? cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			xalloc_die();
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		xalloc_die();
	return n;
}

void xalloc_init_jansson(void)
{
	json_set_alloc_funcs(xmalloc, free);
}
