/* entity: HTML character references, as md4c reports them in text and
 * link destinations (MD_TEXT_ENTITY: "&amp;", "&#123;", "&#x1F;"). */
#ifndef IQ_ENTITY_H
#define IQ_ENTITY_H

#include <stddef.h>

#include "buf.h"

/* Append the UTF-8 that the reference text[0..len) stands for to dst.  A
 * name that is not an HTML5 character reference is appended as written;
 * a numeric reference to 0, a surrogate or a value beyond U+10FFFF gives
 * U+FFFD, as CommonMark says. */
void entity_decode(struct buf *dst, const char *text, size_t len);

#endif
