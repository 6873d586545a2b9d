/* jsonw: writing jansson values back out, as JSON and as plain text.
 *
 * Every function appends to a struct buf the caller owns, and only reads the
 * json_t it is given: all jansson references here are BORROWED, none is
 * taken or released.
 *
 * Key order.  An object that has every key of an iqtools record (SPEC §1,
 * record_keys in record.h) is written in the record's canonical order, any
 * other keys after them in their input order; every other object keeps its
 * own key order (jansson keeps insertion order).  Strings are escaped as
 * jansson's JSON_COMPACT does (json_quote), so a record from iqcat comes out
 * of jsonw_compact byte for byte as it went in. */
#ifndef IQ_JSONW_H
#define IQ_JSONW_H

#include <jansson.h>

#include "buf.h"

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double,
 * with ".0" added when it would otherwise read as an integer ("3.0",
 * "-0.0", "1e+300", "0.1"). */
void jsonw_real(struct buf *dst, double d);

/* Compact JSON: no white space, "," and ":" separators. */
void jsonw_compact(struct buf *dst, json_t *v);

/* Pretty JSON as jq prints it: two spaces per level, "key": value, empty
 * arrays and objects as [] and {}.  level is the nesting level of v (its
 * closing bracket is indented by 2*level spaces); no newline after v. */
void jsonw_pretty(struct buf *dst, json_t *v, int level);

/* v as text for a person or a template: a string as it is (unescaped),
 * a number as JSON writes it, true/false, null as nothing, an array as its
 * elements' texts joined with " > ", an object as compact JSON. */
void jsonw_text(struct buf *dst, json_t *v);

/* 1 when obj is an object holding every key of an iqtools record. */
int jsonw_is_record(json_t *obj);

#endif
