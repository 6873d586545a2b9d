#include "record.h"

#include <string.h>


const char *const record_keys[10] = {
	"n", "id", "section", "topic", "title", "url", "desc", "headings", "file", "line",
};

static uint64_t fnv_more(uint64_t h, const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t record_id(const char *p, size_t len)
{
	return fnv_more(0xcbf29ce484222325ull, p, len);
}

uint64_t record_id_of(const struct record *r)
{
	if (r->url.len)
		return record_id(r->url.p, r->url.len);
	uint64_t h = fnv_more(0xcbf29ce484222325ull, "", 1);
	h = fnv_more(h, r->topic.p, r->topic.len);
	h = fnv_more(h, "", 1);
	return fnv_more(h, r->title.p, r->title.len);
}

void record_id_hex(uint64_t id, char hex[16])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, id >>= 4)
		hex[i] = digits[id & 15];
}

/* 1 where a byte needs an escape. */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
	['\\'] = 1,
};

/* Whether any of the eight bytes in w is below 0x20, '"' or '\\'. */
static inline int word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
	uint64_t control = (w - ones * 0x20) & ~w;
	uint64_t q = (quote - ones) & ~quote, b = (backslash - ones) & ~backslash;
	return ((control | q | b) & highs) != 0;
}

void json_quote(struct buf *dst, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	/* Reserve the worst case (every byte \u00XX) once, then write
	 * through a pointer: this runs for every field of every record. */
	if (dst->len + len * 6 + 3 > dst->cap)
		buf_grow(dst, len * 6 + 2);
	char *o = dst->p + dst->len;
	*o++ = '"';
	size_t i = 0;
	while (i < len) {
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (word_needs_escape(w))
				break;
			memcpy(o, &w, 8);
			o += 8;
			i += 8;
		}
		/* The tail, or the word with the escape: byte by byte up to it. */
		size_t stop = i + 8 < len ? i + 8 : len;
		while (i < stop && !needs_escape[(unsigned char)s[i]])
			*o++ = s[i++];
		if (i == stop)
			continue;
		unsigned char c = (unsigned char)s[i++];
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[c >> 4];
			o[4] = hex[c & 15];
			o += 5;
		}
	}
	*o++ = '"';
	dst->len = (size_t)(o - dst->p);
	*o = '\0';
}

static void add_uint(struct buf *dst, unsigned long long v)
{
	char digits[24];
	size_t i = sizeof digits;
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(dst, digits + i, sizeof digits - i);
}

/* A string literal's length is known at compile time; strlen is not free
 * a million times over. */
#define ADD_LITERAL(dst, lit) buf_add((dst), (lit), sizeof(lit) - 1)
#define ADD_KEY_STRING(dst, key_and_colon, t) \
	(ADD_LITERAL(dst, key_and_colon), json_quote((dst), (t).p, (t).len))
/* The key, then the cached JSON when there is one, else the quoted text. */
#define ADD_KEY_CACHED(dst, key_and_colon, json, t) \
	((json).p ? (ADD_LITERAL(dst, key_and_colon), buf_add((dst), (json).p, (json).len)) \
		  : ADD_KEY_STRING(dst, key_and_colon, t))

void json_quote_array(struct buf *dst, const struct text *texts, size_t n)
{
	buf_addc(dst, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(dst, ',');
		json_quote(dst, texts[i].p, texts[i].len);
	}
	buf_addc(dst, ']');
}

void record_json_cache_init(struct record_json_cache *j)
{
	buf_init(&j->section);
	buf_init(&j->headings);
	buf_init(&j->file);
}

void record_json_cache_free(struct record_json_cache *j)
{
	buf_free(&j->section);
	buf_free(&j->headings);
	buf_free(&j->file);
}

void record_json_cache_headings(struct record_json_cache *j, const struct text *headings, size_t n)
{
	buf_reset(&j->section);
	if (n)
		json_quote(&j->section, headings[n - 1].p, headings[n - 1].len);
	else
		ADD_LITERAL(&j->section, "\"\"");
	buf_reset(&j->headings);
	json_quote_array(&j->headings, headings, n);
}

void record_json_cache_file(struct record_json_cache *j, const char *file, size_t len)
{
	buf_reset(&j->file);
	json_quote(&j->file, file, len);
}

void record_format(struct buf *dst, const struct record *r)
{
	char hex[16];
	record_id_hex(record_id_of(r), hex);
	ADD_LITERAL(dst, "{\"n\":");
	add_uint(dst, r->n);
	ADD_LITERAL(dst, ",\"id\":\"");
	buf_add(dst, hex, 16);
	buf_addc(dst, '"');
	ADD_KEY_CACHED(dst, ",\"section\":", r->section_json, r->section);
	ADD_KEY_STRING(dst, ",\"topic\":", r->topic);
	ADD_KEY_STRING(dst, ",\"title\":", r->title);
	ADD_KEY_STRING(dst, ",\"url\":", r->url);
	ADD_KEY_STRING(dst, ",\"desc\":", r->desc);
	ADD_LITERAL(dst, ",\"headings\":");
	if (r->headings_json.p)
		buf_add(dst, r->headings_json.p, r->headings_json.len);
	else
		json_quote_array(dst, r->headings, r->nheadings);
	ADD_KEY_CACHED(dst, ",\"file\":", r->file_json, r->file);
	ADD_LITERAL(dst, ",\"line\":");
	add_uint(dst, r->line);
	ADD_LITERAL(dst, "}\n");
}
