#include "catalogue.h"

/* data/catalogue.md as bytes, written by the Makefile with od(1), and the
 * zero byte catalogue_parse wants after a document.  unsigned char, since
 * bytes above 0x7f do not fit a (signed) char without a conversion. */
static const unsigned char catalogue_md[] = {
#include "catalogue_md.inc"
	0,
};

const char *catalogue_builtin(size_t *len)
{
	*len = sizeof catalogue_md - 1;
	return (const char *)catalogue_md;
}
