#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "strmap.h"
#include "termsafe.h"
#include "width.h"
#include "xalloc.h"

enum { BAR_COLUMNS = 10, MEAN_COLUMNS = 4 + 1 + BAR_COLUMNS };

struct tally {
	unsigned long long records, fresh, due, later;
	double recall_sum, by_sum;
	unsigned long long recall_n, by_n;
};

struct summary {
	const char *field;
	int color, field_given;
	int field_seen, has_state, has_by;
	struct strmap *names;
	struct tally *groups;
	size_t cap;
	struct buf tmp;
};

struct summary *summary_new(const struct summary_opts *opts)
{
	struct summary *s = xcalloc(1, sizeof *s);
	s->field = opts->field ? opts->field : "section";
	s->field_given = opts->field != NULL;
	s->color = opts->color;
	s->names = strmap_new();
	buf_init(&s->tmp);
	return s;
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	strmap_free(s->names);
	free(s->groups);
	buf_free(&s->tmp);
	free(s);
}

int summary_field_seen(const struct summary *s) { return s->field_seen; }

static struct tally *group_of(struct summary *s, json_t *obj)
{
	json_t *v = json_object_get(obj, s->field);
	const char *name = "";
	size_t len = 0;
	if (v) {
		s->field_seen = 1;
		if (json_is_string(v)) {
			name = json_string_value(v);
			len = json_string_length(v);
		} else {
			buf_reset(&s->tmp);
			jsonw_text(&s->tmp, v);
			name = s->tmp.p;
			len = s->tmp.len;
		}
	}
	int added;
	size_t i = strmap_intern(s->names, name, len, &added);
	if (added) {
		XGROW(s->groups, i + 1, s->cap);
		memset(&s->groups[i], 0, sizeof s->groups[i]);
	}
	return &s->groups[i];
}

void summary_record(struct summary *s, json_t *obj)
{
	if (!json_is_object(obj))
		return;
	struct tally *g = group_of(s, obj);
	g->records++;
	json_t *by = json_object_get(obj, "recall_by");
	if (by)
		s->has_by = 1;
	const char *state = json_string_value(json_object_get(obj, "state"));
	if (!state)
		return;
	s->has_state = 1;
	if (strcmp(state, "new") == 0) {
		g->fresh++;
		return;
	}
	if (strcmp(state, "due") == 0)
		g->due++;
	else if (strcmp(state, "later") == 0)
		g->later++;
	else
		return;
	json_t *recall = json_object_get(obj, "recall");
	if (json_is_number(recall)) {
		g->recall_sum += json_number_value(recall);
		g->recall_n++;
	}
	if (json_is_number(by)) {
		g->by_sum += json_number_value(by);
		g->by_n++;
	}
}

/* ---- the table ---- */

enum { MAX_CELLS = 7 };

struct cell {
	struct buf text;
	char sgr[8];   /* SGR parameters, "" for none */
	int right;     /* right-aligned */
};

struct table {
	struct cell (*rows)[MAX_CELLS];
	size_t nrows, ncols;
	size_t width[MAX_CELLS];
};

static struct cell *cell_at(struct table *t, size_t row, size_t col) { return &t->rows[row][col]; }

static void set_cell(struct cell *c, const char *sgr, int right)
{
	snprintf(c->sgr, sizeof c->sgr, "%s", sgr);
	c->right = right;
}

static void put_count(struct cell *c, unsigned long long n, const char *sgr)
{
	char num[24];
	int k = snprintf(num, sizeof num, "%llu", n);
	buf_add(&c->text, num, (size_t)k);
	set_cell(c, sgr, 1);
}

/* A mean as "NN% " and a bar of BAR_COLUMNS columns in eighths. */
static void put_mean(struct cell *c, double sum, unsigned long long n, int bold)
{
	if (!n) {
		buf_adds(&c->text, "   -");
		set_cell(c, bold ? "1" : "", 0);
		return;
	}
	double mean = sum / (double)n;
	mean = mean < 0 ? 0 : mean > 1 ? 1 : mean;
	long e = (long)(mean * BAR_COLUMNS * 8 + 0.5);
	char pct[16];
	int k = snprintf(pct, sizeof pct, e ? "%3ld%% " : "%3ld%%", (long)(mean * 100 + 0.5));
	buf_add(&c->text, pct, (size_t)k);
	static const char *const eighths[8] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
	};
	for (long i = 0; i < e / 8; i++)
		buf_adds(&c->text, "\u2588");
	buf_adds(&c->text, eighths[e % 8]);
	const char *hue = mean >= 0.9 ? "32" : mean >= 0.7 ? "33" : "31";
	char sgr[8];
	snprintf(sgr, sizeof sgr, "%s%s", bold ? "1;" : "", hue);
	set_cell(c, sgr, 0);
}

