#include "grepcheck.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86 1
#endif

/* --- UTF-8 --- */

static int utf8_scalar(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		while (i < len && p[i] < 0x80)
			i++;
		/* A run of non-ASCII; three-byte sequences (CJK) first. */
		while (i < len && p[i] >= 0x80) {
			unsigned c = p[i];
			if (c >= 0xe1 && c <= 0xef && c != 0xed) {
				if (len - i < 3 || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80)
					return 0;
				i += 3;
			} else {
				uint32_t cp;
				size_t bad, n = utf8_decode(p + i, len - i, &cp, &bad);
				if (!n)
					return 0;
				i += n;
			}
		}
	}
	return 1;
}

#if HAVE_X86
/* The lookup method of Keiser and Lemire ("Validating UTF-8 in less than
 * one instruction per byte", 2021): three 16-entry tables classify each
 * pair of adjacent bytes, and a byte two or three after a lead must be a
 * continuation.  Same verdicts as utf8_scalar; the unit tests compare. */
enum {
	TOO_SHORT = 1 << 0,
	TOO_LONG = 1 << 1,
	OVERLONG_3 = 1 << 2,
	TOO_LARGE = 1 << 3,
	SURROGATE = 1 << 4,
	OVERLONG_2 = 1 << 5,
	TOO_LARGE_1000 = 1 << 6,
	OVERLONG_4 = 1 << 6,
	TWO_CONTS = 1 << 7,
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

__attribute__((target("ssse3"))) static inline __attribute__((always_inline)) __m128i
utf8_block(__m128i in, __m128i prev)
{
	const __m128i byte_1_high = _mm_setr_epi8(
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		(char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, TOO_SHORT | OVERLONG_2,
		TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		(char)(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
	const __m128i byte_1_low = _mm_setr_epi8(
		(char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2),
		(char)CARRY, (char)CARRY, (char)(CARRY | TOO_LARGE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m128i byte_2_high = _mm_setr_epi8(
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), TOO_SHORT,
		TOO_SHORT, TOO_SHORT, TOO_SHORT);
	const __m128i nibble = _mm_set1_epi8(0x0f);
	__m128i prev1 = _mm_alignr_epi8(in, prev, 15);
	__m128i hi1 = _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble);
	__m128i lo1 = _mm_and_si128(prev1, nibble);
	__m128i hi2 = _mm_and_si128(_mm_srli_epi16(in, 4), nibble);
	__m128i special = _mm_and_si128(
		_mm_and_si128(_mm_shuffle_epi8(byte_1_high, hi1), _mm_shuffle_epi8(byte_1_low, lo1)),
		_mm_shuffle_epi8(byte_2_high, hi2));
	__m128i prev2 = _mm_alignr_epi8(in, prev, 14), prev3 = _mm_alignr_epi8(in, prev, 13);
	__m128i must23 = _mm_or_si128(_mm_subs_epu8(prev2, _mm_set1_epi8(0xe0 - 0x80)),
				      _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xf0 - 0x80))));
	__m128i must23_80 = _mm_and_si128(must23, _mm_set1_epi8((char)0x80));
	return _mm_xor_si128(must23_80, special);
}

/* Non-zero where the block ends inside a sequence. */
__attribute__((target("ssse3"))) static inline __attribute__((always_inline)) __m128i
utf8_incomplete(__m128i in)
{
	const __m128i max = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
					  (char)(0xf0 - 1), (char)(0xe0 - 1), (char)(0xc0 - 1));
	return _mm_subs_epu8(in, max);
}

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

__attribute__((target("ssse3"))) static int utf8_ssse3(const unsigned char *p, size_t len)
{
	__m128i prev = _mm_setzero_si128(), error = prev;
	for (size_t i = 0; i < len; i += 16) {
		__m128i in;
		if (len - i >= 16) {
			in = _mm_loadu_si128((const __m128i *)(p + i));
		} else {
			unsigned char tail[16] = {0};
			memcpy(tail, p + i, len - i);
			in = _mm_loadu_si128((const __m128i *)tail);
		}
		error = _mm_or_si128(error, utf8_block(in, prev));
		prev = in;
	}
	error = _mm_or_si128(error, utf8_incomplete(prev));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xffff;
}

