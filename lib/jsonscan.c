#include "jsonscan.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "utf8_simd.h"

#if HAVE_X86
static int have_avx2(void) { return utf8_simd_level() >= 2; }
static int have_ssse3(void) { return utf8_simd_level() >= 1; }

/* The size bytes of line p from i: in place, or when fewer are left,
 * copied to tail with spaces after the end (ASCII, no quote, nothing
 * bad). */
static inline const unsigned char *word_at(const unsigned char *p, size_t i, size_t len,
					   unsigned char *tail, size_t size)
{
	if (len - i >= size)
		return p + i;
	memset(tail, ' ', size);
	memcpy(tail, p + i, len - i);
	return tail;
}

/* One pass over the bytes, 16 at a time: no backslash, no control
 * character, valid UTF-8.  quotes gets the positions of the quotes as bit
 * masks, one word per 64 bytes; *odd whether there is an odd number of
 * them. */
__attribute__((target("ssse3"))) static int bytes_ssse3(const unsigned char *p, size_t len,
							uint64_t *quotes, int *odd)
{
	const __m128i quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);
	__m128i prev = _mm_setzero_si128(), error = prev, bad = prev;
	unsigned parity = 0;
	for (size_t i = 0; i < len; i += 16) {
		__m128i in;
		if (len - i >= 16) {
			in = _mm_loadu_si128((const __m128i *)(p + i));
		} else {
			/* Spaces after the end: ASCII, no quote, nothing bad. */
			unsigned char tail[16];
			memset(tail, ' ', sizeof tail);
			memcpy(tail, p + i, len - i);
			in = _mm_loadu_si128((const __m128i *)tail);
		}
		bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(in, bs),
						     _mm_cmpeq_epi8(_mm_max_epu8(in, ctl), ctl)));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(in, quote));
		parity ^= m;
		if (i % 64 == 0)
			quotes[i / 64] = 0;
		quotes[i / 64] |= (uint64_t)m << (i % 64);
		/* No shortcut for ASCII blocks: in mixed text the branch costs
		 * more than the block. */
		error = _mm_or_si128(error, utf8_block(in, prev));
		prev = in;
	}
	error = _mm_or_si128(_mm_or_si128(error, utf8_incomplete(prev)), bad);
	parity ^= parity >> 8, parity ^= parity >> 4, parity ^= parity >> 2, parity ^= parity >> 1;
	*odd = parity & 1;
	return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xffff;
}

/* The same for 64 bytes at a time. */
AVX2 static int bytes_avx2(const unsigned char *p, size_t len, uint64_t *quotes, int *odd)
{
	const __m256i quote = _mm256_set1_epi8('"'), bs = _mm256_set1_epi8('\\');
	const __m256i ctl = _mm256_set1_epi8(0x1f);
	__m256i prev = _mm256_setzero_si256(), error = prev, bad = prev;
	uint64_t parity = 0;
	for (size_t i = 0, w = 0; i < len; i += 64, w++) {
		unsigned char tail[64];
		const unsigned char *b = word_at(p, i, len, tail, sizeof tail);
		__m256i x = _mm256_loadu_si256((const __m256i *)b);
		__m256i y = _mm256_loadu_si256((const __m256i *)(b + 32));
		bad = _mm256_or_si256(
			bad, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, bs),
							     _mm256_cmpeq_epi8(_mm256_max_epu8(x, ctl), ctl)),
					     _mm256_or_si256(_mm256_cmpeq_epi8(y, bs),
							     _mm256_cmpeq_epi8(_mm256_max_epu8(y, ctl), ctl))));
		uint64_t q = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, quote)) |
			     (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(y, quote)) << 32;
		parity ^= q;
		quotes[w] = q;
		error = _mm256_or_si256(error, _mm256_or_si256(utf8_block32(x, prev),
							       utf8_block32(y, x)));
		prev = y;
	}
	error = _mm256_or_si256(_mm256_or_si256(error, utf8_incomplete32(prev)), bad);
	*odd = __builtin_parityll(parity);
	return _mm256_testz_si256(error, error);
}
#endif

/* --- the line --- */

enum { MAX_LINE = 16384, NWIN = MAX_LINE / 64 };

static int bytes_scalar(const unsigned char *p, size_t len, uint64_t *quotes, int *odd)
{
	unsigned parity = 0;
	memset(quotes, 0, (len + 63) / 64 * sizeof *quotes);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\' || p[i] < 0x20)
			return 0;
		if (p[i] == '"') {
			parity ^= 1;
			quotes[i / 64] |= 1ull << (i % 64);
		}
	}
	*odd = (int)parity;
	return utf8_valid_scalar((const char *)p, len);
}

/* No backslash, no control character (a tab or CR outside strings would
 * have been white space: refusing it costs only time), valid UTF-8.
 * quotes gets the positions of the quotes as bit masks, one word per 64
 * bytes; *odd whether the quotes are odd in number. */
