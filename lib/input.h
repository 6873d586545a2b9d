/* input: a program's operands, opened and read as lines or as a whole.
 *
 * Every program reads through here: the filters walk their operands line
 * by line (input_walk_lines, as match does an id file), iqcat walks whole
 * files (input_walk_files), reviewlog reads its log with a line_reader.  An operand is a file name,
 * or "-" for standard input.  Errors come back as an errno value (or
 * IQ_ESAME for "input file is also the output"), or, from the walks, as a
 * message given to the caller's report callback with the operand's name:
 * the caller decides how to show it. */
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

/* The whole lines lr holds unread, reading more if it holds none: 1 with
 * *text and *len set (the bytes up to and including the last '\n' in the
 * buffer; valid until the next call), 0 when there is none to give (at
 * the end of input, or at the start of a descriptor, whose first line
 * line_reader_next must see for its byte-order mark), or -errno on a read
 * error.  The lines stay unread unless passed over with line_reader_pass. */
int line_reader_block(struct line_reader *lr, char **text, size_t *len);

/* Pass over the first len bytes of what line_reader_block gave, which must
 * be whole lines, lines of them: the next line_reader_next starts after. */
void line_reader_pass(struct line_reader *lr, size_t len, unsigned long lines);

/* Called for every line of every operand, with the walk's userdata.
 * line is the walk's (valid during the call; line[len] is writable).
 * Return 0 to go on, non-zero to stop the whole walk (e.g. -m or -q
 * satisfied). */
typedef int (*input_line_fn)(const char *file, unsigned long lineno, char *line, size_t len,
			     void *userdata);

/* Called with the whole of an operand, with IQ_PAD zero bytes after
 * text[len]; the text is the walk's, freed when the call returns. */
typedef void (*input_file_fn)(const char *file, char *text, size_t len, void *userdata);

/* Called for an operand that cannot be opened or read (lineno 0), with
 * the walk's userdata and the error text (static, or the walk's).  The
 * arguments come in reviewlog_report_fn's order, so that one function can
 * serve both. */
typedef void (*input_report_fn)(void *userdata, const char *file, unsigned long lineno,
				const char *message);

/* Walk operands (n of them; none means standard input, named "-"), line
 * by line, skipping blank lines.  Returns non-zero if on_line stopped the
 * walk.  Every operand failure goes to report and the walk goes on. */
int input_walk_lines(char *const *operands, int n, input_line_fn on_line,
		     input_report_fn report, void *userdata);

/* Called, between lines, with the whole lines the walk holds unread
 * (text[0..len), as line_reader_block gives them) and the walk's
 * userdata: returns the length of a prefix of whole lines that need no
 * on_line call, and their number in *lines (0 for none).  Lines passed
 * over count in line numbers, as if read. */
typedef size_t (*input_pass_fn)(const char *text, size_t len, unsigned long *lines,
				void *userdata);

/* input_walk_lines, but pass is asked first, before each line, which
 * lines ahead on_line need not see; the lines it passes over are never
 * blank-skipped, split or given to on_line. */
int input_walk_lines_passing(char *const *operands, int n, input_pass_fn pass,
			     input_line_fn on_line, input_report_fn report, void *userdata);

/* Walk operands as input_walk_lines does, reading each whole (as
 * input_map) for on_file; every failure goes to report. */
void input_walk_files(char *const *operands, int n, input_file_fn on_file,
		      input_report_fn report, void *userdata);

#endif
