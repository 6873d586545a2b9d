#include "catalogue.h"

/* data/catalogue.md, linked in by the Makefile with `ld -r -b binary`. */
extern const char _binary_catalogue_md_start[];
extern const char _binary_catalogue_md_end[];

const char *catalogue_builtin(size_t *len)
{
	*len = (size_t)(_binary_catalogue_md_end - _binary_catalogue_md_start);
	return _binary_catalogue_md_start;
}
