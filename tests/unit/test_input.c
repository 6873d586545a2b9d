/* Unit tests of lib/input: the line reader, operand opening, and the
 * walks over operands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

/* A pipe holding data, read end returned; data must fit the pipe buffer. */
static int pipe_with(const char *data, size_t len)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], data, len), (ssize_t)len);
	close(fds[1]);
	return fds[0];
}

static void lines_are(const char *data, size_t len, int skip_blank, const char *const *want,
		      const unsigned long *numbers)
{
	int fd = pipe_with(data, len);
	struct line_reader lr;
	line_reader_init(&lr, fd, skip_blank);
	char *line;
	size_t n;
	size_t i = 0;
	while (line_reader_next(&lr, &line, &n) > 0) {
		assert_non_null(want[i]);
		assert_int_equal(n, strlen(want[i]));
		assert_memory_equal(line, want[i], n);
		assert_int_equal(lr.lineno, numbers[i]);
		i++;
	}
	assert_null(want[i]);
	line_reader_free(&lr);
	close(fd);
}

static void test_line_ends(void **state)
{
	(void)state;
	const char *want[] = {"a", "b", "c", NULL};
	const unsigned long at[] = {1, 2, 3};
	lines_are("a\nb\r\nc", 6, 0, want, at);
	lines_are("a\nb\r\nc\n", 7, 0, want, at);
}

static void test_blank_and_bom(void **state)
{
	(void)state;
	const char *want[] = {"{}", "x", NULL};
	const unsigned long at[] = {1, 4};
	lines_are("\xef\xbb\xbf{}\n\n \t\r\nx\n", 13, 1, want, at);
	const char *all[] = {"{}", "", " \t", "x", NULL};
	const unsigned long at_all[] = {1, 2, 3, 4};
	lines_are("\xef\xbb\xbf{}\n\n \t\r\nx\n", 13, 0, all, at_all);
	/* A BOM is only dropped at the start. */
	const char *later[] = {"a", "\xef\xbb\xbf" "b", NULL};
	const unsigned long at_later[] = {1, 2};
	lines_are("a\n\xef\xbb\xbf" "b\n", 7, 0, later, at_later);
}