static int bytes_ok(const unsigned char *p, size_t len, uint64_t *quotes, int *odd)
{
#if HAVE_X86
	if (have_avx2())
		return bytes_avx2(p, len, quotes, odd);
	if (have_ssse3())
		return bytes_ssse3(p, len, quotes, odd);
#endif
	return bytes_scalar(p, len, quotes, odd);
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* An integer of at most 18 digits, not "-0", at p: its end, or NULL for
 * anything else (reals and long integers are not printed back as written). */
static const unsigned char *short_integer(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *start = p;
	if (p < end && *p == '-')
		p++;
	const unsigned char *digits = p;
	while (p < end && is_digit(*p))
		p++;
	size_t n = (size_t)(p - digits);
	if (n == 0 || n > 18 || (*digits == '0' && (n > 1 || digits != start)))
		return NULL;
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
		return NULL;
	return p;
}

static const unsigned char *literal(const unsigned char *p, const unsigned char *end,
				    const char *word, size_t n)
{
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	return p + n;
}

static int want_key(const struct jsonscan_scan *s, uint64_t lengths, const unsigned char *p,
		    size_t len)
{
	if (!(lengths >> (len < 63 ? len : 63) & 1))
		return -1;
	for (size_t k = 0; k < s->nkeys; k++)
		if (s->keylens[k] == len && (len == 0 || (s->keys[k][0] == (char)p[0] &&
							  memcmp(s->keys[k], p, len) == 0)))
			return (int)k;
	return -1;
}

/* A wanted key met again: jansson keeps the last value only. */
static void forget_key(struct jsonscan_scan *s, unsigned key)
{
	size_t j = 0;
	for (size_t i = 0; i < s->nvalues; i++)
		if (s->values[i].key != key)
			s->values[j++] = s->values[i];
	s->nvalues = j;
}

/* Skip jansson's white space; tab, CR and LF never get here (bytes_ok). */
#define SKIP_WS(p, end)                                                                    \
	do {                                                                               \
		while ((p) < (end) && *(p) == ' ')                                        \
			(p)++;                                                             \
	} while (0)

/* The quotes of a line in order: with no backslash, each one opens or
 * closes a string, and the walk meets them one after another. */
struct quote_cursor {
	const uint64_t *words;
	size_t w, nwin;
	uint64_t bits; /* the quotes of word w not yet taken */
};

/* The next quote's position, or SIZE_MAX when none is left. */
static inline __attribute__((always_inline)) size_t take_quote(struct quote_cursor *c)
{
	while (!c->bits) {
		if (++c->w >= c->nwin)
			return SIZE_MAX;
		c->bits = c->words[c->w];
	}
	size_t at = c->w * 64 + (size_t)__builtin_ctzll(c->bits);
	c->bits &= c->bits - 1;
	return at;
}

/* The string whose opening quote is at, which must be the next quote:
 * the position of its closing quote, or SIZE_MAX. */
static inline __attribute__((always_inline)) size_t string_end(struct quote_cursor *c, size_t at)
{
	if (take_quote(c) != at)
		return SIZE_MAX;
	return take_quote(c);
}

int jsonscan_line(struct jsonscan_scan *s, const char *line, size_t len)
{
	const unsigned char *base = (const unsigned char *)line, *p = base, *end = base + len;
	uint64_t quotes[NWIN];
	struct quote_cursor qc;
	char stack[JSONSCAN_MAX_DEPTH];
	int depth = 0, odd;
	int key = -1;    /* wanted key of the depth-1 member being read */
	int collect = 0; /* inside the array value of a wanted key */
	const unsigned char *v;
	size_t vlen, close;

	/* Bit n set: a wanted key n bytes long (63: or longer). */
	uint64_t lengths = 0;
	for (size_t k = 0; k < s->nkeys; k++)
		lengths |= 1ull << (s->keylens[k] < 63 ? s->keylens[k] : 63);
	s->nvalues = 0;
#ifdef __clang_analyzer__
	/* bytes_ok writes every word below qc.nwin, one per 64-byte stride;
	 * clang's analyser cannot follow the strides and calls them unset. */
	memset(quotes, 0, sizeof quotes);
#endif
	if (len == 0 || len > MAX_LINE || !bytes_ok(base, len, quotes, &odd) || odd)
		return 0;
	qc.words = quotes, qc.w = 0, qc.nwin = (len + 63) / 64, qc.bits = quotes[0];
	SKIP_WS(p, end);
	if (p >= end || *p != '{')
		return 0;
	stack[depth++] = '{';
	p++;
	SKIP_WS(p, end);
	if (p < end && *p == '}') {
		p++;
		depth--;
		goto after;
	}

key:	/* a member's name, its colon */
	if (p >= end || *p != '"' || (close = string_end(&qc, (size_t)(p - base))) == SIZE_MAX)
		return 0;
	if (depth == 1) {
		size_t n = close - (size_t)(p - base) - 1;
		key = want_key(s, lengths, p + 1, n);
		if (key >= 0)
			forget_key(s, (unsigned)key);
	}
	p = base + close + 1;
	SKIP_WS(p, end);
	if (p >= end || *p != ':')
		return 0;
	p++;
	SKIP_WS(p, end);

value:	/* a value; wanted when it is a depth-1 member's or in its array */
	if (p >= end)
		return 0;
	v = p;
	switch (*p) {
	case '"':
		if ((close = string_end(&qc, (size_t)(p - base))) == SIZE_MAX)
			return 0;
		v = p + 1;
		p = base + close;
		vlen = (size_t)(p - v);
		p++;
		break;
	case '{':
	case '[':
		if (depth == JSONSCAN_MAX_DEPTH)
			return 0;
		if (*p == '[' && depth == 1 && key >= 0)
			collect = 1;
		stack[depth++] = (char)*p;
		p++;
		SKIP_WS(p, end);
		if (p < end && *p == (stack[depth - 1] == '{' ? '}' : ']')) {
			p++;
			goto closed;
		}
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	case 't':
		if (!(p = literal(p, end, "true", 4)))
			return 0;
		goto after;
	case 'f':
		if (!(p = literal(p, end, "false", 5)))
			return 0;
		goto after;
	case 'n':
		if (!(p = literal(p, end, "null", 4)))
			return 0;
		goto after;
	default:
		if (!(p = short_integer(p, end)))
			return 0;
		vlen = (size_t)(p - v);
		break;
	}
	if (key >= 0 && (depth == 1 || (collect && depth == 2))) {
		if (s->nvalues == JSONSCAN_MAX_VALUES)
			return 0;
		struct jsonscan_value *gv = &s->values[s->nvalues++];
		gv->p = (const char *)v;
		gv->len = vlen;
		gv->key = (unsigned)key;
		gv->in_array = depth == 2;
	}

after:	/* a comma, or the end of the container */
	SKIP_WS(p, end);
	if (depth == 0)
		return p == end;
	if (p >= end)
		return 0;
	if (*p == ',') {
		p++;
		SKIP_WS(p, end);
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	}
	if (*p != (stack[depth - 1] == '{' ? '}' : ']'))
		return 0;
	p++;
closed:
	if (depth == 2)
		collect = 0;
	depth--;
	goto after;
}

/* --- validation, simdjson's way --- */

#if HAVE_X86
/* jsonscan_valid works in two stages, as simdjson does (Langdale and
 * Lemire, "Parsing gigabytes of JSON per second", 2019).  Stage 1 reads
 * the line 64 bytes at a time into bit masks: quotes, structural
 * characters, spaces (vector shuffles classify the bytes, and the UTF-8
 * check rides along); the strings are the runs between pairs of quotes
 * (a prefix xor, there being no backslash), and the tokens are the
 * opening quotes, the structural characters outside strings and the
 * first bytes of the other runs (true, false, null, numbers).  Stage 2
 * runs a pushdown automaton over the tokens' classes alone, two at a
 * time, from a table whose states hold the stack itself, up to SHALLOW
 * containers deep; a deeper line goes to jsonscan_line, which has the
 * same answer for any depth (the unit tests and fuzz_match hold the two
 * to each other and to jansson), as does a CPU without SSSE3. */

/* Token classes: what starts a token outside strings.  C_NONE pads. */
enum {
	C_SCALAR, C_OPEN_OBJ, C_CLOSE_OBJ, C_OPEN_ARR, C_CLOSE_ARR, C_COLON, C_COMMA, C_STRING,
	C_NEWLINE, C_NONE, NCLASSES
};
/* A newline is a token only to jsonscan_lines, between lines; inside a
 * line it is a control character, which refuses the line anyway. */
static const unsigned char class_of[256] = {
	['{'] = C_OPEN_OBJ, ['}'] = C_CLOSE_OBJ, ['['] = C_OPEN_ARR, [']'] = C_CLOSE_ARR,
	[':'] = C_COLON,    [','] = C_COMMA,     ['"'] = C_STRING,    ['\n'] = C_NEWLINE,
};

/* The n bytes at p, a scalar outside strings (the masks end it at a
 * structural character, a space, a quote or the line's end): true, false,
 * null, or a short integer, exactly (as short_integer). */
static inline int scalar_ok(const unsigned char *p, size_t n)
{
	if (n == 4 && (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0))
		return 1;
	if (n == 5 && memcmp(p, "false", 5) == 0)
		return 1;
	size_t i = *p == '-';
	if (n == i || n - i > 18 || (p[i] == '0' && n > 1))
		return 0;
	for (; i < n; i++)
		if (!is_digit(p[i]))
			return 0;
	return 1;
}

/* The same for a scalar that may run on past the 64 bytes its masks
 * cover: its end found byte by byte. */
static int scalar_ok_scan(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
	while (q < end && *q != ' ' && *q != '"' && class_of[*q] == C_SCALAR)
		q++;
	return scalar_ok(p, (size_t)(q - p));
}

/* The automaton's states say what may come next, and in which container;
 * the state after a container closes is kept on the stack. */
enum state {
	START, OBJ_FIRST, OBJ_KEY, COLON, OBJ_VALUE, AFTER_OBJ, ARR_FIRST, ARR_VALUE,
	AFTER_ARR, END, FAILED, NSTATES
};
/* A move: the next state in the low bits, and what else to do. */
enum { PUSH = 1 << 4, POP = 1 << 5 };

#define F FAILED
/* Columns: scalar { } [ ] : , a string, and a newline (which starts the
 * next line once this one is whole). */
static const unsigned char moves[NSTATES][NCLASSES - 1] = {
	[START] = {F, OBJ_FIRST | PUSH, F, F, F, F, F, F, F},
	[OBJ_FIRST] = {F, F, POP, F, F, F, F, COLON, F},
	[OBJ_KEY] = {F, F, F, F, F, F, F, COLON, F},
	[COLON] = {F, F, F, F, F, OBJ_VALUE, F, F, F},
	[OBJ_VALUE] = {AFTER_OBJ, OBJ_FIRST | PUSH, F, ARR_FIRST | PUSH, F, F, F, AFTER_OBJ, F},
	[AFTER_OBJ] = {F, F, POP, F, F, F, OBJ_KEY, F, F},
	[ARR_FIRST] = {AFTER_ARR, OBJ_FIRST | PUSH, F, ARR_FIRST | PUSH, POP, F, F, AFTER_ARR, F},
	[ARR_VALUE] = {AFTER_ARR, OBJ_FIRST | PUSH, F, ARR_FIRST | PUSH, F, F, F, AFTER_ARR, F},
	[AFTER_ARR] = {F, F, F, F, POP, F, ARR_VALUE, F, F},
	[END] = {F, F, F, F, F, F, F, F, START},
	[FAILED] = {F, F, F, F, F, F, F, F, F},
};
#undef F
/* Where a container opened in each state returns to when it closes. */
static const unsigned char returns[NSTATES] = {
	[START] = END, [OBJ_VALUE] = AFTER_OBJ, [ARR_FIRST] = AFTER_ARR, [ARR_VALUE] = AFTER_ARR,
};

/* The shallow automaton: a state is a state of the plain one (moves)
 * with its whole stack, at most SHALLOW deep, and a move reads two
 * tokens.  There are SHALLOW_STATES: start, end, failed, deeper, 5 in the
 * object, 8 a level down, 16 two down.  The table holds the next state
 * times PAIRS, the start of its row. */
enum { SHALLOW = 3, SHALLOW_STATES = 33, PAIRS = NCLASSES * NCLASSES };
struct shallow_state {
	unsigned char state, depth, stack[SHALLOW];
};
static uint16_t shallow_moves[SHALLOW_STATES * PAIRS];
static int shallow_built;
/* The first four states, in shallow_build's list. */
enum {
	SHALLOW_START = 0, SHALLOW_END = 1 * PAIRS, SHALLOW_FAILED = 2 * PAIRS,
	SHALLOW_DEEPER = 3 * PAIRS
};

/* The number of state s, added to the list if new; SHALLOW_STATES if
 * the list is full. */
static unsigned shallow_find(struct shallow_state *list, unsigned *n, struct shallow_state s)
{
	for (unsigned i = 0; i < *n; i++)
		if (list[i].state == s.state && list[i].depth == s.depth &&
		    memcmp(list[i].stack, s.stack, s.depth) == 0)
			return i;
	if (*n == SHALLOW_STATES)
		return SHALLOW_STATES;
	list[*n] = s;
	return (*n)++;
}

/* One token from s; 0 when the stack would grow deeper than SHALLOW. */
static int shallow_step(struct shallow_state *s, unsigned cls)
{
	if (cls == C_NONE || s->state == FAILED)
		return 1;
	unsigned move = moves[s->state][cls];
	if (move & PUSH) {
		if (s->depth == SHALLOW)
			return 0;
		s->stack[s->depth++] = returns[s->state];
	} else if (move & POP) {
		move = s->stack[--s->depth];
	}
	s->state = move & 15;
	if (s->state == FAILED)
		s->depth = 0;
	return 1;
}

/* Each byte's shuffle to put the bytes of 8 it marks first, in order
 * (jsonscan_lines packs a line's tokens with it). */
static unsigned char pack8[256][8];

static void pack8_build(void)
{
	for (unsigned m = 0; m < 256; m++)
		for (unsigned bit = 0, k = 0; bit < 8; bit++)
			if (m >> bit & 1)
				pack8[m][k++] = (unsigned char)bit;
}

/* Built on first use (the programs are single threaded), pack8 with it,
 * by walking the plain automaton from the start; failed and deeper
 * (NSTATES here) lead only to themselves. */
static void shallow_build(void)
{
	struct shallow_state list[SHALLOW_STATES] = {
		{START, 0, {0}}, {END, 0, {0}}, {FAILED, 0, {0}}, {NSTATES, 0, {0}},
	};
	unsigned n = 4;
	for (unsigned i = 0; i < n; i++)
		for (unsigned a = 0; a < NCLASSES; a++)
			for (unsigned b = 0; b < NCLASSES; b++) {
				struct shallow_state s = list[i];
				unsigned k = 3; /* deeper, for good */
				if (s.state != NSTATES && shallow_step(&s, a) && shallow_step(&s, b))
					k = shallow_find(list, &n, s);
				if (k == SHALLOW_STATES)
					k = 3; /* (never: the list holds them all) */
				shallow_moves[i * PAIRS + a * NCLASSES + b] = (uint16_t)(k * PAIRS);
			}
	pack8_build();
	shallow_built = 1;
}

static uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1, x ^= x << 2, x ^= x << 4;
	x ^= x << 8, x ^= x << 16, x ^= x << 32;
	return x;
}

