#define PCRE2_CODE_UNIT_WIDTH 8
#include "match.h"

#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "buf.h"
#include "input.h"
#include "jsonscan.h"
#include "jsonl.h"
#include "record.h"
#include "set.h"
#include "xalloc.h"

enum {
	MATCH_LIMIT = 10000000,
	JIT_STACK_FIRST = 1 << 20,
	JIT_STACK_MAX = 1 << 30,
	/* Each shortcut is given this many lines to prove its worth, and
	 * must settle an eighth of them to stay on. */
	TRIAL = 4096,
	MAX_KEYS = 64,
};

struct pattern {
	pcre2_code *code; /* for field values */
	pcre2_code *raw;  /* for the raw line: code, an unanchored copy (-x), or NULL */
	int code_jit, raw_jit; /* has JIT code, so pcre2_jit_match can run it */
	uint32_t match_options; /* what (*NOTEMPTY) and (*NOTEMPTY_ATSTART) ask for */
	char *needle; /* bytes every match holds (a literal pattern's), or NULL */
	size_t needle_len, rare; /* needle[rare] is its rarest byte, as needle_rare guesses */
};

struct kind {
	struct pattern *pats;
	size_t n, cap;
	int raw_ok; /* every pattern has a raw form */
	int needles; /* every pattern has a needle */
};

struct matcher {
	struct match_options opt;
	struct kind kinds[MATCH_NKINDS];
	char **fields;
	size_t nfields, capfields;
	unsigned char *field_seen; /* a record decided had fields[i] */
	size_t fields_unseen;
	int inexact; /* the last line held an integer beyond 64 bits */
	struct set include, exclude; /* --id and --ids; -X */
	int want_ids;
	struct buf folded; /* an id in lower case, to look up */
	pcre2_match_context *mctx;
	pcre2_match_data *mdata;
	pcre2_jit_stack *jit_stack;
	size_t jit_stack_size;

	/* The keys the criteria read, for jsonscan_line; set up by
	 * prepare() at the first line. */
	int prepared;
	const char *keys[MAX_KEYS];
	size_t keylens[MAX_KEYS];
	size_t nkeys;
	int kind_keys[MATCH_NKINDS][MAX_KEYS]; /* each kind's fields, in order */
	size_t kind_nkeys[MATCH_NKINDS];
	int id_key;
	struct jsonscan_scan scan;

	int scan_on, raw_on; /* the shortcuts, until a trial turns one off */
	int raw_judged;
	unsigned long scan_tried, scanned, raw_tried, raw_settled;

	/* matcher_pass's needles, as byte pairs (none: it passes nothing),
	 * and its own trial. */
	struct jsonscan_pair pairs[JSONSCAN_MAX_PAIRS];
	size_t npairs;
	int pass_on;
	unsigned long pass_calls, passed;
};

static const char *const default_fields[] = {"section", "headings", "topic", "title", "desc"};
static const char *const section_fields[] = {"headings", "section"};
static const char *const topic_fields[] = {"topic"};

struct matcher *matcher_new(const struct match_options *opt)
{
	struct matcher *m = xcalloc(1, sizeof *m);
	m->opt = *opt;
	m->mctx = pcre2_match_context_create(NULL);
	m->mdata = pcre2_match_data_create(1, NULL);
	if (!m->mctx || !m->mdata)
		xalloc_die();
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	set_init(&m->include);
	set_init(&m->exclude);
	m->scan_on = m->raw_on = m->pass_on = !opt->no_prefilter;
	return m;
}

void matcher_free(struct matcher *m)
{
	if (!m)
		return;
	for (int k = 0; k < MATCH_NKINDS; k++) {
		for (size_t i = 0; i < m->kinds[k].n; i++) {
			struct pattern *p = &m->kinds[k].pats[i];
			if (p->raw != p->code)
				pcre2_code_free(p->raw);
			pcre2_code_free(p->code);
			free(p->needle);
		}
		free(m->kinds[k].pats);
	}
	for (size_t i = 0; i < m->nfields; i++)
		free(m->fields[i]);
	free(m->fields);
	free(m->field_seen);
	set_free(&m->include);
	set_free(&m->exclude);
	buf_free(&m->folded);
	pcre2_match_data_free(m->mdata);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	free(m);
}

/* --- which patterns a raw line can rule out (see jsonscan.h) --- */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skip "{...}" at *i if there; 0 if it is there but never closed. */
static int skip_braces(const char *s, size_t len, size_t *i)
{
	if (*i >= len || s[*i] != '{')
		return 1;
	const char *close = memchr(s + *i, '}', len - *i);
	if (!close)
		return 0;
	*i = (size_t)(close - s) + 1;
	return 1;
}