static void test_long_line(void **state)
{
	(void)state;
	size_t len = 3u << 20;
	char *data = malloc(len + 3);
	memset(data, 'x', len);
	memcpy(data + len, "\ny\n", 3);
	char path[] = "/tmp/iqtest-input-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len + 3), (ssize_t)(len + 3));
	lseek(fd, 0, SEEK_SET);
	struct line_reader lr;
	line_reader_init(&lr, fd, 0);
	char *line;
	size_t n;
	assert_int_equal(line_reader_next(&lr, &line, &n), 1);
	assert_int_equal(n, len);
	assert_memory_equal(line, data, len);
	line[n] = '\0'; /* the byte after a line is the caller's */
	assert_int_equal(line_reader_next(&lr, &line, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(line_reader_next(&lr, &line, &n), 0);
	line_reader_free(&lr);
	close(fd);
	unlink(path);
	free(data);
}

static void test_directory_is_a_read_error(void **state)
{
	(void)state;
	int err = 0;
	int fd = input_open("/", &err);
	assert_true(fd >= 0);
	struct line_reader lr;
	line_reader_init(&lr, fd, 1);
	char *line;
	size_t n;
	assert_int_equal(line_reader_next(&lr, &line, &n), -EISDIR);
	line_reader_free(&lr);
	input_close(fd);
	assert_int_equal(input_open("/nonexistent/x", &err), -1);
	assert_int_equal(err, ENOENT);
	assert_string_equal(input_strerror(IQ_ESAME), "input file is also the output");
}

static void test_slurp(void **state)
{
	(void)state;
	int fd = pipe_with("hello\0world", 11);
	char *buf;
	size_t len;
	assert_int_equal(input_slurp(fd, &buf, &len), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(buf, "hello\0world", 11);
	for (int i = 0; i < IQ_PAD; i++)
		assert_int_equal(buf[len + i], 0);
	free(buf);
	close(fd);
}

/* A large file read whole, and then changed under the reader: a mapped
 * file that shrinks would kill it with SIGBUS, and one that grows would
 * fill the padding with its new bytes.  The buffer must not notice. */
static void test_map(void **state)
{
	(void)state;
	char path[] = "/tmp/iqtest-map-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t size = (2u << 20) + 3;
	char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(write(fd, data, size), (ssize_t)size);
	lseek(fd, 0, SEEK_SET);
	char *buf;
	size_t len;
	int mapped;
	assert_int_equal(input_map(fd, &buf, &len, &mapped), 0);
	assert_int_equal(len, size);
	/* Grows: new bytes right after the end must not enter the padding. */
	assert_int_equal(pwrite(fd, "xxxxxxxxxxxxxxxxxxxxxxxx", 24, (off_t)size), 24);
	for (int i = 0; i < IQ_PAD; i++)
		assert_int_equal(buf[len + i], 0);
	/* Shrinks to nothing: every byte is still there to read. */
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_memory_equal(buf, data, size);
	input_unmap(buf, len, mapped);
	/* A size that fills its last page exactly. */
	assert_int_equal(ftruncate(fd, 2 << 20), 0);
	assert_int_equal(pwrite(fd, data, 2u << 20, 0), (ssize_t)(2u << 20));
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(input_map(fd, &buf, &len, &mapped), 0);
	assert_int_equal(len, 2u << 20);
	assert_int_equal(buf[len], 0);
	input_unmap(buf, len, mapped);
	close(fd);
	unlink(path);
	free(data);
	/* A pipe is read the same way. */
	fd = pipe_with("small", 5);
	assert_int_equal(input_map(fd, &buf, &len, &mapped), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "small\0", 6);
	input_unmap(buf, len, mapped);
	close(fd);
}

/* What a walk gave its callbacks (through the userdata), a line a call. */
struct seen {
	char log[512];
	int bad_padding, stop_at;
	unsigned calls;
};

static void seen_add(struct seen *s, const char *fmt, const char *file, unsigned long n,
		     const char *text, size_t len)
{
	size_t used = strlen(s->log);
	snprintf(s->log + used, sizeof s->log - used, fmt, file, n, (int)len, text);
}

static int on_line(const char *file, unsigned long lineno, char *line, size_t len, void *ud)
{
	struct seen *s = ud;
	seen_add(s, "%s:%lu:%.*s\n", file, lineno, line, len);
	line[len] = '\0'; /* writable, as promised */
	return ++s->calls == (unsigned)s->stop_at;
}

static void on_file(const char *file, char *text, size_t len, void *ud)
{
	struct seen *s = ud;
	for (int i = 0; i < IQ_PAD; i++)
		if (text[len + i])
			s->bad_padding = 1;
	seen_add(s, "%s:%lu:%.*s\n", file, len, text, len);
}

static void on_report(void *ud, const char *file, unsigned long lineno, const char *message)
{
	seen_add(ud, "%s:%lu: %.*s\n", file, lineno, message, strlen(message));
}

static char *temp_with(const char *data)
{
	static char paths[2][32];
	static int next;
	char *path = paths[next++ % 2];
	strcpy(path, "/tmp/iqtest-walk-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	close(fd);
	return path;
}

static void test_walk_lines(void **state)
{
	(void)state;
	char *a = temp_with("1\n\n  \n4\n");
	char *b = temp_with("x\r\ny");
	char *operands[] = {a, "/nonexistent/x", "/", b};
	struct seen s = {"", 0, 0, 0};
	char want[512];
	assert_int_equal(input_walk_lines(operands, 4, on_line, on_report, &s), 0);
	/* "/" opens, then fails to read: reported with lineno 0 too. */
	snprintf(want, sizeof want, "%s:1:1\n%s:4:4\n/nonexistent/x:0: %s\n/:0: %s\n%s:1:x\n%s:2:y\n",
		 a, a, strerror(ENOENT), strerror(EISDIR), b, b);
	assert_string_equal(s.log, want);
	/* A callback's non-zero stops the whole walk, later operands unread. */
	struct seen stop = {"", 0, 2, 0};
	assert_int_equal(input_walk_lines(operands, 4, on_line, on_report, &stop), 1);
	snprintf(want, sizeof want, "%s:1:1\n%s:4:4\n", a, a);
	assert_string_equal(stop.log, want);
	/* No operand is standard input, named "-". */
	int saved = dup(STDIN_FILENO);
	int fd = pipe_with("in\n", 3);
	dup2(fd, STDIN_FILENO);
	close(fd);
	struct seen in = {"", 0, 0, 0};
	assert_int_equal(input_walk_lines(NULL, 0, on_line, on_report, &in), 0);
	assert_string_equal(in.log, "-:1:in\n");
	dup2(saved, STDIN_FILENO);
	close(saved);
	unlink(a);
	unlink(b);
}

/* Passes over the lines that start with b or c. */
static size_t pass_bc(const char *text, size_t len, unsigned long *lines, void *ud)
{
	struct seen *s = ud;
	size_t n = 0;
	*lines = 0;
	if (len == 0 || text[len - 1] != '\n')
		s->bad_padding = 1; /* whole lines, or nothing */
	while (n < len && (text[n] == 'b' || text[n] == 'c')) {
		n = (size_t)((const char *)memchr(text + n, '\n', len - n) + 1 - text);
		++*lines;
	}
	seen_add(s, "%s%lu%.*s\n", "pass ", *lines, "", 0);
	return n;
}

static void test_walk_lines_passing(void **state)
{
	(void)state;
	/* The first line comes alone, for its byte-order mark; the lines
	 * passed over count; a blank line is still skipped; the last line,
	 * without its newline, is never in a pass. */
	char *a = temp_with("\xef\xbb\xbf" "a\nbb\nccc\n\nd\nc\ne");
	struct seen s = {"", 0, 0, 0};
	char want[512];
	assert_int_equal(input_walk_lines_passing(&a, 1, pass_bc, on_line, on_report, &s), 0);
	snprintf(want, sizeof want, "%s:1:a\npass 2\n%s:5:d\npass 1\n%s:7:e\n", a, a, a);
	assert_string_equal(s.log, want);
	assert_int_equal(s.bad_padding, 0);

	/* The reader's own view: nothing at the start, then the whole lines
	 * it holds. */
	int fd = pipe_with("x\ny\nz\npartial", 13);
	struct line_reader lr;
	line_reader_init(&lr, fd, 1);
	char *text, *line;
	size_t len;
	assert_int_equal(line_reader_block(&lr, &text, &len), 0);
	assert_int_equal(line_reader_next(&lr, &line, &len), 1);
	assert_int_equal(line_reader_block(&lr, &text, &len), 1);
	assert_int_equal(len, 4);
	assert_memory_equal(text, "y\nz\n", 4);
	line_reader_pass(&lr, 2, 1);
	assert_int_equal(line_reader_next(&lr, &line, &len), 1);
	assert_memory_equal(line, "z", 1);
	assert_int_equal(lr.lineno, 3);
	assert_int_equal(line_reader_block(&lr, &text, &len), 0);
	assert_int_equal(line_reader_next(&lr, &line, &len), 1);
	assert_memory_equal(line, "partial", 7);
	assert_int_equal(line_reader_next(&lr, &line, &len), 0);
	line_reader_free(&lr);
	close(fd);
	unlink(a);
}

static void test_walk_files(void **state)
{
	(void)state;
	char *a = temp_with("# A\n\nx");
	char *operands[] = {"/nonexistent/x", a, "/"};
	struct seen s = {"", 0, 0, 0};
	input_walk_files(operands, 3, on_file, on_report, &s);
	char want[512];
	snprintf(want, sizeof want, "/nonexistent/x:0: %s\n%s:6:# A\n\nx\n/:0: %s\n",
		 strerror(ENOENT), a, strerror(EISDIR));
	assert_string_equal(s.log, want);
	assert_false(s.bad_padding);
	unlink(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_blank_and_bom),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_directory_is_a_read_error),
		cmocka_unit_test(test_slurp),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_walk_lines),
		cmocka_unit_test(test_walk_lines_passing),
		cmocka_unit_test(test_walk_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
