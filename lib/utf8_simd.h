/* utf8_simd: the vector UTF-8 kernels (Keiser and Lemire), shared by
 * utf8.c's utf8_valid and jsonscan.c's fused pass over a line.  Internal
 * to those two modules: everything here is static inline. */
#ifndef IQ_UTF8_SIMD_H
#define IQ_UTF8_SIMD_H

#include <stdint.h>
#include <string.h>

#include "utf8.h" /* utf8_simd_level */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86 1

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

/* The three tables, one for the 16- and the 32-byte kernels. */
static const unsigned char utf8_tables[3][16] = {
	{TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	 TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
	 TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4},
	{CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
	 CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	 CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	 CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	 CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	 CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
	 CARRY | TOO_LARGE | TOO_LARGE_1000},
	{TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	 TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
	 TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	 TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	 TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	 TOO_SHORT},
};

__attribute__((target("ssse3"))) static inline __attribute__((always_inline)) __m128i
utf8_block(__m128i in, __m128i prev)
{
	const __m128i byte_1_high = _mm_loadu_si128((const __m128i *)utf8_tables[0]);
	const __m128i byte_1_low = _mm_loadu_si128((const __m128i *)utf8_tables[1]);
	const __m128i byte_2_high = _mm_loadu_si128((const __m128i *)utf8_tables[2]);
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

/* The same for 32 bytes at a time. */
#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __attribute__((always_inline)) __m256i utf8_block32(__m256i in, __m256i prev)
{
	const __m256i byte_1_high = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)utf8_tables[0]));
	const __m256i byte_1_low = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)utf8_tables[1]));
	const __m256i byte_2_high = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)utf8_tables[2]));
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

#endif

#endif