/* What stage 1 carries from one 64 bytes to the next. */
struct tokens {
	unsigned state;     /* of the shallow automaton, times PAIRS */
	uint64_t in_string; /* all ones when the last 64 bytes ended inside a string */
	uint64_t in_scalar; /* 1 when they ended inside a scalar */
	int bad;            /* a scalar not true, false, null or a short integer */
};

/* The tokens of 64 bytes of line from at (its end at end), from their
 * masks: quotes, structural characters ({}[]:,), newlines (none but for
 * jsonscan_lines), spaces; valid has a bit for each byte before the end.
 * The scalars that start here are checked (into t->bad); *inside gets the
 * bytes inside strings, from an opening quote to the byte before its
 * closing one. */
static inline __attribute__((always_inline)) uint64_t
word_tokens(struct tokens *t, const unsigned char *at, const unsigned char *end,
	    uint64_t quotes, uint64_t structs, uint64_t newlines, uint64_t spaces, uint64_t valid,
	    uint64_t *inside)
{
	uint64_t in = prefix_xor(quotes) ^ t->in_string;
	t->in_string = 0 - (in >> 63);
	uint64_t outside = ~(in | quotes);
	uint64_t s = (structs | newlines) & outside;
	uint64_t other = outside & ~s & ~spaces & valid;
	uint64_t starts = other & ~(other << 1 | t->in_scalar);
	t->in_scalar = other >> 63;
	uint64_t tok = (quotes & in) | s | starts;
	while (starts) {
		int i = __builtin_ctzll(starts);
		uint64_t after = ~(other >> i); /* has the bits shifted in, unless i is 0 */
		int n = after ? __builtin_ctzll(after) : 64;
		t->bad |= i + n < 64 ? !scalar_ok(at + i, (size_t)n) : !scalar_ok_scan(at + i, end);
		starts &= starts - 1;
	}
	*inside = in;
	return tok;
}

