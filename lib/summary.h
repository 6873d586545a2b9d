/* summary: iqfmt -t summary, where a reader stands, one row per group.
 * Used by cmd/iqfmt.c.
 *
 * Records are fed in input order; each is counted in the group named by
 * the value of one field (default "section"; its text as jsonw_text gives
 * it, so any key of foreign JSON Lines works).  Memory grows with the
 * number of groups, not of records.  At the end one table is written,
 * aligned by display width (lib/width.h):
 *
 *   section       questions  new  due  later  recall          recall_by
 *   RAG                   3    1    1      1   45% ███▋         80% ██████▍
 *   total                 3    1    1      1   45% ███▋         80% ██████▍
 *
 * - a row per distinct value in order of first appearance, then "total";
 *   an empty or missing value is the group "(none)";
 * - "questions" counts the records; when any record carries iqdue's
 *   "state" key (SPEC §3a), "new", "due" and "later" count the records
 *   in each state and "recall" is the mean "recall" of the reviewed ones
 *   (state due or later, recall a number), "-" when there are none; when
 *   any record has a "recall_by" key, "recall_by" is its mean likewise;
 * - a mean is a whole percentage and a bar of ten columns drawn with the
 *   block elements U+258F..U+2588 in eighths of a column;
 * - group names and the field name are made safe with lib/termsafe.h;
 * - with color: the header and total row bold, a mean green from 90 %,
 *   yellow from 70 %, red below (a warning), "(none)" dim.
 * Lines carry no trailing spaces.  Nothing here prints or exits. */
#ifndef IQ_SUMMARY_H
#define IQ_SUMMARY_H

#include <jansson.h>

#include "buf.h"
#include "render.h"

struct summary_opts {
	const char *field;  /* the grouping key; NULL: "section" (borrowed) */
	int color;          /* SGR colour sequences */
};

struct summary;

/* A summary for opts, freed with summary_free. */
struct summary *summary_new(const struct summary_opts *opts);

/* Count obj (a JSON object, BORROWED: not kept, not released). */
void summary_record(struct summary *s, json_t *obj);

/* Append the table to dst (caller-owned).  Call once, at the end. */
void summary_finish(struct summary *s, struct buf *dst);

/* 1 when some record had the grouping field (for SPEC §2's warning). */
int summary_field_seen(const struct summary *s);

void summary_free(struct summary *s);

/* The summary format for iqfmt's -t table (render.h): -F is the grouping
 * field, and a -F field no record had is reported as unseen. */
extern const struct render_ops summary_ops;

#endif