/* An escape outside or inside a class, at s[*i] == '\\'. */
static int regular_escape(const char *s, size_t len, size_t *i, int in_class)
{
	if (*i + 1 >= len)
		return 0;
	unsigned char d = (unsigned char)s[*i + 1];
	*i += 2;
	if (d >= 0x80)
		return 0;
	if (!is_alnum(d))
		return 1; /* a quoted punctuation character */
	if (strchr("dDsSwWhHvVtnrfae", d))
		return 1;
	if (!in_class && strchr("NRbB", d))
		return 1;
	switch (d) {
	case 'x':
	case 'o':
		return skip_braces(s, len, i);
	case 'p':
	case 'P':
		if (*i < len && s[*i] == '{')
			return skip_braces(s, len, i);
		*i += 1;
		return *i <= len;
	case '0': /* always an octal escape, never a back-reference */
		return 1;
	case 'c':
		*i += 1;
		return *i <= len && (unsigned char)s[*i - 1] < 0x80;
	}
	return 0; /* \A \z \G \K \Q \E \X \C, back-references, the rest */
}

/* A character class from s[*i] == '['. */
static int regular_class(const char *s, size_t len, size_t *i)
{
	size_t j = *i + 1;
	if (j < len && s[j] == '^')
		j++;
	if (j < len && s[j] == ']')
		j++;
	while (j < len && s[j] != ']') {
		if (s[j] == '\\') {
			if (!regular_escape(s, len, &j, 1))
				return 0;
		} else if (s[j] == '[' && j + 1 < len && strchr(":.=", s[j + 1])) {
			const char *close = NULL;
			for (size_t k = j + 2; k + 1 < len; k++)
				if (s[k] == s[j + 1] && s[k + 1] == ']') {
					close = s + k;
					break;
				}
			if (!close)
				return 0;
			j = (size_t)(close - s) + 2;
		} else {
			j++;
		}
	}
	if (j >= len)
		return 0;
	*i = j + 1;
	return 1;
}

/* A group opening at s[*i] == '(': plain, non-capturing, branch reset,
 * named, or setting options other than x. */
static int regular_group(const char *s, size_t len, size_t *i)
{
	size_t j = *i + 1;
	if (j < len && s[j] == '*')
		return 0;
	if (j >= len || s[j] != '?') {
		*i = j;
		return 1;
	}
	j++;
	if (j >= len)
		return 0;
	if (s[j] == ':' || s[j] == '|') {
		*i = j + 1;
		return 1;
	}
	if (s[j] == 'P' && j + 1 < len && s[j + 1] == '<')
		j++;
	if (s[j] == '<' || s[j] == '\'') {
		char close = s[j] == '<' ? '>' : '\'';
		j++;
		unsigned char c = j < len ? (unsigned char)s[j] : 0;
		if (!(c == '_' || (is_alnum(c) && !is_digit(c))))
			return 0; /* (?<= and (?<! are look-behinds */
		while (j < len && (is_alnum((unsigned char)s[j]) || s[j] == '_'))
			j++;
		if (j >= len || s[j] != close)
			return 0;
		*i = j + 1;
		return 1;
	}
	while (j < len && strchr("imnsJU-", s[j]) && s[j] != '\0')
		j++;
	if (j < len && (s[j] == ')' || s[j] == ':')) {
		*i = j + 1;
		return 1;
	}
	return 0;
}

/* 1 if pattern s[0..len), read as PCRE2 reads it without PCRE2_EXTENDED,
 * is regular as match.h says; 0 when that is not proven. */
int matcher_pattern_regular(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\\':
			if (!regular_escape(s, len, &i, 0))
				return 0;
			break;
		case '[':
			if (!regular_class(s, len, &i))
				return 0;
			break;
		case '(':
			if (!regular_group(s, len, &i))
				return 0;
			break;
		case '^':
		case '$':
			return 0;
		case '*':
		case '+':
		case '?':
		case '}':
			if (i + 1 < len && s[i + 1] == '+')
				return 0; /* possessive */
			i++;
			break;
		case '\0':
			return 0;
		default:
			i++;
			break;
		}
	}
	return 1;
}

/* --- patterns --- */

static pcre2_code *compile(const char *src, size_t len, uint32_t options, int *errcode,
			   size_t *erroffset)
{
	PCRE2_SIZE off = 0;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, len, options, errcode, &off, NULL);
	*erroffset = off;
	return code;
}

/* *jit tells whether the code was JIT-compiled; if not, the interpreter
 * runs it. */
static pcre2_code *compile_jit(const char *src, size_t len, uint32_t options, int *errcode,
			       size_t *erroffset, int *jit)
{
	pcre2_code *code = compile(src, len, options, errcode, erroffset);
	/* Under valgrind, JIT code's aligned vector reads past a subject's end
	 * (harmless, PCRE2 says) would be reported as errors: interpret. */
	*jit = 0;
	if (code && !RUNNING_ON_VALGRIND && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
		/* (*NO_JIT) makes pcre2_jit_compile succeed without code. */
		size_t size = 0;
		*jit = pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
	}
	return code;
}