/* The shallow automaton from state over the tokens tok of the 64 bytes at
 * b, two at a time. */
static inline __attribute__((always_inline)) unsigned run_pairs(unsigned state,
								 const unsigned char *b,
								 uint64_t tok)
{
	while (tok) {
		unsigned first = class_of[b[__builtin_ctzll(tok)]];
		tok &= tok - 1;
		/* bit 63 stands in when none is left, to read inside b */
		unsigned second = class_of[b[__builtin_ctzll(tok | 1ull << 63)]];
		second = tok ? second : C_NONE;
		tok &= tok - 1;
		state = shallow_moves[state + first * NCLASSES + second];
	}
	return state;
}

/* The 64 bytes at b (line[at..], padded with spaces after end): their
 * tokens through the automaton, their scalars checked. */
static inline __attribute__((always_inline)) void
tokens_word(struct tokens *t, const unsigned char *b, const unsigned char *at,
	    const unsigned char *end, uint64_t quotes, uint64_t structs, uint64_t spaces,
	    uint64_t valid)
{
	uint64_t inside;
	uint64_t tok = word_tokens(t, at, end, quotes, structs, 0, spaces, valid, &inside);
	t->state = run_pairs(t->state, b, tok);
}

static uint64_t valid_bits(size_t left) { return left >= 64 ? ~0ull : (1ull << left) - 1; }

