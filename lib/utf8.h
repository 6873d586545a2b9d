/* utf8: validation, repair and white space, for text headed into JSON.
 * Core: iqcat (catalogue, labels, entity) repairs and folds with it, iqfmt
 * (escape, render, anki) and termsafe/width read text through it. */
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

/* 1 if s[0..len) is valid UTF-8 as jansson reads it (no overlong forms,
 * surrogates or code points beyond U+10FFFF), else 0.  Uses SSSE3 where
 * the CPU has it; utf8_valid_scalar is the portable version, for tests. */
int utf8_valid(const char *s, size_t len);
int utf8_valid_scalar(const char *s, size_t len);

/* For tests: use vector code up to level (0 none, 1 SSSE3, 2 AVX2; the
 * default is 2), where the CPU has it.  utf8_valid and jsonscan obey. */
void utf8_simd(int level);

/* The vector level in use: as utf8_simd's levels, the lower of what the
 * CPU has and what utf8_simd allows. */
int utf8_simd_level(void);

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
