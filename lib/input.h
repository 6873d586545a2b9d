/* input: opening operands, and reading them as lines or as a whole.
 *
 * An operand is a file name, or "-" for standard input.  Errors come back
 * as an errno value (or IQ_ESAME for "input file is also the output") for
 * the caller to report against the operand's name. */
#ifndef IQ_INPUT_H
#define IQ_INPUT_H

#include <stddef.h>

/* Not an errno value: the operand is the regular file stdout writes to. */
#define IQ_ESAME (-1)

/* Text for an error from this module: strerror, or IQ_ESAME's message.
 * The string is static. */
const char *input_strerror(int err);

/* Open NAME ("-" is standard input) for reading.  Returns the descriptor,
 * or -1 with *err set.  Refuses the file stdout appends to (IQ_ESAME) so
 * that "P f >> f" cannot grow f forever.  Close with input_close. */
int input_open(const char *name, int *err);
void input_close(int fd);

/* Zero bytes that input_slurp and input_map leave readable after the data:
 * md4c 0.4.8 reads the byte after the end of a document. */
#define IQ_PAD 16

/* Read all of fd into a new buffer (caller frees *buf), IQ_PAD zero bytes
 * after *len.  Returns 0, or an errno value (EISDIR for a directory). */
int input_slurp(int fd, char **buf, size_t *len);

/* The whole of fd, as input_slurp (IQ_PAD zero bytes after it too).  It
 * is always read, never mapped (*mapped is 0): a mapped file that shrinks
 * raises SIGBUS and one that grows loses its zero padding.  Release with
 * input_unmap(buf, len, mapped). */
int input_map(int fd, char **buf, size_t *len, int *mapped);
void input_unmap(char *buf, size_t len, int mapped);

/* A line reader over one descriptor, with a buffer that grows to the
 * longest line.  Lines come without their "\n" or "\r\n"; a UTF-8 BOM at the
 * start is dropped; the last line may lack its newline.  Optionally blank
 * (empty or white-space-only) lines are skipped. */
struct line_reader {
	int fd;
	int skip_blank;
	char *buf;
	size_t cap, start, end;
	unsigned long lineno; /* number of the line last returned */
	int eof, at_start;
};

/* Prepare lr to read fd; lr owns a buffer until line_reader_free. */
void line_reader_init(struct line_reader *lr, int fd, int skip_blank);
void line_reader_free(struct line_reader *lr);

/* Next line: 1 with *line and *len set (valid until the next call; the byte
 * after the line is writable scratch, so line[len] may be set to '\0'),
 * 0 at end of input, or -errno on a read error. */
int line_reader_next(struct line_reader *lr, char **line, size_t *len);

#endif