/* The shuffle tables of stage 1: a byte's class is the and of the entries
 * for its high and low nibbles.  Bits: 1 ',', 2 ':', 4 {}[], 8 '\\',
 * 0x40 a control character; bytes 0x80 and up are 0. */
static const unsigned char class_hi[16] = {0x40, 0x40, 0x01, 0x02, 0, 0x0c, 0, 0x04};
static const unsigned char class_lo[16] = {
	0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
	0x40, 0x40, 0x42, 0x44, 0x49, 0x44, 0x40, 0x40,
};
enum { CLASS_STRUCT = 0x07, CLASS_BAD = 0x48 };

__attribute__((target("ssse3"))) static inline __attribute__((always_inline)) __m128i
classify16(__m128i x)
{
	const __m128i hi = _mm_loadu_si128((const __m128i *)class_hi);
	const __m128i lo = _mm_loadu_si128((const __m128i *)class_lo);
	const __m128i nibble = _mm_set1_epi8(0x0f);
	return _mm_and_si128(_mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(x, 4), nibble)),
			     _mm_shuffle_epi8(lo, _mm_and_si128(x, nibble)));
}

__attribute__((target("ssse3"))) static int tokens_ssse3(struct tokens *t, const unsigned char *p,
							 size_t len)
{
	const __m128i quote = _mm_set1_epi8('"'), space = _mm_set1_epi8(' ');
	const __m128i structural = _mm_set1_epi8(CLASS_STRUCT), zero = _mm_setzero_si128();
	__m128i prev = zero, error = zero, cls_or = zero;
	for (size_t i = 0; i < len; i += 64) {
		unsigned char tail[64];
		const unsigned char *b = word_at(p, i, len, tail, sizeof tail);
		uint64_t quotes = 0, structs = 0, spaces = 0;
		for (int k = 0; k < 4; k++) {
			__m128i x = _mm_loadu_si128((const __m128i *)(b + 16 * k));
			__m128i c = classify16(x);
			cls_or = _mm_or_si128(cls_or, c);
			quotes |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)) << 16 * k;
			spaces |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, space)) << 16 * k;
			structs |= (uint64_t)(unsigned)(_mm_movemask_epi8(_mm_cmpeq_epi8(
					   _mm_and_si128(c, structural), zero)) ^ 0xffff)
				   << 16 * k;
			error = _mm_or_si128(error, utf8_block(x, prev));
			prev = x;
		}
		tokens_word(t, b, p + i, p + len, quotes, structs, spaces, valid_bits(len - i));
	}
	error = _mm_or_si128(_mm_or_si128(error, utf8_incomplete(prev)),
			     _mm_and_si128(cls_or, _mm_set1_epi8(CLASS_BAD)));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(error, zero)) == 0xffff;
}

