/* libFuzzer harness: the JSON Lines path every reader shares.  The input
 * goes through the line reader (from a memfd), whose lines must equal a
 * plain model of them (BOM at the start dropped, "\n" and "\r\n" ends,
 * blank lines skipped); each line then parses to an object or gives an
 * error text; what parses must dump again, every string value must be
 * readable with its length, an integer beyond 64 bits must leave reals,
 * and the Markdown hint may only follow a line that looks like Markdown. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input.h"
#include "jsonl.h"

static int blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\f\v", p[i]) || p[i] == '\0')
			return 0;
	return 1;
}

/* The next line the model expects, or 0 at the end. */
static int model_next(const char **p, const char *end, int *first, const char **line,
		      size_t *len)
{
	while (*p < end) {
		const char *s = *p;
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		*p = s + n + (nl != NULL);
		if (*first) {
			*first = 0;
			if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
				s += 3, n -= 3;
		}
		if (n && s[n - 1] == '\r')
			n--;
		if (blank(s, n))
			continue;
		*line = s;
		*len = n;
		return 1;
	}
	return 0;
}

static void check_line(const char *line, size_t len)
{
	char err[256];
	int inexact = -1;
	err[0] = 'x';
	json_t *v = jsonl_parse_inexact(line, len, &inexact, err, sizeof err);
	if (inexact != 0 && inexact != 1)
		abort();
	if (v) {
		if (!json_is_object(v))
			abort();
		const char *key;
		json_t *value;
		json_object_foreach(v, key, value) {
			size_t n;
			const char *s = jsonl_get_string(v, key, &n);
			if (json_is_string(value) != (s != NULL))
				abort();
			if (inexact && json_is_integer(value))
				abort();
		}
		char *again = json_dumps(v, JSON_COMPACT);
		if (!again)
			abort();
		free(again);
		json_decref(v);
		return;
	}
	if (inexact || err[0] == '\0' || !memchr(err, '\0', sizeof err))
		abort();
	if (strstr(err, JSONL_MARKDOWN_HINT) && !jsonl_looks_like_markdown(line, len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_jsonl", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	struct line_reader lr;
	line_reader_init(&lr, fd, 1);
	const char *p = (const char *)data, *end = p + size, *want;
	int first = 1, r;
	char *line;
	size_t len, wantlen;
	while ((r = line_reader_next(&lr, &line, &len)) > 0) {
		if (!model_next(&p, end, &first, &want, &wantlen) || wantlen != len ||
		    memcmp(want, line, len) != 0)
			abort();
		check_line(line, len);
	}
	if (r < 0 || model_next(&p, end, &first, &want, &wantlen))
		abort();
	line_reader_free(&lr);
	close(fd);
	return 0;
}
