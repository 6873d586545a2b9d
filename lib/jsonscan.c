#include "jsonscan.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "utf8_simd.h"

#define AVX2 __attribute__((target("avx2")))

static int have_avx2(void) { return utf8_simd_level() >= 2; }
static int have_ssse3(void) { return utf8_simd_level() >= 1; }

#if HAVE_X86
/* One pass over the bytes, 16 at a time: no backslash, no control
 * character, valid UTF-8.  quotes, when not NULL, gets the positions of
 * the quotes as bit masks, one word per 64 bytes; *odd whether there is an
 * odd number of them. */
__attribute__((target("ssse3"))) static int bytes_ssse3(const unsigned char *p, size_t len,
							uint64_t *quotes, uint64_t *digits,
							int *odd)
{
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), minus = _mm_set1_epi8('-');
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
		if (quotes) {
			if (i % 64 == 0)
				quotes[i / 64] = 0;
			quotes[i / 64] |= (uint64_t)m << (i % 64);
		}
		if (digits) {
			__m128i d = _mm_sub_epi8(in, zero);
			d = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d), _mm_cmpeq_epi8(in, minus));
			if (i % 64 == 0)
				digits[i / 64] = 0;
			digits[i / 64] |= (uint64_t)(unsigned)_mm_movemask_epi8(d) << (i % 64);
		}
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

/* The same for 32 bytes at a time. */
#define AVX2 __attribute__((target("avx2")))

struct avx2_state {
	__m256i prev, error, bad;
	uint64_t parity;
};

/* 64 bytes at b: their quote, digit, structural ({}[]:,) and space
 * masks, into the state the rest. */
AVX2 static inline __attribute__((always_inline)) void
avx2_chunk(struct avx2_state *st, const unsigned char *b, uint64_t *quote_mask,
	   uint64_t *digit_mask, uint64_t *struct_mask, uint64_t *space_mask)
{
	const __m256i quote = _mm256_set1_epi8('"'), bs = _mm256_set1_epi8('\\');
	const __m256i ctl = _mm256_set1_epi8(0x1f), zero = _mm256_set1_epi8('0');
	const __m256i nine = _mm256_set1_epi8(9), minus = _mm256_set1_epi8('-');
	__m256i x = _mm256_loadu_si256((const __m256i *)b);
	__m256i y = _mm256_loadu_si256((const __m256i *)(b + 32));
	st->bad = _mm256_or_si256(
		st->bad, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, bs),
							 _mm256_cmpeq_epi8(_mm256_max_epu8(x, ctl), ctl)),
					 _mm256_or_si256(_mm256_cmpeq_epi8(y, bs),
							 _mm256_cmpeq_epi8(_mm256_max_epu8(y, ctl), ctl))));
	uint64_t q = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, quote)) |
		     (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(y, quote)) << 32;
	st->parity ^= q;
	if (quote_mask)
		*quote_mask = q;
	if (digit_mask) {
		__m256i dx = _mm256_sub_epi8(x, zero), dy = _mm256_sub_epi8(y, zero);
		dx = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(dx, nine), dx),
				     _mm256_cmpeq_epi8(x, minus));
		dy = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(dy, nine), dy),
				     _mm256_cmpeq_epi8(y, minus));
		*digit_mask = (uint32_t)_mm256_movemask_epi8(dx) |
			      (uint64_t)(uint32_t)_mm256_movemask_epi8(dy) << 32;
	}
	if (struct_mask) {
		/* { } [ ] are 0x7b 0x7d 0x5b 0x5d: one compare each for
		 * braces and brackets once 0x20 is or-ed in. */
		const __m256i lower = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{');
		const __m256i close = _mm256_set1_epi8('}'), colon = _mm256_set1_epi8(':');
		const __m256i comma = _mm256_set1_epi8(','), space = _mm256_set1_epi8(' ');
		__m256i lx = _mm256_or_si256(x, lower), ly = _mm256_or_si256(y, lower);
		__m256i sx = _mm256_or_si256(
			_mm256_or_si256(_mm256_cmpeq_epi8(lx, open), _mm256_cmpeq_epi8(lx, close)),
			_mm256_or_si256(_mm256_cmpeq_epi8(x, colon), _mm256_cmpeq_epi8(x, comma)));
		__m256i sy = _mm256_or_si256(
			_mm256_or_si256(_mm256_cmpeq_epi8(ly, open), _mm256_cmpeq_epi8(ly, close)),
			_mm256_or_si256(_mm256_cmpeq_epi8(y, colon), _mm256_cmpeq_epi8(y, comma)));
		*struct_mask = (uint32_t)_mm256_movemask_epi8(sx) |
			       (uint64_t)(uint32_t)_mm256_movemask_epi8(sy) << 32;
		*space_mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, space)) |
			      (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(y, space))
				      << 32;
	}
	st->error = _mm256_or_si256(st->error, _mm256_or_si256(utf8_block32(x, st->prev),
							       utf8_block32(y, x)));
	st->prev = y;
}

