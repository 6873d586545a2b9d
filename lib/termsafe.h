/* termsafe: text from a catalogue or a file name made safe to show on a
 * terminal.  Core: diag (every diagnostic that quotes input), iqcat --check,
 * iqfmt -t text and summary, iqquiz.
 *
 * A catalogue is written by a stranger; shown raw, its text could set the
 * window title, move the cursor or fill the clipboard (OSC 52), and BiDi
 * controls can make a URL read as another.  So such characters are shown
 * as visible escapes instead, and everything else passes unchanged:
 * - C0 controls and DEL as \xHH (lower-case hex: \x1b, \x7f), tab and line
 *   feed included, unless TERMSAFE_KEEP_SPACE is given (then tab, line feed
 *   and carriage return pass, for callers that fold white space themselves);
 * - C1 controls (U+0080..U+009F) and the BiDi controls (U+061C, U+200E,
 *   U+200F, U+202A..U+202E, U+2066..U+2069) as \uHHHH (\u009b, \u202e);
 * - a byte that is not part of valid UTF-8 as \xHH.
 * The result is valid UTF-8 with no control or BiDi character in it.
 * The caller owns dst; nothing else is allocated. */
#ifndef IQ_TERMSAFE_H
#define IQ_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum { TERMSAFE_KEEP_SPACE = 1 };

/* Append s (len bytes, NUL bytes allowed) to dst as described above.
 * Returns how many characters were escaped. */
size_t termsafe_append(struct buf *dst, const char *s, size_t len, unsigned flags);

/* 1 when code point cp would be escaped (a control or BiDi character). */
int termsafe_is_unsafe(uint32_t cp);

/* s made safe, as a C string in a static buffer that the next call
 * overwrites: for one-shot diagnostics ("%s" of a file name). */
const char *termsafe_str(const char *s);

#endif
