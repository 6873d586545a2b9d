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

#include "diag.h"

enum { OUT_BUF = 1 << 16 };

static char buffer[OUT_BUF];
static size_t used;
static int flush_each_record;

void out_init(int line_buffered)
{
	flush_each_record = line_buffered;
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

void out_flush(void)
{
	write_all(buffer, used);
	used = 0;
}

void out_write(const void *buf, size_t len)
{
	if (len > OUT_BUF - used) {
		out_flush();
		if (len >= OUT_BUF) {
			write_all(buf, len);
			return;
		}
	}
	memcpy(buffer + used, buf, len);
	used += len;
}

void out_str(const char *s) { out_write(s, strlen(s)); }

void out_char(char c)
{
	if (used == OUT_BUF)
		out_flush();
	buffer[used++] = c;
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
	if (flush_each_record)
		out_flush();
}

void out_close(void)
{
	out_flush();
	if (close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR)
		diag_write_failed(errno);
}