static void compile_error(char *err, size_t errsize, int errcode, size_t offset)
{
	PCRE2_UCHAR msg[256];
	if (pcre2_get_error_message(errcode, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "error %d", errcode);
	snprintf(err, errsize, "%s (offset %zu)", (char *)msg, offset);
}

/* -F: quote every ASCII punctuation character, so the literal can be
 * wrapped for -w and read by jsonscan like any other pattern. */
static void quote_literal(struct buf *dst, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				  (c >= 'A' && c <= 'Z')))
			buf_addc(dst, '\\');
		buf_addc(dst, (char)c);
	}
}

/* Start-of-pattern settings such as (*UCP) or (*LIMIT_MATCH=9) must stay
 * first, so -w's wrapping goes after them.  *match_options gets the
 * match-time options that two of them stand for: pcre2_match takes them
 * from the compiled pattern, pcre2_jit_match only as options. */
static size_t leading_settings(const char *s, size_t len, uint32_t *match_options)
{
	size_t i = 0;
	*match_options = 0;
	while (i + 2 < len && s[i] == '(' && s[i + 1] == '*') {
		size_t j = i + 2;
		while (j < len && ((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_' ||
				   (s[j] >= '0' && s[j] <= '9') || s[j] == '='))
			j++;
		if (j >= len || s[j] != ')' || j == i + 2)
			break;
		size_t n = j - i - 2;
		if (n == 8 && memcmp(s + i + 2, "NOTEMPTY", 8) == 0)
			*match_options |= PCRE2_NOTEMPTY;
		else if (n == 16 && memcmp(s + i + 2, "NOTEMPTY_ATSTART", 16) == 0)
			*match_options |= PCRE2_NOTEMPTY_ATSTART;
		i = j + 1;
	}
	return i;
}

/* -w: compile src (what the user typed, or its -F quoting) between
 * look-arounds for non-word characters.  On failure, err points into
 * typed, the user's text. */
static int compile_word(struct pattern *p, const struct buf *src, size_t lead,
			const char *typed, uint32_t options, char *err, size_t errsize)
{
	int errcode;
	size_t off;
	struct buf w = BUF_INIT;
	buf_add(&w, src->p, lead);
	buf_adds(&w, "(?<!\\w)(?:");
	size_t prefix = w.len - lead;
	buf_add(&w, src->p + lead, src->len - lead);
	/* \E ends a \Q that runs to the end; alone it is ignored. */
	size_t tail = w.len;
	buf_adds(&w, "\\E)(?!\\w)");
	p->code = compile_jit(w.p, w.len, options, &errcode, &off, &p->code_jit);
	if (!p->code) {
		/* The pattern compiled alone, so it ends in an extended-mode
		 * comment, which a newline ends. */
		w.len = tail;
		buf_adds(&w, "\n\\E)(?!\\w)");
		p->code = compile_jit(w.p, w.len, options, &errcode, &off, &p->code_jit);
	}
	buf_free(&w);
	if (p->code)
		return 0;
	size_t len = strlen(typed);
	off = off > prefix ? off - prefix : 0;
	compile_error(err, errsize, errcode, off < len ? off : len);
	return -1;
}

/* The form of a pattern for the raw line, when jsonscan proves that a
 * miss there is a miss in every value: NULL when not proven. */
static pcre2_code *compile_raw(const struct pattern *p, const struct buf *src, uint32_t options,
			       int anchored, int *jit)
{
	int errcode;
	size_t off;
	*jit = p->code_jit;
	if (p->match_options || !matcher_pattern_regular(src->p, src->len))
		return NULL;
	/* The raw form of a -w pattern keeps its wrapping: the characters
	 * around a value in the line are non-word ones. */
	return anchored ? compile_jit(src->p, src->len, options, &errcode, &off, jit) : p->code;
}

/* The bytes every match of pattern must hold, for a pattern that is a
 * plain literal and matched with case (-w and -x only narrow its
 * matches): a copy, or NULL.  In valid UTF-8, as a line is proven to be
 * before it is ruled out, a match of a literal is an occurrence of its
 * bytes. */
static char *needle_of(const char *pattern, int fixed, int caseless)
{
	if (caseless || !*pattern || (!fixed && strpbrk(pattern, "\\^$.|?*+()[]{}")))
		return NULL;
	return xstrdup(pattern);
}

/* The place of the byte of s[0..n) least likely in a record, by a rough
 * ranking (lower is rarer; rg's memchr crate ranks bytes too): UTF-8
 * sequences (the catalogue is mostly Chinese), JSON's punctuation and
 * lower case are common, digits less, capitals less again, by English
 * letter frequency, and other punctuation least.  A bad guess only costs
 * time. */
static int byte_rank(unsigned char c)
{
	static const char capitals[] = "ETAOINSHRDLCUMWFGYPBVKJXQZ";
	const char *cap = c >= 'A' && c <= 'Z' ? strchr(capitals, c) : NULL;
	return c >= 0x80 ? 300 : cap ? 125 - (int)(cap - capitals)
	       : (c >= 'a' && c <= 'z') || strchr(" \",:{}[]/.-_", c) ? 200
	       : c >= '0' && c <= '9' ? 150 : 50;
}

/* The rarest byte of s[0..n) other than skip (n for none), within
 * max_gap of near: its place, or n if there is none. */
static size_t rarest_near(const char *s, size_t n, size_t skip, size_t near, size_t max_gap)
{
	size_t best = n;
	int best_rank = 1000;
	for (size_t i = 0; i < n; i++) {
		int rank = byte_rank((unsigned char)s[i]);
		size_t gap = i > near ? i - near : near - i;
		if (i != skip && gap <= max_gap && rank < best_rank) {
			best = i;
			best_rank = rank;
		}
	}
	return best;
}

static size_t needle_rare(const char *s, size_t n) { return rarest_near(s, n, n, 0, n); }

/* A needle as matcher_pass looks for it: its rarest byte, and the next
 * rarest near enough to look for in the same 64 bytes. */
static struct jsonscan_pair needle_pair(const struct pattern *p)
{
	size_t r = p->rare;
	size_t other = rarest_near(p->needle, p->needle_len, r, r, JSONSCAN_MAX_GAP);
	const unsigned char *s = (const unsigned char *)p->needle;
	if (other == p->needle_len)
		return (struct jsonscan_pair){s[r], 0, 0};
	size_t a = r < other ? r : other, b = r < other ? other : r;
	return (struct jsonscan_pair){s[a], s[b], (unsigned char)(b - a)};
}

int matcher_add_pattern(struct matcher *m, enum match_kind kind, const char *pattern,
			char *err, size_t errsize)
{
	uint32_t base = PCRE2_UTF | (m->opt.caseless ? PCRE2_CASELESS : 0);
	uint32_t options = base | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
	int errcode;
	size_t off;

	/* Compiled first as written, so that errors point into what the user
	 * typed. */
	pcre2_code *check = compile(pattern, strlen(pattern),
				    m->opt.fixed ? base | PCRE2_LITERAL : options, &errcode, &off);
	if (!check) {
		compile_error(err, errsize, errcode, off);
		return -1;
	}
	pcre2_code_free(check);

	struct buf src = BUF_INIT;
	if (m->opt.fixed)
		quote_literal(&src, pattern);
	else
		buf_adds(&src, pattern);
	buf_cstr(&src);
	struct pattern p = {0};
	size_t lead = leading_settings(src.p, src.len, &p.match_options);
	uint32_t anchors = m->opt.whole ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
	if (m->opt.word && !m->opt.whole) {
		if (compile_word(&p, &src, lead, pattern, options, err, errsize) < 0) {
			buf_free(&src);
			return -1;
		}
	} else {
		/* Cannot fail: the same text compiled above (for -F, quoted). */
		p.code = compile_jit(src.p, src.len, options | anchors, &errcode, &off,
				     &p.code_jit);
		if (!p.code) {
			compile_error(err, errsize, errcode, off);
			buf_free(&src);
			return -1;
		}
	}
	p.raw = compile_raw(&p, &src, options, anchors != 0, &p.raw_jit);
	buf_free(&src);
	if (p.raw && (p.needle = needle_of(pattern, m->opt.fixed, m->opt.caseless))) {
		p.needle_len = strlen(p.needle);
		p.rare = needle_rare(p.needle, p.needle_len);
	}

	struct kind *k = &m->kinds[kind];
	if (k->n == 0)
		k->raw_ok = k->needles = 1;
	if (!p.raw)
		k->raw_ok = 0;
	if (!p.needle)
		k->needles = 0;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->pats = xrealloc(k->pats, k->cap * sizeof *k->pats);
	}
	k->pats[k->n++] = p;
	return 0;
}

