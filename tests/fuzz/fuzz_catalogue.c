/* libFuzzer harness: Markdown to records.  Every record must come out as
 * one line of valid JSON (jansson reads it back, UTF-8 checked), with the
 * keys in order, whatever the bytes. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"

static struct buf line;

static void check_record(const struct record *r, void *userdata)
{
	(void)userdata;
	buf_reset(&line);
	record_format(&line, r);
	if (line.len == 0 || line.p[line.len - 1] != '\n' || memchr(line.p, '\n', line.len - 1))
		abort();
	json_error_t e;
	json_t *v = json_loadb(line.p, line.len - 1, JSON_ALLOW_NUL, &e);
	if (!v || json_object_size(v) != 10)
		abort();
	json_decref(v);
}

static void ignore_warning(const char *file, unsigned long lineno, const char *message,
			   void *userdata)
{
	(void)file, (void)lineno, (void)message, (void)userdata;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalogue_options o = {0, 0, 0};
	if (size > 0) {
		o.all = data[0] & 1;
		o.check = (data[0] >> 1) & 1;
		data++, size--;
	}
	/* As iqcat gives it: with a zero byte after the document. */
	char *doc = malloc(size + 1);
	memcpy(doc, data, size);
	doc[size] = '\0';
	struct catalogue *c = catalogue_new(&o, check_record, ignore_warning, NULL);
	catalogue_parse(c, doc, size, "fuzz\xff.md");
	catalogue_free(c);
	free(doc);
	return 0;
}
