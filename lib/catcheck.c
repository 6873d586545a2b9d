#include "catcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "buf.h"
#include "xalloc.h"

struct finding {
	unsigned long line;
	char *message;
};

/* A slot of the URL table; url is NULL when the slot is free. */
struct url_seen {
	uint64_t hash;
	char *url;
	size_t len;
	size_t file; /* index in files */
	unsigned long line;
};

struct catcheck {
	uint64_t seed;
	unsigned long long probes;

	/* the current document's findings, in the order found */
	struct finding *findings;
	size_t nfindings, findings_cap;

	/* every URL seen, by open addressing with linear probing; cap is 0 or
	 * a power of two, and the table is at most half full */
	struct url_seen *seen;
	size_t seen_count, seen_cap;

	/* the documents' names, each kept once for all its URLs */
	char **files;
	size_t nfiles, files_cap;
};

struct catcheck *catcheck_new(uint64_t seed)
{
	struct catcheck *k = xcalloc(1, sizeof *k);
	k->seed = seed;
	return k;
}

void catcheck_free(struct catcheck *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nfindings; i++)
		free(k->findings[i].message);
	free(k->findings);
	for (size_t i = 0; i < k->seen_cap; i++)
		free(k->seen[i].url);
	free(k->seen);
	for (size_t i = 0; i < k->nfiles; i++)
		free(k->files[i]);
	free(k->files);
	free(k);
}

void catcheck_begin(struct catcheck *k, const char *file)
{
	XGROW(k->files, k->nfiles + 1, k->files_cap);
	k->files[k->nfiles++] = xstrdup(file);
}

/* Keep a finding; message (a buf's contents) passes to k. */
static void add(struct catcheck *k, unsigned long line, struct buf *message)
{
	XGROW(k->findings, k->nfindings + 1, k->findings_cap);
	k->findings[k->nfindings].line = line;
	k->findings[k->nfindings].message = message->cap ? message->p : xstrdup("");
	k->nfindings++;
	buf_init(message);
}

static void add_text(struct catcheck *k, unsigned long line, const char *before,
		     const char *text, const char *after)
{
	struct buf m = BUF_INIT;
	buf_adds(&m, before);
	buf_adds(&m, text);
	buf_adds(&m, after);
	add(k, line, &m);
}

static void grow_table(struct catcheck *k)
{
	size_t cap = k->seen_cap ? k->seen_cap * 2 : 1024;
	if (cap < k->seen_cap)
		xalloc_die();
	struct url_seen *t = xcalloc(cap, sizeof *t);
	for (size_t i = 0; i < k->seen_cap; i++) {
		if (!k->seen[i].url)
			continue;
		size_t j = k->seen[i].hash & (cap - 1);
		while (t[j].url)
			j = (j + 1) & (cap - 1);
		t[j] = k->seen[i];
	}
	free(k->seen);
	k->seen = t;
	k->seen_cap = cap;
}

static void check_duplicate(struct catcheck *k, unsigned long line, const char *url, size_t len)
{
	if (k->seen_count * 2 >= k->seen_cap)
		grow_table(k);
	uint64_t h = XXH3_64bits_withSeed(url, len, k->seed);
	size_t j = h & (k->seen_cap - 1);
	for (;; j = (j + 1) & (k->seen_cap - 1)) {
		k->probes++;
		const struct url_seen *s = &k->seen[j];
		if (!s->url)
			break;
		if (s->hash == h && s->len == len && memcmp(s->url, url, len) == 0) {
			char where[32];
			snprintf(where, sizeof where, ":%lu)", s->line);
			struct buf m = BUF_INIT;
			buf_adds(&m, "duplicate URL ");
			buf_add(&m, url, len);
			buf_adds(&m, " (first at ");
			buf_adds(&m, k->files[s->file]);
			buf_adds(&m, where);
			add(k, line, &m);
			return;
		}
	}
	struct url_seen *s = &k->seen[j];
	s->hash = h;
	s->url = xmemdup(url, len);
	s->len = len;
	s->file = k->nfiles - 1;
	s->line = line;
	k->seen_count++;
}

void catcheck_link(struct catcheck *k, unsigned long line, const char *url, size_t len,
		   int has_text, int has_image)
{
	if (!has_text && !has_image)
		add_text(k, line, "link with empty text", "", "");
	if (len == 0)
		add_text(k, line, "link with empty destination", "", "");
	check_duplicate(k, line, url, len);
}

void catcheck_empty_section(struct catcheck *k, unsigned long line, const char *title)
{
	add_text(k, line, "empty section '", title, "'");
}

void catcheck_unlinked_item(struct catcheck *k, unsigned long line, const char *topic)
{
	add_text(k, line, "item without a link '", topic, "'");
}

void catcheck_end(struct catcheck *k, catcheck_report_fn report, void *userdata)
{
	/* Insertion sort, because it is stable: findings of one line keep the
	 * order they were found in (qsort's would not).  They come nearly in
	 * order already: only a section's or item's come late. */
	for (size_t i = 1; i < k->nfindings; i++) {
		struct finding f = k->findings[i];
		size_t j = i;
		while (j > 0 && k->findings[j - 1].line > f.line) {
			k->findings[j] = k->findings[j - 1];
			j--;
		}
		k->findings[j] = f;
	}
	const char *file = k->nfiles ? k->files[k->nfiles - 1] : "";
	for (size_t i = 0; i < k->nfindings; i++) {
		report(file, k->findings[i].line, k->findings[i].message, userdata);
		free(k->findings[i].message);
	}
	k->nfindings = 0;
}

unsigned long long catcheck_probes(const struct catcheck *k)
{
	return k->probes;
}