AVX2 static inline __attribute__((always_inline)) __m256i classify32(__m256i x)
{
	const __m256i hi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)class_hi));
	const __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)class_lo));
	const __m256i nibble = _mm256_set1_epi8(0x0f);
	return _mm256_and_si256(
		_mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble)),
		_mm256_shuffle_epi8(lo, _mm256_and_si256(x, nibble)));
}

AVX2 static inline __attribute__((always_inline)) uint64_t mask64(__m256i x, __m256i y)
{
	return (uint32_t)_mm256_movemask_epi8(x) | (uint64_t)(uint32_t)_mm256_movemask_epi8(y) << 32;
}

AVX2 static int tokens_avx2(struct tokens *t, const unsigned char *p, size_t len)
{
	const __m256i quote = _mm256_set1_epi8('"'), space = _mm256_set1_epi8(' ');
	const __m256i structural = _mm256_set1_epi8(CLASS_STRUCT), zero = _mm256_setzero_si256();
	__m256i prev = zero, error = zero, cls_or = zero;
	for (size_t i = 0; i < len; i += 64) {
		unsigned char tail[64];
		const unsigned char *b = word_at(p, i, len, tail, sizeof tail);
		__m256i x = _mm256_loadu_si256((const __m256i *)b);
		__m256i y = _mm256_loadu_si256((const __m256i *)(b + 32));
		__m256i cx = classify32(x), cy = classify32(y);
		cls_or = _mm256_or_si256(cls_or, _mm256_or_si256(cx, cy));
		uint64_t quotes = mask64(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(y, quote));
		uint64_t spaces = mask64(_mm256_cmpeq_epi8(x, space), _mm256_cmpeq_epi8(y, space));
		uint64_t structs = ~mask64(_mm256_cmpeq_epi8(_mm256_and_si256(cx, structural), zero),
					   _mm256_cmpeq_epi8(_mm256_and_si256(cy, structural), zero));
		error = _mm256_or_si256(error, _mm256_or_si256(utf8_block32(x, prev),
							       utf8_block32(y, x)));
		prev = y;
		tokens_word(t, b, p + i, p + len, quotes, structs, spaces, valid_bits(len - i));
	}
	error = _mm256_or_si256(_mm256_or_si256(error, utf8_incomplete32(prev)),
				_mm256_and_si256(cls_or, _mm256_set1_epi8(CLASS_BAD)));
	return _mm256_testz_si256(error, error);
}

/* The pairs found in the 64 bytes at b, which has JSONSCAN_MAX_GAP bytes
 * readable after them. */
AVX2 static inline __attribute__((always_inline)) uint64_t
pairs_word(const unsigned char *b, __m256i x, __m256i y, const struct jsonscan_pair *pairs,
	   size_t npairs)
{
	uint64_t found = 0;
	for (size_t k = 0; k < npairs; k++) {
		const __m256i first = _mm256_set1_epi8((char)pairs[k].first);
		uint64_t at = mask64(_mm256_cmpeq_epi8(x, first), _mm256_cmpeq_epi8(y, first));
		if (pairs[k].gap) {
			const __m256i second = _mm256_set1_epi8((char)pairs[k].second);
			const unsigned char *g = b + pairs[k].gap;
			at &= mask64(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)g), second),
				     _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(g + 32)),
						       second));
		}
		found |= at;
	}
	return found;
}