void matcher_add_field(struct matcher *m, const char *name)
{
	for (size_t i = 0; i < m->nfields; i++)
		if (strcmp(m->fields[i], name) == 0)
			return;
	if (m->nfields == m->capfields) {
		m->capfields = m->capfields ? 2 * m->capfields : 4;
		m->fields = xrealloc(m->fields, m->capfields * sizeof *m->fields);
		m->field_seen = xrealloc(m->field_seen, m->capfields);
	}
	m->field_seen[m->nfields] = 0;
	m->fields[m->nfields++] = xstrdup(name);
	m->fields_unseen++;
}

/* --- matching --- */

static int grow_jit_stack(struct matcher *m)
{
	size_t size = m->jit_stack_size ? 2 * m->jit_stack_size : JIT_STACK_FIRST;
	if (size > JIT_STACK_MAX)
		return 0;
	pcre2_jit_stack *js = pcre2_jit_stack_create(32 * 1024, size, NULL);
	if (!js)
		return 0;
	pcre2_jit_stack_free(m->jit_stack);
	m->jit_stack = js;
	m->jit_stack_size = size;
	pcre2_jit_stack_assign(m->mctx, NULL, js);
	return 1;
}

/* 1 match, 0 no match, or a negative PCRE2 error.  Subjects are always
 * valid UTF-8 here: jansson's strings, number texts, and raw lines that
 * jsonscan_line has read through. */