/* The same for 32 bytes at a time. */
#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __attribute__((always_inline)) __m256i utf8_block32(__m256i in, __m256i prev)
{
	const __m256i byte_1_high = _mm256_broadcastsi128_si256(_mm_setr_epi8(
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		(char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, TOO_SHORT | OVERLONG_2,
		TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		(char)(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4)));
	const __m256i byte_1_low = _mm256_broadcastsi128_si256(_mm_setr_epi8(
		(char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2),
		(char)CARRY, (char)CARRY, (char)(CARRY | TOO_LARGE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000)));
	const __m256i byte_2_high = _mm256_broadcastsi128_si256(_mm_setr_epi8(
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), TOO_SHORT,
		TOO_SHORT, TOO_SHORT, TOO_SHORT));
	const __m256i nibble = _mm256_set1_epi8(0x0f);
	/* prev's high lane then in's low lane, for shifting across lanes. */
	__m256i joined = _mm256_permute2x128_si256(prev, in, 0x21);
	__m256i prev1 = _mm256_alignr_epi8(in, joined, 15);
	__m256i hi1 = _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble);
	__m256i lo1 = _mm256_and_si256(prev1, nibble);
	__m256i hi2 = _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble);
	__m256i special = _mm256_and_si256(
		_mm256_and_si256(_mm256_shuffle_epi8(byte_1_high, hi1),
				 _mm256_shuffle_epi8(byte_1_low, lo1)),
		_mm256_shuffle_epi8(byte_2_high, hi2));
	__m256i prev2 = _mm256_alignr_epi8(in, joined, 14), prev3 = _mm256_alignr_epi8(in, joined, 13);
	__m256i must23 = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8(0xe0 - 0x80)),
					 _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xf0 - 0x80))));
	__m256i must23_80 = _mm256_and_si256(must23, _mm256_set1_epi8((char)0x80));
	return _mm256_xor_si256(must23_80, special);
}

AVX2 static inline __attribute__((always_inline)) __m256i utf8_incomplete32(__m256i in)
{
	const __m256i max = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
					     -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
					     -1, -1, -1, (char)(0xf0 - 1), (char)(0xe0 - 1),
					     (char)(0xc0 - 1));
	return _mm256_subs_epu8(in, max);
}

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

static int simd_cap = 2;

void grepcheck_simd(int level) { simd_cap = level; }

/* The vector level the CPU offers (2 AVX2, 1 SSSE3, 0 none), asked once,
 * capped by grepcheck_simd. */
static int simd_level(void)
{
	static int known = -1;
	if (known < 0) {
#if HAVE_X86
		known = __builtin_cpu_supports("avx2") ? 2 : __builtin_cpu_supports("ssse3") ? 1 : 0;
#else
		known = 0;
#endif
	}
	return known < simd_cap ? known : simd_cap;
}

static int have_avx2(void) { return simd_level() >= 2; }
static int have_ssse3(void) { return simd_level() >= 1; }

int grepcheck_utf8(const char *s, size_t len)
{
#if HAVE_X86
	if (have_ssse3())
		return utf8_ssse3((const unsigned char *)s, len);
#endif
	return utf8_scalar((const unsigned char *)s, len);
}

int grepcheck_utf8_scalar(const char *s, size_t len)
{
	return utf8_scalar((const unsigned char *)s, len);
}

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
	return utf8_scalar(p, len);
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

int grepcheck_plain(const char *line, size_t len)
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
		carry = (uint64_t)((int64_t)inside >> 63);
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

static int want_key(const struct grepcheck_scan *s, uint64_t lengths, const unsigned char *p,
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
static void forget_key(struct grepcheck_scan *s, unsigned key)
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

int grepcheck_line(struct grepcheck_scan *s, const char *line, size_t len)
{
	const unsigned char *base = (const unsigned char *)line, *p = base, *end = base + len;
	uint64_t quotes[NWIN];
	struct quote_cursor qc;
	char stack[GREPCHECK_MAX_DEPTH];
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
		if (depth == GREPCHECK_MAX_DEPTH)
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
		if (s->nvalues == GREPCHECK_MAX_VALUES)
			return 0;
		struct grepcheck_value *gv = &s->values[s->nvalues++];
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
	unsigned char stack[GREPCHECK_MAX_DEPTH];
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
					if (depth == GREPCHECK_MAX_DEPTH)
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

static const struct grepcheck_scan no_keys;

int grepcheck_valid(const char *line, size_t len)
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
	struct grepcheck_scan s = no_keys;
	return grepcheck_line(&s, line, len);
}

/* --- patterns --- */

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

int grepcheck_pattern_regular(const char *s, size_t len)
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