static void put_row(struct summary *s, struct table *t, size_t row, const struct tally *g,
		    int bold)
{
	const char *b = bold ? "1" : "";
	size_t col = 1;
	put_count(cell_at(t, row, col++), g->records, b);
	if (s->has_state) {
		put_count(cell_at(t, row, col++), g->fresh, b);
		put_count(cell_at(t, row, col++), g->due, b);
		put_count(cell_at(t, row, col++), g->later, b);
		put_mean(cell_at(t, row, col++), g->recall_sum, g->recall_n, bold);
	}
	if (s->has_by)
		put_mean(cell_at(t, row, col++), g->by_sum, g->by_n, bold);
}

static void put_header(struct summary *s, struct table *t)
{
	static const char *const labels[] = {"questions", "new", "due", "later", "recall"};
	struct cell *c = cell_at(t, 0, 0);
	termsafe_append(&c->text, s->field, strlen(s->field), 0);
	set_cell(c, "1", 0);
	size_t col = 1;
	for (size_t i = 0; i < (s->has_state ? 5 : 1); i++) {
		c = cell_at(t, 0, col++);
		buf_adds(&c->text, labels[i]);
		set_cell(c, "1", i < 4);
	}
	if (s->has_by) {
		c = cell_at(t, 0, col++);
		buf_adds(&c->text, "recall_by");
		set_cell(c, "1", 0);
	}
}

static void sgr(const struct summary *s, struct buf *dst, const char *code)
{
	if (s->color && *code) {
		buf_add(dst, "\033[", 2);
		buf_adds(dst, code);
		buf_addc(dst, 'm');
	}
}

static void pad(struct buf *dst, size_t n)
{
	while (n--)
		buf_addc(dst, ' ');
}

static void write_table(const struct summary *s, struct table *t, struct buf *dst)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			struct cell *x = cell_at(t, r, c);
			size_t w = width_str(x->text.p, x->text.len);
			if (w > t->width[c])
				t->width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			struct cell *x = cell_at(t, r, c);
			size_t w = width_str(x->text.p, x->text.len);
			size_t gap = t->width[c] - w;
			if (c)
				pad(dst, 2);
			if (x->right)
				pad(dst, gap);
			sgr(s, dst, x->sgr);
			buf_add(dst, x->text.p, x->text.len);
			sgr(s, dst, *x->sgr ? "0" : "");
			if (!x->right && c + 1 < t->ncols)
				pad(dst, gap);
		}
		buf_addc(dst, '\n');
	}
}

void summary_finish(struct summary *s, struct buf *dst)
{
	size_t ngroups = strmap_count(s->names);
	struct table t = {.nrows = ngroups + 2,
			  .ncols = 2 + (s->has_state ? 4u : 0u) + (s->has_by ? 1u : 0u)};
	t.rows = xcalloc(t.nrows, sizeof *t.rows);
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t k = 0; k < MAX_CELLS; k++)
			buf_init(&t.rows[r][k].text);
	put_header(s, &t);
	if (s->has_state)
		t.width[5] = MEAN_COLUMNS;
	if (s->has_by)
		t.width[t.ncols - 1] = MEAN_COLUMNS;
	struct tally total = {0};
	for (size_t i = 0; i < ngroups; i++) {
		const struct tally *g = &s->groups[i];
		size_t len;
		const char *name = strmap_key(s->names, i, &len);
		struct cell *c = cell_at(&t, i + 1, 0);
		if (len)
			termsafe_append(&c->text, name, len, 0);
		else
			buf_adds(&c->text, "(none)");
		set_cell(c, len ? "" : "2", 0);
		put_row(s, &t, i + 1, g, 0);
		total.records += g->records;
		total.fresh += g->fresh;
		total.due += g->due;
		total.later += g->later;
		total.recall_sum += g->recall_sum;
		total.recall_n += g->recall_n;
		total.by_sum += g->by_sum;
		total.by_n += g->by_n;
	}
	struct cell *c = cell_at(&t, ngroups + 1, 0);
	buf_adds(&c->text, "total");
	set_cell(c, "1", 0);
	put_row(s, &t, ngroups + 1, &total, 1);
	write_table(s, &t, dst);
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t k = 0; k < MAX_CELLS; k++)
			buf_free(&t.rows[r][k].text);
	free(t.rows);
}

/* -t summary in iqfmt's format table: -F names the grouping field. */
static void *summary_open(const struct render_opts *o, char *err, size_t errsize)
{
	(void)err, (void)errsize;
	return summary_new(&(struct summary_opts){o->fields, o->color});
}

static void summary_add(void *state, json_t *obj, struct buf *dst)
{
	(void)dst;
	summary_record(state, obj);
}

static void summary_end(void *state, struct buf *dst) { summary_finish(state, dst); }

static const char *summary_unseen(const void *state, size_t *pos)
{
	const struct summary *s = state;
	if (*pos || !s->field_given || s->field_seen)
		return NULL;
	++*pos;
	return s->field;
}

static void summary_close(void *state) { summary_free(state); }

const struct render_ops summary_ops = {summary_open, summary_add, summary_end, summary_unseen,
				       summary_close};
