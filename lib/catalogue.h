/* catalogue: Markdown catalogues to records (SPEC §1), on md4c; used by
 * iqcat (cmd/iqcat.c).
 *
 * The parser streams: records are handed to a callback as soon as the
 * block that holds them ends (a paragraph, heading, table cell or list
 * item's line of text), so memory stays near the size of the document.
 * It keeps numbering (the record's n) across documents; in check mode it
 * writes no records and hands what it finds to lib/catcheck, which
 * remembers every URL to report duplicates across documents. */
#ifndef IQ_CATALOGUE_H
#define IQ_CATALOGUE_H

#include <stddef.h>

#include "record.h"

struct catalogue_options {
	int all;   /* keep anchors, mailto links, badges and images (--all) */
	int check; /* look for the faults --check reports */
	int links; /* link records only, no question records (--links) */
};

/* A record; r and everything it points to are borrowed for the call. */
typedef void (*catalogue_record_fn)(const struct record *r, void *userdata);

/* A --check finding: file is the document's name, message is borrowed. */
typedef void (*catalogue_warning_fn)(const char *file, unsigned long line,
				     const char *message, void *userdata);

struct catalogue;

/* A new parser; on_warning may be NULL when options->check is 0.  Free it
 * with catalogue_free. */
struct catalogue *catalogue_new(const struct catalogue_options *options,
				catalogue_record_fn on_record,
				catalogue_warning_fn on_warning, void *userdata);
void catalogue_free(struct catalogue *c);

/* Parse one document of len bytes named file (borrowed; "-" for standard
 * input).  text[len] must be readable and should be 0, as after a C string
 * or input_map's data: md4c 0.4.8 reads the byte after a document.  The
 * text may hold NUL bytes and invalid UTF-8: both become U+FFFD.  A UTF-8
 * byte-order mark at the start is skipped.  Warnings come sorted by line
 * at the end of each document.
 *
 * Returns NULL, or why the document was not parsed: it is larger than the
 * limit (4 GiB, what md4c can count) once repaired, or md4c ran out of
 * memory.  The text is owned by c, valid until the next catalogue_parse or
 * catalogue_free. */
const char *catalogue_parse(struct catalogue *c, const char *text, size_t len, const char *file);

/* Lower the limit on a repaired document's size below 4 GiB: for tests. */
void catalogue_limit_size(struct catalogue *c, size_t max);

/* The built-in catalogue compiled into the program (data/catalogue.md):
 * static storage, never freed. */
const char *catalogue_builtin(size_t *len);

#endif