/* jsonscan_lines' shapes: a line's tokens in order, each as its first
 * byte, a scalar's as 0 (all that the automaton reads of them).  Records
 * repeat a few shapes, and a line of the shape of one the automaton
 * proved is proven as that one was, by a comparison of bytes that need
 * not wait for each other as the automaton's steps do.  shape_now holds
 * the tokens read since the current line began (and, while one 64 bytes
 * is read, those of the lines that end in it); shape_proven the last
 * shape proven, its newline included and NO_TOKEN after it (before the
 * first proof, zeros: no line's shape, since each ends in a newline).
 * Kept from call to call, as the table is (not thread safe). */
enum { NO_TOKEN = 0xff, SHAPE_MAX = MAX_LINE + 2 * 64 };
static unsigned char shape_now[SHAPE_MAX], shape_proven[SHAPE_MAX];
/* The line of n tokens at now, through the automaton: 1 if proven (its
 * shape then becomes shape_proven), 0 if not or if it is too deep. */
static int shape_prove(const unsigned char *now, size_t n)
{
	unsigned state = SHALLOW_START;
	for (size_t k = 0; k < n; k += 2)
		state = shallow_moves[state + class_of[now[k]] * NCLASSES +
				      (k + 1 < n ? class_of[now[k + 1]] : C_NONE)];
	if (state != SHALLOW_START) /* back at the start after the newline */
		return 0;
	memcpy(shape_proven, now, n);
	shape_proven[n] = NO_TOKEN;
	return 1;
}

/* The bytes of the 64 at b that tok marks, packed at out, 8 at a time;
 * returns how many.  out has 64 bytes of room. */
AVX2 static inline __attribute__((always_inline)) size_t pack_tokens(unsigned char *out,
								     __m256i x, __m256i y,
								     uint64_t tok)
{
	unsigned char bytes[64];
	_mm256_storeu_si256((__m256i *)bytes, x);
	_mm256_storeu_si256((__m256i *)(bytes + 32), y);
	size_t n = 0;
	for (int g = 0; g < 8; g++) {
		unsigned m = (unsigned)(tok >> 8 * g) & 0xff;
		__m128i v = _mm_loadl_epi64((const __m128i *)(bytes + 8 * g));
		__m128i order = _mm_loadl_epi64((const __m128i *)pack8[m]);
		_mm_storel_epi64((__m128i *)(out + n), _mm_shuffle_epi8(v, order));
		n += (size_t)__builtin_popcount(m);
	}
	return n;
}

/* Do the n tokens at now differ from shape_proven?  Both have 64 bytes
 * readable after n. */
AVX2 static inline __attribute__((always_inline)) int shape_differs(const unsigned char *now,
								    size_t n)
{
	if (n > 64)
		return memcmp(now, shape_proven, n) != 0;
	__m256i a = _mm256_loadu_si256((const __m256i *)now);
	__m256i b = _mm256_loadu_si256((const __m256i *)(now + 32));
	uint64_t same = mask64(_mm256_cmpeq_epi8(a, _mm256_loadu_si256((const __m256i *)shape_proven)),
			       _mm256_cmpeq_epi8(b, _mm256_loadu_si256(
							    (const __m256i *)(shape_proven + 32))));
	return (~same & valid_bits(n)) != 0;
}

/* tokens_avx2 over many lines at once, a newline outside strings being
 * the token that ends one.  Every byte test of a line is done by the time
 * the 64 bytes after its newline are read (the UTF-8 check of its last
 * bytes looks back from there), so when a word's bytes break a test, the
 * lines that ended before it are proven: the stop is the start of the
 * line holding its first byte.  A pair found stops at the start of its
 * own line, a shape the automaton refuses at its line's. */
