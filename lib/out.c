#include "out.h"

#include <stdlib.h>

#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

static struct buf buffer = BUF_INIT;
static int flush_each_record;

void out_init(int line_buffered)
{
	flush_each_record = line_buffered;
	buf_grow(&buffer, OUT_FLUSH_AT);
	/* With standard output closed, the first file opened would become fd 1
	 * and receive our output; a read-only /dev/null there makes every write
	 * fail with EBADF instead, as writing to a closed stdout should. */
	/* A larger pipe means fewer switches between writer and reader when
	 * hundreds of megabytes of records flow (Linux; a no-op elsewhere or
	 * on failure). */
#ifdef F_SETPIPE_SZ
	struct stat st;
	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#endif
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd >= 0 && fd != STDOUT_FILENO) {
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
	}
}

static void write_all(const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_write_failed(errno);
		}
		p += n;
		len -= (size_t)n;
	}
}

struct buf *out_buf(void) { return &buffer; }

void out_flush(void)
{
	write_all(buffer.p, buffer.len);
	buf_reset(&buffer);
}

void out_write(const void *buf, size_t len)
{
	/* The buffer may hold more than OUT_FLUSH_AT: out_buf lets it grow. */
	if (buffer.len >= OUT_FLUSH_AT || len > OUT_FLUSH_AT - buffer.len) {
		out_flush();
		if (len >= OUT_FLUSH_AT) {
			write_all(buf, len);
			return;
		}
	}
	buf_add(&buffer, buf, len);
}

void out_str(const char *s) { out_write(s, strlen(s)); }

void out_char(char c)
{
	if (buffer.len >= OUT_FLUSH_AT)
		out_flush();
	buf_addc(&buffer, c);
}

void out_printf(const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		out_write(small, (size_t)n);
		return;
	}
	/* On the heap: a warning may quote a heading of megabytes. */
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	int m = vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (m == n)
		out_write(big, (size_t)n);
	free(big);
}

void out_end_record(void)
{
	if (flush_each_record || buffer.len >= OUT_FLUSH_AT)
		out_flush();
}

void out_close(void)
{
	out_flush();
	buf_free(&buffer);
	if (close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR)
		diag_write_failed(errno);
}
