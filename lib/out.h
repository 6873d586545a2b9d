/* out: buffered, checked standard output.
 *
 * All programs write through here so that a write error is never lost:
 * the first failed write(2) calls diag_write_failed (a closed pipe ends the
 * program quietly, anything else is reported with exit 2).  Nothing is
 * allocated; the buffer is static. */
#ifndef IQ_OUT_H
#define IQ_OUT_H

#include <stddef.h>

/* line_buffered: flush after every out_end_record (--line-buffered). */
void out_init(int line_buffered);

void out_write(const void *buf, size_t len);
void out_str(const char *s);
void out_char(char c);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Marks the end of a record: flushes when line buffered. */
void out_end_record(void);

void out_flush(void);

/* Flush and close standard output; reports a failure and exits 2 (a full
 * disk often shows only at close). */
void out_close(void);

#endif
