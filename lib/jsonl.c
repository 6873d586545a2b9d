#include "jsonl.h"

#include <stdio.h>
#include <string.h>

#include "input.h"

json_t *jsonl_parse(const char *line, size_t len, char *err, size_t errsize)
{
	int inexact;
	return jsonl_parse_inexact(line, len, &inexact, err, errsize);
}

json_t *jsonl_parse_inexact(const char *line, size_t len, int *inexact, char *err,
			    size_t errsize)
{
	json_error_t e;
	size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL;
	json_t *v = json_loadb(line, len, flags, &e);
	*inexact = 0;
	if (!v && json_error_code(&e) == json_error_numeric_overflow) {
		v = json_loadb(line, len, flags | JSON_DECODE_INT_AS_REAL, &e);
		*inexact = v != NULL;
	}
	if (!v) {
		/* jansson words a raw NUL as "end of file expected near end of
		 * file"; say what it is. */
		const char *nul = memchr(line, '\0', len);
		if (nul && (size_t)(nul - line) <= (size_t)e.position)
			snprintf(err, errsize, "NUL byte at byte %zu", (size_t)(nul - line) + 1);
		else
			snprintf(err, errsize, "%s", e.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		snprintf(err, errsize, "not a JSON object");
		return NULL;
	}
	return v;
}

const char *jsonl_get_string(json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

static int walk_one(const char *name, jsonl_line_fn on_line, jsonl_report_fn report,
		    void *userdata)
{
	int err;
	int fd = input_open(name, &err);
	if (fd < 0) {
		report(name, 0, input_strerror(err));
		return 0;
	}
	struct line_reader lr;
	line_reader_init(&lr, fd, 1);
	char *line;
	size_t len;
	int r, stopped = 0;
	while ((r = line_reader_next(&lr, &line, &len)) > 0) {
		if (on_line(name, lr.lineno, line, len, userdata)) {
			stopped = 1;
			break;
		}
	}
	if (r < 0)
		report(name, 0, strerror(-r));
	line_reader_free(&lr);
	input_close(fd);
	return stopped;
}

int jsonl_walk(char *const *operands, int n, jsonl_line_fn on_line,
	       jsonl_report_fn report, void *userdata)
{
	if (n == 0)
		return walk_one("-", on_line, report, userdata);
	for (int i = 0; i < n; i++)
		if (walk_one(operands[i], on_line, report, userdata))
			return 1;
	return 0;
}
