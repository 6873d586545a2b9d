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

struct template;

/* Compile src.  Returns a template the caller frees with template_free, or
 * NULL with a message in err ("template: missing '}' after '{title'") for
 * an unclosed '{', a lone '}', an empty or brace-holding field name, an
 * unknown escape or a trailing backslash. */
struct template *template_compile(const char *src, char *err, size_t errsize);

/* Append the template filled from obj (borrowed) to dst; no newline is
 * added. */
void template_expand(const struct template *t, json_t *obj, struct buf *dst);

void template_free(struct template *t);

#endif
