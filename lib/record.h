/* record: the iqtools record (SPEC §1) and its canonical JSON form.
 *
 * Writing is done here, by hand, rather than through jansson: a record is
 * written a million times a run and its form is fixed, so building a
 * json_t for each would cost more than parsing the Markdown.  The writer
 * escapes exactly as jansson's json_dumps(JSON_COMPACT) does; the unit
 * tests hold it to that. */
#ifndef IQ_RECORD_H
#define IQ_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct text {
	const char *p;
	size_t len;
};

/* All strings are borrowed and must be valid UTF-8 (NUL allowed). */
struct record {
	unsigned long long n;
	struct text section, topic, title, url, desc;
	const struct text *headings;
	size_t nheadings;
	struct text file;
	unsigned long line;
	/* Optional: section, headings and file already as JSON (a string, an
	 * array, a string), for a writer of many records that share them;
	 * each is used as it is when its p is set, and then the plain field
	 * above is not read.  Zero them to have record_format quote. */
	struct text section_json, headings_json, file_json;
};

/* The JSON of the fields a run of records shares (section, headings,
 * file), quoted once when they change rather than once a record: for a
 * writer of many records, lib/catalogue.  The struct owns its bufs; each
 * holds a JSON value once set, for a record's section_json, headings_json
 * and file_json to borrow. */
struct record_json_cache {
	struct buf section, headings, file;
};

void record_json_cache_init(struct record_json_cache *j);
void record_json_cache_free(struct record_json_cache *j);
/* Quote the n headings (borrowed) as the headings array, and the last of
 * them, or "" when n is 0, as the section. */
void record_json_cache_headings(struct record_json_cache *j, const struct text *headings, size_t n);
/* Quote the file name (len bytes, borrowed) as the file. */
void record_json_cache_file(struct record_json_cache *j, const char *file, size_t len);

/* The canonical key order of a record. */
extern const char *const record_keys[10];

/* 64-bit FNV-1a of the bytes: the record id. */
uint64_t record_id(const char *p, size_t len);

/* The id of r (SPEC §1): record_id of its url, or for an empty url the
 * FNV-1a of a zero byte, the topic, a zero byte and the title. */
uint64_t record_id_of(const struct record *r);

/* Write "16 lower-case hex digits" of id into hex[16] (no NUL). */
void record_id_hex(uint64_t id, char hex[16]);

/* Append r as one compact JSON line, newline included, to dst. */
void record_format(struct buf *dst, const struct record *r);

/* Append the JSON array of the n texts (as record_format writes headings). */
void json_quote_array(struct buf *dst, const struct text *texts, size_t n);

/* Append s as a JSON string literal (quotes included), escaped as jansson
 * does: \" \\ \b \f \n \r \t, other controls as \u00XX, the rest raw. */
void json_quote(struct buf *dst, const char *s, size_t len);

#endif
