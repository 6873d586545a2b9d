/* escape: text made safe for the formats iqfmt writes.
 *
 * Every function appends to a caller-owned struct buf and reads UTF-8 text
 * (possibly with NUL bytes) of the given length; nothing else is allocated
 * and nothing is kept. */
#ifndef IQ_ESCAPE_H
#define IQ_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Markdown inline text (a heading, strong text, link text) that a
 * CommonMark + GFM parser such as md4c reads back as the same plain text:
 * white space runs (Unicode White_Space, line breaks too) become one space
 * and the ends are trimmed, as iqcat does; NUL becomes U+FFFD;
 * \ ` * _ [ ] < ~ @ get a backslash, so do & before a letter, digit or #
 * (an entity), : before // and . after www (GFM's bare-URL autolinks);
 * with ESCAPE_MD_HEADING, every #; with ESCAPE_MD_BLOCK_START, for text
 * that starts a line (a plain list item), a first character that would
 * open a block (# - + > = |) and the . or ) of a leading list number. */
enum { ESCAPE_MD_HEADING = 1, ESCAPE_MD_BLOCK_START = 2 };
void escape_md_text(struct buf *dst, const char *s, size_t len, unsigned flags);

/* A Markdown link destination, to be written between < and >: < > \ and
 * an entity-like & and ` (which would pair with a later one into a code
 * span) get a backslash, line feed and carriage return become
 * &#10; and &#13;, NUL becomes U+FFFD. */
void escape_md_url(struct buf *dst, const char *s, size_t len);

/* HTML text or a double- or single-quoted attribute value: & < > " ' as
 * character references; NUL, control characters other than tab, line feed,
 * form feed and carriage return, C1 controls and noncharacters (all parse
 * errors in HTML5) become U+FFFD. */
void escape_html(struct buf *dst, const char *s, size_t len);

/* An href attribute value (to be double-quoted): space, control characters,
 * " < > ^ ` { | } and a % that starts no %XX as %XX, as a browser would
 * send them, then escaped as escape_html does.  Other characters, non-ASCII
 * ones included, are kept, so the link goes where the record says. */
void escape_href(struct buf *dst, const char *s, size_t len);

/* 1 when a browser would take the URL as http:, https: or relative (no
 * scheme), after stripping leading controls and spaces and dropping tabs and
 * line breaks as browsers do; 0 for any other scheme (javascript:, data:,
 * vbscript:, file:, ...). */
int escape_url_is_safe(const char *s, size_t len);

/* An RFC 4180 field: quoted, with " doubled, when it holds " , CR or LF;
 * as it is otherwise. */
void escape_csv(struct buf *dst, const char *s, size_t len);

/* escape_csv for a spreadsheet: a field starting with = + - @ tab or CR,
 * which Excel, LibreOffice and Sheets would run as a formula, gets a '
 * in front (OWASP's advice on CSV injection). */
void escape_csv_spreadsheet(struct buf *dst, const char *s, size_t len);

/* A TSV field: backslash as \\, tab as \t, line feed as \n, carriage
 * return as \r. */
void escape_tsv(struct buf *dst, const char *s, size_t len);

#endif