AVX2 static inline __attribute__((always_inline)) int
avx2_bytes(const unsigned char *p, size_t len, uint64_t *quotes, uint64_t *digits,
	   uint64_t *structs, uint64_t *spaces, int *odd)
{
	struct avx2_state st = {_mm256_setzero_si256(), _mm256_setzero_si256(),
				_mm256_setzero_si256(), 0};
	size_t i = 0, w = 0;
	for (; len - i >= 64; i += 64, w++)
		avx2_chunk(&st, p + i, quotes ? quotes + w : NULL, digits ? digits + w : NULL,
			   structs ? structs + w : NULL, spaces ? spaces + w : NULL);
	if (i < len) {
		/* Spaces after the end: ASCII, no quote, nothing bad. */
		unsigned char tail[64];
		memset(tail, ' ', sizeof tail);
		memcpy(tail, p + i, len - i);
		avx2_chunk(&st, tail, quotes ? quotes + w : NULL, digits ? digits + w : NULL,
			   structs ? structs + w : NULL, spaces ? spaces + w : NULL);
	}
	__m256i error = _mm256_or_si256(_mm256_or_si256(st.error, utf8_incomplete32(st.prev)),
					st.bad);
	*odd = __builtin_parityll(st.parity);
	return _mm256_testz_si256(error, error);
}

/* Specialised, so the masks not wanted cost nothing. */
AVX2 static int bytes_avx2_line(const unsigned char *p, size_t len, uint64_t *quotes, int *odd)
{
	return avx2_bytes(p, len, quotes, NULL, NULL, NULL, odd);
}

AVX2 static int bytes_avx2_plain(const unsigned char *p, size_t len, uint64_t *quotes,
				 uint64_t *digits, int *odd)
{
	return avx2_bytes(p, len, quotes, digits, NULL, NULL, odd);
}

AVX2 static int bytes_avx2_structure(const unsigned char *p, size_t len, uint64_t *quotes,
				     uint64_t *structs, uint64_t *spaces, int *odd)
{
	return avx2_bytes(p, len, quotes, NULL, structs, spaces, odd);
}
#endif

/* --- the line --- */

enum { MAX_LINE = 16384, NWIN = MAX_LINE / 64 };

