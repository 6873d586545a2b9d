/* template: "{field}" templates for iqfmt -f.
 *
 * Syntax: {NAME} is replaced by the text of the top-level key NAME (any
 * bytes but braces; see jsonw_text: strings as they are, numbers as JSON
 * writes them, arrays joined with " > ", null and missing keys as nothing);
 * {{ and }} stand for { and }; \n, \t and \\ for a newline, a tab and a
 * backslash.  Anything else is copied as it is. */
#ifndef IQ_TEMPLATE_H
#define IQ_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

struct field_template;

/* Compile src.  Returns a template the caller frees with template_free, or
 * NULL with a message in err ("template: missing '}' after '{title'") for
 * an unclosed '{', a lone '}', an empty or brace-holding field name, an
 * unknown escape or a trailing backslash. */
struct field_template *template_compile(const char *src, char *err, size_t errsize);

/* Append the template filled from obj (borrowed) to dst; no newline is
 * added. */
void template_expand(const struct field_template *t, json_t *obj, struct buf *dst);

/* How many {field} placeholders t has, and the name of the i-th (0-based,
 * in template order; borrowed from t, NULL when i is out of range). */
size_t template_nfields(const struct field_template *t);
const char *template_field(const struct field_template *t, size_t i);

void template_free(struct field_template *t);

#endif
