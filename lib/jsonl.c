#include "jsonl.h"

#include <stdio.h>
#include <string.h>

/* Set once the first bad line has been seen: the hint goes to that line
 * only, whatever the later ones look like. */
static int seen_bad_line;

int jsonl_looks_like_markdown(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || !strchr("#-*>[", line[i]) || line[i] == '\0')
		return 0;
	/* A JSON array starts with '[' too: ask for a link's "](" or a
	 * reference's "]:" as well. */
	if (line[i] != '[')
		return 1;
	for (size_t j = i; j + 1 < len; j++)
		if (line[j] == ']' && (line[j + 1] == '(' || line[j + 1] == ':'))
			return 1;
	return 0;
}

/* The message for a bad line, with the Markdown hint on the first when it
 * did not parse (a line of valid JSON is not Markdown). */
static void bad_line(const char *line, size_t len, char *err, size_t errsize,
		     const char *message, int parsed)
{
	int hint = !seen_bad_line && !parsed && jsonl_looks_like_markdown(line, len);
	seen_bad_line = 1;
	snprintf(err, errsize, "%s%s", message, hint ? " " JSONL_MARKDOWN_HINT : "");
}

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
		char text[64];
		if (nul && (size_t)(nul - line) <= (size_t)e.position) {
			snprintf(text, sizeof text, "NUL byte at byte %zu", (size_t)(nul - line) + 1);
			bad_line(line, len, err, errsize, text, 0);
		} else {
			bad_line(line, len, err, errsize, e.text, 0);
		}
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		*inexact = 0;
		bad_line(line, len, err, errsize, "not a JSON object", 1);
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
