/* anki: iqfmt -t anki, an Anki text-import file (Anki 2.1.55 or later,
 * whose importer reads the "#key:value" header lines).  Used by
 * cmd/iqfmt.c.
 *
 * The header lines, then one line per record of five tab-separated fields:
 *   1 GUID   the record's "id", so importing again updates the same notes
 *            and keeps their scheduling;
 *   2 Front  the topic;
 *   3 Back   the title, linked to the url when escape_url_is_safe says so
 *            (http:, https:, relative), then the desc and the headings
 *            joined with " > ", each part separated by <br>;
 *   4 Deck   DECK::SECTION, or DECK when the section is empty;
 *   5 Tags   the headings, space-separated, white space inside each one
 *            replaced by "_".
 * Front and Back are HTML (escape_html: " as &quot;, so no field starts
 * with a quote and Anki's CSV reader takes every field as it is); GUID,
 * Deck and Tags have " removed.  Tabs and line breaks (CR, LF, VT, FF,
 * U+0085, U+2028, U+2029) in any field become spaces, so a record is
 * always one line.  A record whose id was seen before is left out (one
 * note per GUID); a record without a string id gets an empty GUID, and
 * Anki makes it a new note.  No "#columns:" line: Anki would then map the
 * fields by name, and the stock note type's names differ by language.
 *
 * Memory grows with the number of distinct ids.  Nothing here prints or
 * exits. */
#ifndef IQ_ANKI_H
#define IQ_ANKI_H

#include <jansson.h>

#include "buf.h"
#include "render.h"

/* The deck used when none is given. */
#define ANKI_DEFAULT_DECK "Interview"

struct anki;

/* A writer for notes in deck (borrowed; NULL: ANKI_DEFAULT_DECK), freed
 * with anki_free. */
struct anki *anki_new(const char *deck);

/* Append the note of obj (a JSON object, BORROWED) to dst, caller-owned;
 * the header lines come before the first note. */
void anki_record(struct anki *a, json_t *obj, struct buf *dst);

/* Append the header lines if no record came.  Call once, at the end. */
void anki_finish(struct anki *a, struct buf *dst);

void anki_free(struct anki *a);

/* The anki format for iqfmt's -t table (render.h). */
extern const struct render_ops anki_ops;

#endif
