#include "utf8.h"

#include "utf8_simd.h"

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *invalid_len)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t need;
	uint32_t min_second = 0x80, max_second = 0xbf, v;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2, v = c & 0x0f;
		if (c == 0xe0)
			min_second = 0xa0;
		else if (c == 0xed)
			max_second = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3, v = c & 0x07;
		if (c == 0xf0)
			min_second = 0x90;
		else if (c == 0xf4)
			max_second = 0x8f;
	} else {
		*invalid_len = 1;
		return 0;
	}
	for (size_t i = 1; i <= need; i++) {
		unsigned char t = i < len ? s[i] : 0;
		uint32_t lo = i == 1 ? min_second : 0x80, hi = i == 1 ? max_second : 0xbf;
		if (i >= len || t < lo || t > hi) {
			*invalid_len = i;
			return 0;
		}
		v = (v << 6) | (t & 0x3f);
	}
	*cp = v;
	return need + 1;
}

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

#endif

static int simd_cap = 2;

void utf8_simd(int level) { simd_cap = level; }

/* The vector level the CPU offers (2 AVX2, 1 SSSE3, 0 none), asked once,
 * capped by utf8_simd. */
int utf8_simd_level(void)
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



int utf8_valid(const char *s, size_t len)
{
#if HAVE_X86
	if (utf8_simd_level() >= 1)
		return utf8_ssse3((const unsigned char *)s, len);
#endif
	return utf8_scalar((const unsigned char *)s, len);
}

int utf8_valid_scalar(const char *s, size_t len)
{
	return utf8_scalar((const unsigned char *)s, len);
}

/* Length of the longest valid prefix: where utf8_repair must look. */
static size_t valid_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* ASCII runs are the common case; check eight bytes at a time. */
		while (i + 8 <= len) {
			uint64_t w;
			__builtin_memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		/* The common three-byte case (CJK) without the general decoder:
		 * E1-EC and EE-EF take any continuation bytes. */
		if (i + 3 <= len && ((p[i] >= 0xe1 && p[i] <= 0xec) || p[i] >= 0xee) &&
		    p[i] <= 0xef && (p[i + 1] & 0xc0) == 0x80 && (p[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t bad, n = utf8_decode(p + i, len - i, &cp, &bad);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

size_t utf8_repair(struct buf *dst, const char *s, size_t len, int nul_too)
{
	size_t replaced = 0, i = 0;
	while (i < len) {
		/* Most text is valid: one vector pass says so. */
		size_t ok = i == 0 && utf8_valid(s, len) ? len : valid_prefix(s + i, len - i);
		if (nul_too) {
			const char *nul = memchr(s + i, '\0', ok);
			if (nul)
				ok = (size_t)(nul - (s + i));
		}
		buf_add(dst, s + i, ok);
		i += ok;
		if (i >= len)
			break;
		uint32_t cp;
		size_t bad = 1;
		if (s[i] != '\0')
			utf8_decode((const unsigned char *)s + i, len - i, &cp, &bad);
		buf_add(dst, UTF8_REPLACEMENT, 3);
		i += bad;
		replaced++;
	}
	return replaced;
}

void utf8_encode(struct buf *dst, uint32_t cp)
{
	char e[4];
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		buf_addc(dst, (char)cp);
	} else if (cp < 0x800) {
		e[0] = (char)(0xc0 | (cp >> 6));
		e[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(dst, e, 2);
	} else if (cp < 0x10000) {
		e[0] = (char)(0xe0 | (cp >> 12));
		e[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		e[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(dst, e, 3);
	} else {
		e[0] = (char)(0xf0 | (cp >> 18));
		e[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		e[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		e[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(dst, e, 4);
	}
}

int utf8_is_white(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0d);
	return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Length of the white-space character at s (see utf8_is_white), or 0. */
static size_t white_at(const unsigned char *s, size_t left)
{
	switch (s[0]) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
		return 1;
	case 0xc2:
		return left >= 2 && (s[1] == 0x85 || s[1] == 0xa0) ? 2 : 0;
	case 0xe1:
		return left >= 3 && s[1] == 0x9a && s[2] == 0x80 ? 3 : 0;
	case 0xe2:
		if (left < 3)
			return 0;
		if (s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
			return 3;
		return s[1] == 0x81 && s[2] == 0x9f ? 3 : 0;
	case 0xe3:
		return left >= 3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	default:
		return 0;
	}
}

/* Bytes that may begin white space: ASCII controls and space, and the lead
 * bytes of the non-ASCII White_Space characters (see white_at). */
static const unsigned char may_be_white[256] = {
	[0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [' '] = 1,
	[0xc2] = 1, [0xe1] = 1, [0xe2] = 1, [0xe3] = 1,
};

void utf8_fold_white(struct buf *dst, const char *s, size_t len)
{
	buf_reset(dst);
	buf_grow(dst, len);
	const unsigned char *u = (const unsigned char *)s;
	char *o = dst->p;
	size_t i = 0, n = 0;
	int space = 0;
	while (i < len) {
		size_t run = i;
		while (run < len && !may_be_white[u[run]])
			run++;
		if (run > i) {
			if (space)
				o[n++] = ' ';
			space = 0;
			memcpy(o + n, s + i, run - i);
			n += run - i;
			i = run;
			continue;
		}
		size_t w = white_at(u + i, len - i);
		if (w) {
			space = n > 0;
			i += w;
			continue;
		}
		/* A lead byte of something else: copy the whole character. */
		if (space)
			o[n++] = ' ';
		space = 0;
		o[n++] = s[i++];
		while (i < len && (u[i] & 0xc0) == 0x80)
			o[n++] = s[i++];
	}
	dst->len = n;
	o[n] = '\0';
}
