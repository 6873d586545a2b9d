/* jsonl: one line of JSON Lines input as a jansson object, for what reads
 * records (match, sample, quiz, reviewlog, iqfmt, iqdue); the lines come
 * from lib/input.
 *
 * Ownership (jansson): jsonl_parse returns a NEW reference that the caller
 * must json_decref.  The jsonl_get_* accessors return BORROWED pointers into
 * the object, valid while the caller holds its reference. */
#ifndef IQ_JSONL_H
#define IQ_JSONL_H

#include <jansson.h>
#include <stddef.h>

/* Parse one line (without its newline) as a JSON object.  Uses
 * json_loadb with the line's length, so a NUL byte or trailing bytes are
 * errors, never silently cut; the first bad line that looks like Markdown
 * gets JSONL_MARKDOWN_HINT after its message.  Integers beyond 64 bits are read as reals
 * (so the record is kept).  Strings may hold \u0000.  On failure returns
 * NULL and writes jansson's message (or "not a JSON object") to err. */
json_t *jsonl_parse(const char *line, size_t len, char *err, size_t errsize);

/* Added to the message of the process's first bad line when that line is
 * not JSON and starts (after blanks) with '#', '-', '*', '>', or '[' with
 * a "](" or "]:" later (SPEC §2; a JSON array starts with '[' too). */
#define JSONL_MARKDOWN_HINT "(Markdown? convert it with iqcat first)"

/* 1 when a line that is not JSON looks like Markdown, as above. */
int jsonl_looks_like_markdown(const char *line, size_t len);


/* As jsonl_parse; *inexact is set to 1 when the line held an integer
 * beyond 64 bits, so that every number of it was read as a real (the
 * record is kept, its numbers approximate), else to 0 (always 0 when NULL
 * is returned). */
json_t *jsonl_parse_inexact(const char *line, size_t len, int *inexact, char *err,
			    size_t errsize);

/* The string value of key, or NULL when absent or not a string.  *len gets
 * its length (it may contain NUL bytes). */
const char *jsonl_get_string(json_t *obj, const char *key, size_t *len);

#endif