AVX2 static size_t lines_avx2(const unsigned char *p, size_t len,
			      const struct jsonscan_pair *pairs, size_t npairs,
			      unsigned long *nlines)
{
	const __m256i quote = _mm256_set1_epi8('"'), space = _mm256_set1_epi8(' ');
	const __m256i newline = _mm256_set1_epi8('\n'), bad = _mm256_set1_epi8(CLASS_BAD);
	const __m256i structural = _mm256_set1_epi8(CLASS_STRUCT), zero = _mm256_setzero_si256();
	__m256i prev = zero;
	struct tokens t = {SHALLOW_START, 0, 0, 0};
	size_t line_start = 0; /* of the line being read */
	size_t n = 0;          /* tokens in shape_now, that line's from 0 */
	unsigned long lines = 0;
	for (size_t i = 0; i < len && n <= MAX_LINE; i += 64) {
		/* and the bytes after them that a pair's second byte may be */
		unsigned char tail[64 + JSONSCAN_MAX_GAP + 1];
		const unsigned char *b = word_at(p, i, len, tail, sizeof tail);
		__m256i x = _mm256_loadu_si256((const __m256i *)b);
		__m256i y = _mm256_loadu_si256((const __m256i *)(b + 32));
		__m256i cx = classify32(x), cy = classify32(y);
		__m256i nx = _mm256_cmpeq_epi8(x, newline), ny = _mm256_cmpeq_epi8(y, newline);
		__m256i qx = _mm256_cmpeq_epi8(x, quote), qy = _mm256_cmpeq_epi8(y, quote);
		/* 0xff where not structural */
		__m256i sx = _mm256_cmpeq_epi8(_mm256_and_si256(cx, structural), zero);
		__m256i sy = _mm256_cmpeq_epi8(_mm256_and_si256(cy, structural), zero);
		uint64_t quotes = mask64(qx, qy), newlines = mask64(nx, ny), structs = ~mask64(sx, sy);
		uint64_t spaces = mask64(_mm256_cmpeq_epi8(x, space), _mm256_cmpeq_epi8(y, space));
		/* a newline is the one control character allowed, between lines */
		__m256i error = _mm256_or_si256(
			_mm256_or_si256(utf8_block32(x, prev), utf8_block32(y, x)),
			_mm256_or_si256(_mm256_andnot_si256(nx, _mm256_and_si256(cx, bad)),
					_mm256_andnot_si256(ny, _mm256_and_si256(cy, bad))));
		prev = y;
		uint64_t valid = valid_bits(len - i), inside;
		uint64_t tok = word_tokens(&t, p + i, p + len, quotes, structs, newlines, spaces,
					   valid, &inside);
		/* only the line ending at the first newline can be long */
		int too_long = newlines && i + (size_t)__builtin_ctzll(newlines) - line_start > MAX_LINE;
		if (!_mm256_testz_si256(error, error) || t.bad || (newlines & inside) || too_long)
			break;
		uint64_t found = pairs_word(b, x, y, pairs, npairs) & valid;
		if (found)
			tok &= (found & (0 - found)) - 1; /* those before the first pair */
		/* the tokens' first bytes, a scalar's as 0 */
		__m256i keep_x = _mm256_or_si256(_mm256_andnot_si256(sx, _mm256_set1_epi8(-1)),
						 _mm256_or_si256(qx, nx));
		__m256i keep_y = _mm256_or_si256(_mm256_andnot_si256(sy, _mm256_set1_epi8(-1)),
						 _mm256_or_si256(qy, ny));
		size_t first = n;
		n += pack_tokens(shape_now + n, _mm256_and_si256(x, keep_x),
				 _mm256_and_si256(y, keep_y), tok);
		uint64_t ends = tok & newlines;
		size_t base = 0; /* where the line being read starts in shape_now */
		while (ends) {
			int bit = __builtin_ctzll(ends);
			size_t end = first + (size_t)__builtin_popcountll(tok & ((2ull << bit) - 1));
			size_t count = end - base;
			if (shape_differs(shape_now + base, count) &&
			    !shape_prove(shape_now + base, count))
				goto stop;
			line_start = i + (size_t)bit + 1;
			lines++;
			base = end;
			ends &= ends - 1;
		}
		if (base) {
			n -= base;
			memmove(shape_now, shape_now + base, n);
		}
		if (found)
			break;
	}
stop:
	*nlines = lines;
	return line_start;
}
#endif

static const struct jsonscan_scan no_keys;

int jsonscan_valid(const char *line, size_t len)
{
#if HAVE_X86
	if (have_ssse3()) {
		const unsigned char *p = (const unsigned char *)line;
		struct tokens t = {SHALLOW_START, 0, 0, 0};
		if (len == 0 || len > MAX_LINE)
			return 0;
		if (!shallow_built)
			shallow_build();
		int ok = have_avx2() ? tokens_avx2(&t, p, len) : tokens_ssse3(&t, p, len);
		if (!ok || t.bad || t.in_string)
			return 0;
		if (t.state != SHALLOW_DEEPER)
			return t.state == SHALLOW_END;
	}
#endif
	/* Deeper than the table, or byte by byte, where the walk is faster
	 * than masks made a byte at a time: the same answer. */
	struct jsonscan_scan s = no_keys;
	return jsonscan_line(&s, line, len);
}

size_t jsonscan_lines(const char *text, size_t len, const struct jsonscan_pair *pairs,
		      size_t npairs, unsigned long *lines)
{
	*lines = 0;
	if (npairs > JSONSCAN_MAX_PAIRS)
		return 0;
	for (size_t k = 0; k < npairs; k++)
		if (pairs[k].gap > JSONSCAN_MAX_GAP)
			return 0;
#if HAVE_X86
	if (have_avx2()) {
		if (!shallow_built)
			shallow_build();
		return lines_avx2((const unsigned char *)text, len, pairs, npairs, lines);
	}
#else
	(void)text, (void)len;
#endif
	return 0;
}