static int bytes_scalar(const unsigned char *p, size_t len, uint64_t *quotes, uint64_t *digits,
			int *odd)
{
	unsigned parity = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\' || p[i] < 0x20)
			return 0;
		if (p[i] == '"') {
			parity ^= 1;
			if (quotes)
				quotes[i / 64] |= 1ull << (i % 64);
		}
		if (digits && ((p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			digits[i / 64] |= 1ull << (i % 64);
	}
	*odd = (int)parity;
	return utf8_valid_scalar((const char *)p, len);
}

/* No backslash, no control character (a tab or CR outside strings would
 * have been white space: refusing it costs only time), valid UTF-8.
 * quotes and digits, when not NULL, get the positions of quotes and of
 * digits and '-' as bit masks, one word per 64 bytes; *odd whether the
 * quotes are odd in number. */
static int bytes_ok(const unsigned char *p, size_t len, uint64_t *quotes, uint64_t *digits,
		    int *odd)
{
#if HAVE_X86
	if (have_avx2())
		return digits ? bytes_avx2_plain(p, len, quotes, digits, odd)
			      : bytes_avx2_line(p, len, quotes, odd);
	if (have_ssse3())
		return bytes_ssse3(p, len, quotes, digits, odd);
#endif
	size_t words = (len + 63) / 64;
	if (quotes)
		memset(quotes, 0, words * sizeof *quotes);
	if (digits)
		memset(digits, 0, words * sizeof *digits);
	return bytes_scalar(p, len, quotes, digits, odd);
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

static uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1, x ^= x << 2, x ^= x << 4;
	x ^= x << 8, x ^= x << 16, x ^= x << 32;
	return x;
}

int jsonscan_plain(const char *line, size_t len)
{
	const unsigned char *base = (const unsigned char *)line, *p = base, *end = p + len;
	uint64_t quotes[NWIN], digits[NWIN];
	int odd;
	while (p < end && *p == ' ')
		p++;
	while (end > p && end[-1] == ' ')
		end--;
	if (end - p < 2 || *p != '{' || end[-1] != '}' || len > MAX_LINE ||
	    !bytes_ok(base, len, quotes, digits, &odd) || odd)
		return 0;
	/* Every number outside strings must be printed back as written. */
	uint64_t carry = 0;
	size_t done = 0; /* numbers are checked up to here */
	for (size_t w = 0; w * 64 < len; w++) {
		uint64_t inside = prefix_xor(quotes[w]) ^ carry;
		carry = 0 - (inside >> 63);
		uint64_t d = digits[w] & ~inside;
		if (done > w * 64)
			d = done >= (w + 1) * 64 ? 0 : d & ~0ull << (done - w * 64);
		while (d) {
			const unsigned char *e = short_integer(base + w * 64 + (size_t)__builtin_ctzll(d),
							       base + len);
			if (!e)
				return 0;
			done = (size_t)(e - base);
			d = done >= (w + 1) * 64 ? 0 : d & ~0ull << (done - w * 64);
		}
	}
	return 1;
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
	if (len == 0 || len > MAX_LINE || !bytes_ok(base, len, quotes, NULL, &odd) || odd)
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

/* --- validation from the masks --- */

/* The validator is a pushdown automaton over tokens.  Its states say what
 * may come next, and in which container; the state after a container
 * closes is kept on the stack. */
enum state {
	START, OBJ_FIRST, OBJ_KEY, COLON, OBJ_VALUE, AFTER_OBJ, ARR_FIRST, ARR_VALUE,
	AFTER_ARR, END, NSTATES
};
/* Token classes: { } [ ] : , " and the first byte of anything else. */
enum { C_OPEN_OBJ, C_CLOSE_OBJ, C_OPEN_ARR, C_CLOSE_ARR, C_COLON, C_COMMA, C_STRING, C_SCALAR };
/* A move: the next state in the low bits, and what else to do. */
enum { PUSH = 1 << 4, POP = 1 << 5, SCALAR = 1 << 6, FAIL = 1 << 7 };

#define VALUE_MOVES(after) \
	{[C_OPEN_OBJ] = OBJ_FIRST | PUSH, [C_OPEN_ARR] = ARR_FIRST | PUSH, \
	 [C_STRING] = after, [C_SCALAR] = after | SCALAR, [C_CLOSE_OBJ] = FAIL, \
	 [C_CLOSE_ARR] = FAIL, [C_COLON] = FAIL, [C_COMMA] = FAIL}
static const unsigned char moves[NSTATES][8] = {
	[START] = {FAIL, FAIL, FAIL, FAIL, FAIL, FAIL, FAIL, FAIL},
	[OBJ_FIRST] = {FAIL, POP, FAIL, FAIL, FAIL, FAIL, COLON, FAIL},
	[OBJ_KEY] = {FAIL, FAIL, FAIL, FAIL, FAIL, FAIL, COLON, FAIL},
	[COLON] = {FAIL, FAIL, FAIL, FAIL, OBJ_VALUE, FAIL, FAIL, FAIL},
	[OBJ_VALUE] = VALUE_MOVES(AFTER_OBJ),
	[AFTER_OBJ] = {FAIL, POP, FAIL, FAIL, FAIL, OBJ_KEY, FAIL, FAIL},
	[ARR_FIRST] = {[C_OPEN_OBJ] = OBJ_FIRST | PUSH, [C_OPEN_ARR] = ARR_FIRST | PUSH,
		       [C_STRING] = AFTER_ARR, [C_SCALAR] = AFTER_ARR | SCALAR,
		       [C_CLOSE_OBJ] = FAIL, [C_CLOSE_ARR] = POP, [C_COLON] = FAIL,
		       [C_COMMA] = FAIL},
	[ARR_VALUE] = VALUE_MOVES(AFTER_ARR),
	[AFTER_ARR] = {FAIL, FAIL, FAIL, POP, FAIL, ARR_VALUE, FAIL, FAIL},
	[END] = {FAIL, FAIL, FAIL, FAIL, FAIL, FAIL, FAIL, FAIL},
};
/* Where a container opened in each state returns to when it closes. */
static const unsigned char returns[NSTATES] = {
	[START] = END, [OBJ_VALUE] = AFTER_OBJ, [ARR_FIRST] = AFTER_ARR, [ARR_VALUE] = AFTER_ARR,
};

static unsigned char token_class(unsigned char c)
{
	switch (c) {
	case '{': return C_OPEN_OBJ;
	case '}': return C_CLOSE_OBJ;
	case '[': return C_OPEN_ARR;
	case ']': return C_CLOSE_ARR;
	case ':': return C_COLON;
	case ',': return C_COMMA;
	case '"': return C_STRING;
	}
	return C_SCALAR;
}

/* A scalar outside strings, from p to the next structural character,
 * space or quote: true, false, null, or a short integer, exactly. */
static int scalar_ok(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
	while (q < end && *q != ',' && *q != ']' && *q != '}' && *q != ':' && *q != ' ' &&
	       *q != '[' && *q != '{' && *q != '"')
		q++;
	size_t n = (size_t)(q - p);
	switch (*p) {
	case 't': return n == 4 && memcmp(p, "true", 4) == 0;
	case 'f': return n == 5 && memcmp(p, "false", 5) == 0;
	case 'n': return n == 4 && memcmp(p, "null", 4) == 0;
	}
	return short_integer(p, q) == q;
}

/* The tokens of each 64 bytes come from the masks: strings (from an
 * opening quote to the closing one) are skipped whole, and spaces between
 * tokens ignored, so the grammar costs a few operations a token. */
static int valid_from_masks(const unsigned char *base, size_t len, const uint64_t *quotes,
			    const uint64_t *structs, const uint64_t *spaces)
{
	unsigned char stack[JSONSCAN_MAX_DEPTH];
	int depth = 0;
	unsigned state = START;
	uint64_t carry = 0, other_carry = 0;
	const unsigned char *end = base + len;
	for (size_t w = 0; w * 64 < len; w++) {
		uint64_t inside = prefix_xor(quotes[w]) ^ carry; /* opening quote .. before closing */
		carry = 0 - (inside >> 63);
		uint64_t outside = ~(inside | quotes[w]);
		uint64_t s = structs[w] & outside;
		uint64_t valid = len - w * 64 >= 64 ? ~0ull : (1ull << (len - w * 64)) - 1;
		uint64_t other = outside & ~s & ~spaces[w] & valid;
		uint64_t starts = other & ~(other << 1 | other_carry);
		other_carry = other >> 63;
		uint64_t tokens = (quotes[w] & inside) | s | starts;
		while (tokens) {
			size_t at = w * 64 + (size_t)__builtin_ctzll(tokens);
			tokens &= tokens - 1;
			unsigned move = state == START ? (base[at] == '{' ? OBJ_FIRST | PUSH : FAIL)
						       : moves[state][token_class(base[at])];
			if (move & (PUSH | POP | SCALAR | FAIL)) {
				if (move & FAIL)
					return 0;
				if (move & PUSH) {
					if (depth == JSONSCAN_MAX_DEPTH)
						return 0;
					stack[depth++] = returns[state];
				} else if (move & POP) {
					move = stack[--depth];
				} else if (!scalar_ok(base + at, end)) {
					return 0;
				}
			}
			state = move & 15;
		}
	}
	return state == END;
}

static const struct jsonscan_scan no_keys;

int jsonscan_valid(const char *line, size_t len)
{
#if HAVE_X86
	if (have_avx2()) {
		uint64_t quotes[NWIN], structs[NWIN], spaces[NWIN];
		int odd;
		const unsigned char *p = (const unsigned char *)line;
		return len > 0 && len <= MAX_LINE &&
		       bytes_avx2_structure(p, len, quotes, structs, spaces, &odd) && !odd &&
		       valid_from_masks(p, len, quotes, structs, spaces);
	}
#endif
	struct jsonscan_scan s = no_keys;
	return jsonscan_line(&s, line, len);
}

