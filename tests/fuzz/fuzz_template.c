/* libFuzzer harness: iqfmt's template compiler and expander.  The first
 * line is the template, the rest one JSON object to fill it from. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	size_t tlen = nl ? (size_t)(nl - p) : size;
	char *src = malloc(tlen + 1);
	memcpy(src, p, tlen);
	src[tlen] = '\0';
	char err[256];
	struct field_template *t = template_compile(src, err, sizeof err);
	if (!t && !memchr(err, '\0', sizeof err))
		abort();
	if (t) {
		json_t *obj = NULL;
		if (nl)
			obj = jsonl_parse(nl + 1, size - tlen - 1, err, sizeof err);
		if (!obj)
			obj = json_pack("{s:s, s:i, s:[s,s], s:n}", "title", "t\xc3\xa9", "n", 7,
					"headings", "a", "b", "nothing");
		struct buf out = BUF_INIT;
		template_expand(t, obj, &out);
		buf_free(&out);
		json_decref(obj);
		template_free(t);
	}
	free(src);
	return 0;
}
