/* libFuzzer harness: the JSON Lines reader and record access.  Each line
 * either parses to an object or gives an error text; what parses must dump
 * again, and every string value must be readable with its length. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char err[200];
		err[0] = 'x';
		json_t *v = jsonl_parse(p, len, err, sizeof err);
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
			}
			char *again = json_dumps(v, JSON_COMPACT);
			if (!again)
				abort();
			free(again);
			json_decref(v);
		} else if (err[0] == '\0' || !memchr(err, '\0', sizeof err)) {
			abort();
		}
		p += len + 1;
	}
	return 0;
}
