/* width: display width of UTF-8 text, and text wrapped for a terminal.
 *
 * Widths come from libutf8proc (Unicode's East Asian Width and general
 * category), never from the locale's wcwidth, so output does not depend on
 * LANG: CJK ideographs, kana, Hangul, full-width forms and emoji take two
 * columns, combining marks and other zero-width characters none, the rest
 * one.  Nothing here allocates except through the caller's buf. */
#ifndef IQ_WIDTH_H
#define IQ_WIDTH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Columns taken by code point cp: 0, 1 or 2.  Control characters count 0. */
int width_char(uint32_t cp);

/* Columns taken by the UTF-8 text s (an invalid byte counts as one, as the
 * U+FFFD it would be shown as). */
size_t width_str(const char *s, size_t len);

/* Append s to dst for a terminal:
 * - runs of white space (Unicode White_Space, line breaks included) become
 *   one space, and leading and trailing ones are dropped;
 * - control characters (C0, DEL, C1), NUL and invalid UTF-8 become U+FFFD,
 *   so data can never send escape sequences to the terminal;
 * - when wrap is non-zero, lines are broken so that none passes wrap
 *   columns: at spaces, and between wide (CJK) characters, but never before
 *   closing CJK punctuation or a zero-width character; a word longer than a
 *   line is cut.  A broken line continues on a new line after indent spaces.
 * *col is the column the text starts at and is updated to where it ends;
 * the caller has already written what precedes it on the line.  Returns
 * how many line breaks were added. */
size_t width_wrap(struct buf *dst, const char *s, size_t len, size_t *col, size_t indent,
		  size_t wrap);

#endif