static int run(struct matcher *m, const struct pattern *p, int raw, const char *s, size_t len)
{
	const pcre2_code *code = raw ? p->raw : p->code;
	int jit = raw ? p->raw_jit : p->code_jit;
	uint32_t options = PCRE2_NO_UTF_CHECK | p->match_options;
	for (;;) {
		/* pcre2_jit_match skips checks that hold here anyway. */
		int rc = jit ? pcre2_jit_match(code, (PCRE2_SPTR)s, len, 0, options, m->mdata,
					       m->mctx)
			     : pcre2_match(code, (PCRE2_SPTR)s, len, 0, options, m->mdata, m->mctx);
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc == PCRE2_ERROR_JIT_STACKLIMIT && grow_jit_stack(m))
			continue;
		return rc;
	}
}

static void match_error(char *err, size_t errsize, int rc)
{
	const char *msg = NULL;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		msg = "exceeded PCRE's backtracking limit";
		break;
	case PCRE2_ERROR_JIT_STACKLIMIT:
		msg = "exhausted PCRE JIT stack";
		break;
	case PCRE2_ERROR_DEPTHLIMIT:
		msg = "exceeded PCRE's nested backtracking limit";
		break;
	case PCRE2_ERROR_HEAPLIMIT:
		msg = "exceeded PCRE's heap limit";
		break;
	case PCRE2_ERROR_NOMEMORY:
		msg = "memory exhausted";
		break;
	}
	if (msg) {
		snprintf(err, errsize, "%s", msg);
		return;
	}
	PCRE2_UCHAR text[256];
	if (pcre2_get_error_message(rc, text, sizeof text) < 0)
		snprintf((char *)text, sizeof text, "error %d", rc);
	snprintf(err, errsize, "%s", (char *)text);
}

/* The text of a string or number; 0 for any other value. */
static int value_text(json_t *v, char num[32], const char **p, size_t *len)
{
	if (json_is_string(v)) {
		*p = json_string_value(v);
		*len = json_string_length(v);
		return 1;
	}
	if (json_is_integer(v)) {
		*len = (size_t)snprintf(num, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*p = num;
		return 1;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		for (int prec = 15; prec <= 17; prec++) {
			*len = (size_t)snprintf(num, 32, "%.*g", prec, d);
			if (strtod(num, NULL) == d)
				break;
		}
		*p = num;
		return 1;
	}
	return 0;
}

static int match_text(struct matcher *m, const struct kind *k, const char *s, size_t len)
{
	for (size_t i = 0; i < k->n; i++) {
		int r = run(m, &k->pats[i], 0, s, len);
		if (r)
			return r;
	}
	return 0;
}

/* Does any pattern of k match value v (a string, number, or array of
 * them)? */
static int match_value(struct matcher *m, const struct kind *k, json_t *v)
{
	char num[32];
	const char *s;
	size_t len;
	if (json_is_array(v)) {
		size_t n = json_array_size(v);
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			int r = json_is_array(e) ? 0 : match_value(m, k, e);
			if (r)
				return r;
		}
		return 0;
	}
	if (!value_text(v, num, &s, &len))
		return 0;
	return match_text(m, k, s, len);
}

/* The fields a kind reads, in the order they are tried. */
static const char *const *kind_fields(const struct matcher *m, enum match_kind kind, size_t *n)
{
	switch (kind) {
	case MATCH_SECTION:
		*n = sizeof section_fields / sizeof *section_fields;
		return section_fields;
	case MATCH_TOPIC:
		*n = sizeof topic_fields / sizeof *topic_fields;
		return topic_fields;
	default:
		if (m->nfields) {
			*n = m->nfields;
			return (const char *const *)m->fields;
		}
		*n = sizeof default_fields / sizeof *default_fields;
		return default_fields;
	}
}

static int match_kind(struct matcher *m, enum match_kind kind, json_t *rec)
{
	const struct kind *k = &m->kinds[kind];
	size_t n;
	const char *const *names = kind_fields(m, kind, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(rec, names[i]);
		int r = v ? match_value(m, k, v) : 0;
		if (r)
			return r;
	}
	return 0;
}

/* --- id sets --- */

/* Ids are compared without regard to (ASCII) case: the set holds them,
 * and looks them up, in lower case. */
