/* utf8: validation, repair and white space, for text headed into JSON. */
#ifndef IQ_UTF8_H
#define IQ_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/* Decode one code point at s (len > 0).  Returns its length in bytes, or 0
 * when s does not start a valid sequence; *invalid_len is then the length of
 * the maximal ill-formed subpart (Unicode §3.9, what Python's "replace"
 * error handler uses): replace those bytes with one U+FFFD. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *invalid_len);

/* Length of the longest valid UTF-8 prefix of s. */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Append s to dst, each ill-formed subpart replaced by U+FFFD; NUL bytes
 * become U+FFFD too when nul_too is set.  Returns how many replacements. */
size_t utf8_repair(struct buf *dst, const char *s, size_t len, int nul_too);

/* Append the UTF-8 encoding of cp (U+FFFD for a surrogate or beyond
 * U+10FFFF). */
void utf8_encode(struct buf *dst, uint32_t cp);

/* Unicode White_Space property. */
int utf8_is_white(uint32_t cp);

/* Set dst to s with every run of white space (White_Space, which includes
 * the '\n' callers use for line breaks) folded to one space, trimmed at
 * both ends.  s must be valid UTF-8.  Linear in len. */
void utf8_fold_white(struct buf *dst, const char *s, size_t len);

#endif
