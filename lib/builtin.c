#include "catalogue.h"

/* data/catalogue.md as bytes, written by the Makefile with od(1). */
static const char catalogue_md[] = {
#include "catalogue_md.inc"
};

const char *catalogue_builtin(size_t *len)
{
	*len = sizeof catalogue_md;
	return catalogue_md;
}