static const char *fold_id(struct matcher *m, const char *id, size_t len)
{
	m->folded.len = 0;
	for (size_t i = 0; i < len; i++) {
		char c = id[i];
		buf_addc(&m->folded, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
	return buf_cstr(&m->folded);
}

void matcher_add_id(struct matcher *m, int exclude, const char *id, size_t len)
{
	if (!exclude)
		m->want_ids = 1;
	set_add(exclude ? &m->exclude : &m->include, fold_id(m, id, len), len);
}

void matcher_want_ids(struct matcher *m) { m->want_ids = 1; }

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int matcher_add_id_line(struct matcher *m, int exclude, const char *line, size_t len,
			char *err, size_t errsize)
{
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (!len)
		return 0;
	if (len == 16) {
		size_t i = 0;
		while (i < 16 && is_hex(line[i]))
			i++;
		if (i == 16) {
			matcher_add_id(m, exclude, line, len);
			return 0;
		}
	}
	/* A record or a review-log line: any object with a string "id". */
	json_t *rec = *line == '{' ? jsonl_parse(line, len, err, errsize) : NULL;
	json_t *id = rec ? json_object_get(rec, "id") : NULL;
	int ok = json_is_string(id);
	if (ok)
		matcher_add_id(m, exclude, json_string_value(id), json_string_length(id));
	else
		snprintf(err, errsize, "not an id or a record");
	json_decref(rec);
	return ok ? 0 : -1;
}

/* --- records and lines --- */

/* How one kind of criterion is tested against a record, however it was
 * read: 1, 0, or a negative PCRE2 error. */
typedef int (*kind_test)(struct matcher *m, enum match_kind kind, json_t *rec);

/* The criteria combined as SPEC §3 says (ANDed across kinds, --id first,
 * then -v, then -X), whether the record came from jansson or from
 * jsonscan; id is NULL when the record has none. */
static int combine(struct matcher *m, const char *id, size_t idlen, kind_test test, json_t *rec,
		   char *err, size_t errsize)
{
	if (id && (m->include.count || m->exclude.count))
		id = fold_id(m, id, idlen);
	int selected = !m->want_ids || (id && set_has(&m->include, id, idlen));
	for (int k = 0; selected && k < MATCH_NKINDS; k++) {
		if (!m->kinds[k].n)
			continue;
		int r = test(m, (enum match_kind)k, rec);
		if (r < 0) {
			match_error(err, errsize, r);
			return MATCH_ERROR;
		}
		selected = r;
	}
	if (m->opt.invert)
		selected = !selected;
	if (selected && id && set_has(&m->exclude, id, idlen))
		selected = 0;
	return selected ? MATCH_YES : MATCH_NO;
}

int matcher_record(struct matcher *m, json_t *rec, char *err, size_t errsize)
{
	char num[32];
	const char *id = NULL;
	size_t idlen = 0;
	int has_id = value_text(json_object_get(rec, "id"), num, &id, &idlen);
	return combine(m, has_id ? id : NULL, idlen, match_kind, rec, err, errsize);
}

static int key_index(struct matcher *m, const char *name)
{
	for (size_t k = 0; k < m->nkeys; k++)
		if (strcmp(m->keys[k], name) == 0)
			return (int)k;
	if (m->nkeys == MAX_KEYS)
		return -1;
	m->keys[m->nkeys] = name;
	m->keylens[m->nkeys] = strlen(name);
	return (int)m->nkeys++;
}

/* The keys for jsonscan_line, once all criteria are in.  With more keys
 * than fit, the scan stays off. */
static void prepare(struct matcher *m)
{
	m->prepared = 1;
	m->id_key = key_index(m, "id");
	for (enum match_kind kind = 0; kind < MATCH_NKINDS; kind++) {
		if (!m->kinds[kind].n)
			continue;
		size_t n;
		const char *const *names = kind_fields(m, kind, &n);
		if (n > MAX_KEYS)
			m->scan_on = 0;
		for (size_t i = 0; i < n && m->scan_on; i++) {
			int k = key_index(m, names[i]);
			if (k < 0)
				m->scan_on = 0;
			m->kind_keys[kind][m->kind_nkeys[kind]++] = k;
		}
	}
	int raw_kind = 0;
	for (int kind = 0; kind < MATCH_NKINDS; kind++)
		raw_kind |= m->kinds[kind].n && m->kinds[kind].raw_ok;
	/* Inverted, a line ruled out would be printed, so it must be proven. */
	if (!raw_kind || m->opt.invert)
		m->raw_on = 0;
	/* matcher_pass looks for the needles of one kind (the one with the
	 * fewest, if several can rule a line out): a line without any of
	 * them is ruled out, as needles_rule_out would. */
	const struct kind *pass = NULL;
	for (int kind = 0; kind < MATCH_NKINDS; kind++) {
		const struct kind *k = &m->kinds[kind];
		if (k->n && k->raw_ok && k->needles && k->n <= JSONSCAN_MAX_PAIRS &&
		    (!pass || k->n < pass->n))
			pass = k;
	}
	for (size_t i = 0; m->raw_on && pass && i < pass->n; i++)
		m->pairs[m->npairs++] = needle_pair(&pass->pats[i]);
	m->scan.keys = m->keys;
	m->scan.keylens = m->keylens;
	m->scan.nkeys = m->nkeys;
}

/* The first scalar value of key k in the scan, as matcher_record's
 * value_text sees it. */
static const struct jsonscan_value *scanned_scalar(const struct jsonscan_scan *s, int k)
{
	for (size_t i = 0; i < s->nvalues; i++)
		if (s->values[i].key == (unsigned)k && !s->values[i].in_array)
			return &s->values[i];
	return NULL;
}

/* As match_kind, on the values jsonscan_line collected. */
static int match_kind_scanned(struct matcher *m, enum match_kind kind)
{
	const struct kind *k = &m->kinds[kind];
	const struct jsonscan_scan *s = &m->scan;
	for (size_t i = 0; i < m->kind_nkeys[kind]; i++) {
		unsigned key = (unsigned)m->kind_keys[kind][i];
		for (size_t j = 0; j < s->nvalues; j++) {
			if (s->values[j].key != key)
				continue;
			int r = match_text(m, k, s->values[j].p, s->values[j].len);
			if (r)
				return r;
		}
	}
	return 0;
}

/* Does pattern p's needle occur in s[0..len)?  Once a line: glibc's
 * memchr for its rarest byte, then a compare where it is, costs less than
 * a PCRE2 call or a search for the first byte. */
static int has_needle(const struct pattern *p, const char *s, size_t len)
{
	size_t n = p->needle_len, r = p->rare;
	if (n > len)
		return 0;
	const char *at = s + r, *end = s + len - (n - 1 - r), *q;
	for (; at < end && (q = memchr(at, p->needle[r], (size_t)(end - at))); at = q + 1)
		if (memcmp(q - r, p->needle, n) == 0)
			return 1;
	return 0;
}

/* 1 if raw pattern p matches nowhere in the line; a line without its
 * needle needs no PCRE2 call. */
static int raw_misses(struct matcher *m, const struct pattern *p, const char *line, size_t len)
{
	if (p->needle && !has_needle(p, line, len))
		return 1;
	return run(m, p, 1, line, len) == 0;
}

/* Is there a kind, all of whose patterns are regular, that matches nowhere
 * in the raw line (which jsonscan_valid has proven)?  Then it matches no
 * value: 1.  0 if not, or not known. */
static int raw_rules_out(struct matcher *m, const char *line, size_t len)
{
	for (int kind = 0; kind < MATCH_NKINDS; kind++) {
		const struct kind *k = &m->kinds[kind];
		if (!k->n || !k->raw_ok)
			continue;
		size_t i = 0;
		while (i < k->n && raw_misses(m, &k->pats[i], line, len))
			i++;
		if (i == k->n)
			return 1; /* (an error stops the loop: look at the values) */
	}
	return 0;
}

/* raw_rules_out's answer where needles give it, before the line is
 * proven (a byte search needs no valid UTF-8): 1 when a kind of needles
 * finds none (the line is ruled out once proven), 0 when every kind that
 * could rule it out has needles and finds one (a PCRE2 run would match
 * too, without -w and -x: only jsonscan_line can rule it out, and it
 * proves the line itself), -1 when raw_rules_out must say. */
static int needles_rule_out(struct matcher *m, const char *line, size_t len)
{
	int unknown = m->opt.word || m->opt.whole;
	for (int kind = 0; kind < MATCH_NKINDS; kind++) {
		const struct kind *k = &m->kinds[kind];
		if (!k->n || !k->raw_ok)
			continue;
		if (!k->needles) {
			unknown = 1;
			continue;
		}
		size_t i = 0;
		while (i < k->n && !has_needle(&k->pats[i], line, len))
			i++;
		if (i == k->n)
			return 1;
	}
	return unknown ? -1 : 0;
}

static int match_kind_in_scan(struct matcher *m, enum match_kind kind, json_t *unused)
{
	(void)unused;
	return match_kind_scanned(m, kind);
}

/* matcher_record for a line jsonscan_line has proven. */
static int decide_scanned(struct matcher *m, char *err, size_t errsize)
{
	const struct jsonscan_value *id = scanned_scalar(&m->scan, m->id_key);
	return combine(m, id ? id->p : NULL, id ? id->len : 0, match_kind_in_scan, NULL, err,
		       errsize);
}

/* The fields named with -f that this record has, for the warning about
 * a field no record had. */
static void note_fields(struct matcher *m, json_t *rec)
{
	for (size_t i = 0; i < m->nfields; i++)
		if (!m->field_seen[i] && json_object_get(rec, m->fields[i])) {
			m->field_seen[i] = 1;
			m->fields_unseen--;
		}
}

static int parse_and_decide(struct matcher *m, const char *line, size_t len, char *err,
			    size_t errsize)
{
	json_t *rec = jsonl_parse_inexact(line, len, &m->inexact, err, errsize);
	if (!rec)
		return MATCH_ERROR;
	if (m->fields_unseen)
		note_fields(m, rec);
	int r = matcher_record(m, rec, err, errsize);
	json_decref(rec);
	return r;
}

/* The raw shortcut's trial, once TRIAL lines have been tried (matcher_pass
 * counts many at a time). */
static void judge_raw(struct matcher *m)
{
	if (m->raw_judged || m->raw_tried < TRIAL)
		return;
	m->raw_judged = 1;
	if (m->raw_settled < m->raw_tried / 8)
		m->raw_on = 0;
}

size_t matcher_pass(struct matcher *m, const char *text, size_t len, unsigned long *lines)
{
	*lines = 0;
	if (!m->prepared)
		prepare(m);
	if (!m->npairs || !m->raw_on || !m->pass_on || m->fields_unseen)
		return 0;
	size_t n = jsonscan_lines(text, len, m->pairs, m->npairs, lines);
	m->raw_tried += *lines;
	m->raw_settled += *lines;
	m->passed += *lines;
	/* Less than a line a call: the lines go one by one anyway. */
	if (++m->pass_calls == TRIAL && m->passed < TRIAL)
		m->pass_on = 0;
	return n;
}

int matcher_line(struct matcher *m, const char *line, size_t len, char *err, size_t errsize)
{
	if (!m->prepared)
		prepare(m);
	m->inexact = 0;
	/* Until each -f field has been met, every line is parsed, to see
	 * which it has (a typo costs time, not a wrong warning). */
	if (m->fields_unseen)
		return parse_and_decide(m, line, len, err, errsize);
	/* Every line is validated, by jsonscan_line or jansson, so the exit
	 * status never depends on a shortcut (SPEC §2).  A line the raw
	 * patterns rule out needs no values, which makes its proof cheaper;
	 * one whose needles are all there is left to jsonscan_line's. */
	if (m->raw_on) {
		m->raw_tried++;
		int needles = needles_rule_out(m, line, len);
		if (needles && jsonscan_valid(line, len) &&
		    (needles > 0 || raw_rules_out(m, line, len))) {
			m->raw_settled++;
			return MATCH_NO;
		}
		judge_raw(m);
	}
	if (m->scan_on) {
		m->scan_tried++;
		if (jsonscan_line(&m->scan, line, len)) {
			m->scanned++;
			return decide_scanned(m, err, errsize);
		}
		if (m->scan_tried == TRIAL && m->scanned < TRIAL / 8)
			m->scan_on = 0;
	}
	return parse_and_decide(m, line, len, err, errsize);
}

const char *matcher_field(const struct matcher *m, size_t i, int *seen)
{
	if (i >= m->nfields)
		return NULL;
	*seen = m->field_seen[i];
	return m->fields[i];
}

const char *matcher_unseen_field(const struct matcher *m, size_t *pos)
{
	while (*pos < m->nfields) {
		size_t i = (*pos)++;
		if (!m->field_seen[i])
			return m->fields[i];
	}
	return NULL;
}

int matcher_line_inexact(const struct matcher *m) { return m->inexact; }

unsigned long matcher_prefiltered(const struct matcher *m)
{
	return m->raw_settled + m->scanned;
}

/* An id file being read: the first fault stops it, through report. */
struct id_file {
	struct matcher *m;
	int exclude, reported;
	input_report_fn report;
	void *userdata;
};

static void id_file_report(void *ud, const char *file, unsigned long lineno,
			   const char *message)
{
	struct id_file *f = ud;
	f->report(f->userdata, file, lineno, message);
	f->reported = 1;
}

static int on_id_line(const char *file, unsigned long lineno, char *line, size_t len,
		      void *ud)
{
	struct id_file *f = ud;
	char err[256];
	if (matcher_add_id_line(f->m, f->exclude, line, len, err, sizeof err) == 0)
		return 0;
	id_file_report(f, file, lineno, err);
	return 1; /* fatal anyway: one message a file is enough */
}

int matcher_read_ids(struct matcher *m, int exclude, char *file, input_report_fn report,
		     void *userdata)
{
	struct stat st;
	if (!exclude)
		matcher_want_ids(m);
	else if (strcmp(file, "-") != 0 && stat(file, &st) != 0 && errno == ENOENT)
		return 0;
	struct id_file f = {m, exclude, 0, report, userdata};
	input_walk_lines(&file, 1, on_id_line, id_file_report, &f);
	return f.reported;
}
