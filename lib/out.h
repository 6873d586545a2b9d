/* out: buffered, checked standard output, the one output path of every
 * program.
 *
 * All programs write through here so that a write error is never lost:
 * the first failed write(2) calls diag_write_failed (a closed pipe ends the
 * program quietly, anything else is reported with exit 2).
 *
 * Output is built in place.  out_buf lends out's own buffer, a struct buf
 * that a formatter appends a record to (record_format, render_ops, termsafe
 * all append to a struct buf); out_end_record then writes it out when line
 * buffered or once it has grown past OUT_FLUSH_AT.  No program keeps a
 * buffer of its own to copy from.  A struct buf is lent, not a
 * reserve/commit pair, because a formatter cannot know a record's length
 * before it has escaped it, and the buffer grows to the longest record.
 * A block of OUT_FLUSH_AT bytes or more given to out_write goes straight to
 * write(2), uncopied. */
#ifndef IQ_OUT_H
#define IQ_OUT_H

#include <stddef.h>

struct buf;

/* The size at which out writes what it holds. */
#define OUT_FLUSH_AT ((size_t)1 << 17)

/* line_buffered: flush after every out_end_record (--line-buffered). */
void out_init(int line_buffered);

/* out's buffer, borrowed (out owns it and frees it in out_close).  Only
 * append to it, and call out_end_record after each record.  Any out_ call
 * may write and empty it, so keep no pointer into its bytes across one. */
struct buf *out_buf(void);

void out_write(const void *buf, size_t len);
void out_str(const char *s);
void out_char(char c);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Marks the end of a record: flushes when line buffered, or when the
 * buffer holds OUT_FLUSH_AT bytes or more. */
void out_end_record(void);

void out_flush(void);

/* Flush and close standard output; reports a failure and exits 2 (a full
 * disk often shows only at close). */
void out_close(void);

#endif
