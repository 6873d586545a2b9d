#include "labels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/*
 * The generic labels of SPEC §1 ("Generic labels"), folded to lower case.
 * A change to that paragraph of the SPEC is a change to this table and to
 * generic_pattern() below, and to nothing else.
 */
static const char *const generic_labels[] = {
	"answer", "answers", "src", "source", "sources", "ref", "refs", "reference",
	"references", "resource", "resources", "link", "links", "here", "click here",
	"this", "more", "read more", "details", "detail", "article", "blog", "post",
	"paper", "pdf", "code", "github", "github repo", "repo", "video", "videos",
	"slides", "website", "site", "homepage", "wiki", "demo", "docs",
	"documentation", "solution", "solutions", "tutorial", "notes", "more flavor",
	"see", "see also",
	"点击查看答案", "查看答案", "答案", "解答", "查看实践与解答", "解决方案", "解析",
	"链接", "地址", "原文", "原文地址", "论文", "代码", "配套代码", "视频", "影片",
	"投影片", "教學", "教程", "详情", "更多", "这里", "此处", "点击这里", "博客",
	"文章", "参考", "参见",
};

/* The marks stripped from both ends before the table is consulted. */
static const char *const generic_strip[] = {
	"[", "]", "(", ")", "{", "}", "\xef\xbc\x88", "\xef\xbc\x89", "\xe3\x80\x90",
	"\xe3\x80\x91", "<", ">", "\xe3\x80\x8c", "\xe3\x80\x8d", "\"", "'",
	"\xe2\x80\x9c", "\xe2\x80\x9d", ":", "\xef\xbc\x9a", ".", "\xe3\x80\x82", "!",
	"\xef\xbc\x81",
};

/* Index labels of rule 4 begin with one of these (compared in lower case). */
static const char *const index_prefixes[] = {"no.", "no", "q", "#"};

/* The longest label is 21 bytes; case folding never shrinks a text to less
 * than a third, so longer texts cannot be labels (but for the patterns). */
#define LABEL_MAX 21

#define SIZEOF_ARRAY(a) (sizeof(a) / sizeof((a)[0]))

static size_t prev_start(const char *s, size_t end)
{
	size_t i = end - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static uint32_t decode_at(const char *s, size_t i, size_t len, size_t *n)
{
	uint32_t cp;
	size_t bad;
	*n = utf8_decode((const unsigned char *)s + i, len - i, &cp, &bad);
	if (!*n) {
		*n = bad ? bad : 1;
		return 0xfffd;
	}
	return cp;
}

static int starts_with_any(const char *s, size_t len, const char *const *set, size_t nset,
			   size_t *n)
{
	for (size_t k = 0; k < nset; k++) {
		size_t m = strlen(set[k]);
		if (m <= len && memcmp(s, set[k], m) == 0) {
			*n = m;
			return 1;
		}
	}
	return 0;
}

static int ends_with_any(const char *s, size_t len, const char *const *set, size_t nset,
			 size_t *n)
{
	for (size_t k = 0; k < nset; k++) {
		size_t m = strlen(set[k]);
		if (m <= len && memcmp(s + len - m, set[k], m) == 0) {
			*n = m;
			return 1;
		}
	}
	return 0;
}

static size_t white_len_at(const char *s, size_t i, size_t len)
{
	size_t n;
	uint32_t cp = decode_at(s, i, len, &n);
	return utf8_is_white(cp) ? n : 0;
}

static size_t white_len_before(const char *s, size_t end)
{
	size_t i = prev_start(s, end), n;
	uint32_t cp = decode_at(s, i, end, &n);
	return utf8_is_white(cp) && i + n == end ? n : 0;
}

static int all_digits(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* (src|ref|source|answer|link) ?[0-9]+ or (part ?)?[0-9]{1,2}, on a text
 * already in lower case. */
static int generic_pattern(const char *s, size_t len)
{
	static const char *const words[] = {"source", "answer", "link", "src", "ref"};
	if (all_digits(s, len))
		return len <= 2;
	for (size_t k = 0; k < SIZEOF_ARRAY(words); k++) {
		size_t m = strlen(words[k]);
		if (len > m && memcmp(s, words[k], m) == 0) {
			size_t i = m + (s[m] == ' ');
			if (all_digits(s + i, len - i))
				return 1;
		}
	}
	if (len > 4 && memcmp(s, "part", 4) == 0) {
		size_t i = 4 + (s[4] == ' ');
		return all_digits(s + i, len - i) && len - i <= 2;
	}
	return 0;
}

/* Bytes that may begin a mark of generic_strip, or white space. */
static const unsigned char may_strip[256] = {
	['['] = 1, [']'] = 1, ['('] = 1, [')'] = 1, ['{'] = 1, ['}'] = 1, ['<'] = 1,
	['>'] = 1, ['"'] = 1, ['\''] = 1, [':'] = 1, ['.'] = 1, ['!'] = 1, [' '] = 1,
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
	[0xc2] = 1, [0xe1] = 1, [0xe2] = 1, [0xe3] = 1, [0xef] = 1,
};

/* Where a character may have another case: below U+3000 or the fullwidth
 * forms.  Elsewhere (CJK) folding leaves it as it is. */
static int may_have_case(uint32_t cp)
{
	return cp < 0x3000 || (cp >= 0xff00 && cp <= 0xffef) || cp >= 0x10000;
}

/* The patterns on an ASCII text too long to copy: only their digit tails
 * can be long. */
static int long_pattern(const char *s, size_t len)
{
	char head[8];
	for (size_t i = 0; i < sizeof head; i++)
		head[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	size_t i = memcmp(head, "source", 6) == 0 || memcmp(head, "answer", 6) == 0 ? 6
		   : memcmp(head, "link", 4) == 0 ? 4
		   : memcmp(head, "src", 3) == 0 || memcmp(head, "ref", 3) == 0 ? 3 : 0;
	if (!i)
		return 0;
	i += s[i] == ' ';
	return all_digits(s + i, len - i);
}

static unsigned char generic_lens[SIZEOF_ARRAY(generic_labels)];

__attribute__((constructor)) static void measure_labels(void)
{
	for (size_t k = 0; k < SIZEOF_ARRAY(generic_labels); k++)
		generic_lens[k] = (unsigned char)strlen(generic_labels[k]);
}

int label_is_generic(const char *s, size_t len)
{
	size_t n;
	while (len && may_strip[(unsigned char)s[0]]) {
		if ((n = white_len_at(s, 0, len)) == 0 &&
		    !starts_with_any(s, len, generic_strip, SIZEOF_ARRAY(generic_strip), &n))
			break;
		s += n;
		len -= n;
	}
	while (len && may_strip[(unsigned char)s[prev_start(s, len)]]) {
		if ((n = white_len_before(s, len)) == 0 &&
		    !ends_with_any(s, len, generic_strip, SIZEOF_ARRAY(generic_strip), &n))
			break;
		len -= n;
	}
	if (len == 0)
		return 0;
	char low[LABEL_MAX + 1];
	n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			if (n < sizeof low)
				low[n] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			n++;
			i++;
			continue;
		}
		size_t m;
		uint32_t cp = decode_at(s, i, len, &m);
		if (may_have_case(cp))
			goto unicode;
		if (n + m <= sizeof low)
			memcpy(low + n, s + i, m);
		n += m;
		i += m;
		if (n > LABEL_MAX)
			return 0;
	}
	if (n > LABEL_MAX)
		return n > sizeof low ? long_pattern(s, len) : generic_pattern(low, n);
	goto lookup;
unicode:
	if (len > 3 * LABEL_MAX)
		return 0;
	{
		utf8proc_uint8_t *folded = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
						  &folded, UTF8PROC_CASEFOLD);
		int fits = m >= 0 && (size_t)m <= LABEL_MAX;
		if (fits)
			memcpy(low, folded, (size_t)m);
		free(folded);
		if (!fits)
			return 0;
		n = (size_t)m;
	}
lookup:
	if (generic_pattern(low, n))
		return 1;
	for (size_t k = 0; k < SIZEOF_ARRAY(generic_labels); k++)
		if (generic_lens[k] == n && memcmp(generic_labels[k], low, n) == 0)
			return 1;
	return 0;
}

int label_is_index(const char *s, size_t len)
{
	char head[3] = {0};
	size_t m = len < 3 ? len : 3;
	for (size_t i = 0; i < m; i++)
		head[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	for (size_t k = 0; k < SIZEOF_ARRAY(index_prefixes); k++) {
		size_t p = strlen(index_prefixes[k]);
		if (p > m || memcmp(head, index_prefixes[k], p) != 0)
			continue;
		size_t i = p;
		if (i < len && s[i] == ' ')
			i++;
		size_t d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			continue;
		if (i < len && (s[i] == '.' || s[i] == ')'))
			i++;
		if (i == len)
			return 1;
	}
	return 0;
}

int label_has_letter(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
				return 1;
			i++;
			continue;
		}
		size_t n;
		uint32_t cp = decode_at(s, i, len, &n);
		if (cp >= 0x4e00 && cp <= 0x9fff)
			return 1; /* CJK ideographs, the common case */
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
			return 1;
		i += n;
	}
	return 0;
}

static int roman_run(const char *s, size_t len, const char *letters)
{
	if (len == 0 || len > 4)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr(letters, s[i]) || s[i] == '\0')
			return 0;
	return 1;
}

int label_is_enumerator(const char *s, size_t len)
{
	if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x81", 3) == 0)
		len -= 3;
	else if (len && (s[len - 1] == '.' || s[len - 1] == ')'))
		len--;
	if (all_digits(s, len) && len <= 3)
		return 1;
	if (len == 1 && (((unsigned char)s[0] | 0x20) >= 'a' && ((unsigned char)s[0] | 0x20) <= 'z'))
		return 1;
	return roman_run(s, len, "ivx") || roman_run(s, len, "IVX");
}

static const char *const question_closers[] = {
	")", "]", "}", "\xef\xbc\x89", "\xe3\x80\x91", "\xe3\x80\x8d", "\xe3\x80\x8f", "\"", "'",
	"\xe2\x80\x9d", "\xe2\x80\x99", "*", "_",
};

int label_ends_question(const char *s, size_t len)
{
	size_t n;
	while (len) {
		if (ends_with_any(s, len, question_closers, SIZEOF_ARRAY(question_closers), &n)) {
			len -= n;
			continue;
		}
		size_t i = prev_start(s, len);
		uint32_t cp = decode_at(s, i, len, &n);
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		if (utf8_is_white(cp) || (cat >= UTF8PROC_CATEGORY_SM && cat <= UTF8PROC_CATEGORY_SO) ||
		    (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp == 0x200d) {
			len = i;
			continue;
		}
		return cp == '?' || cp == 0xff1f;
	}
	return 0;
}

static const char *const trailing_marks[] = {
	" ", ":", "-", "(", "[", "\xef\xbc\x9a", "\xe2\x80\x93", "\xe2\x80\x94", "\xef\xbc\x88",
	"\xe3\x80\x90", "\xe3\x80\x8a", "\xe3\x80\x8c",
};

void label_drop_trailing_marks(struct buf *b)
{
	size_t n;
	while (b->len && ends_with_any(b->p, b->len, trailing_marks, SIZEOF_ARRAY(trailing_marks), &n))
		b->len -= n;
	if (b->p)
		b->p[b->len] = '\0';
}

void label_drop_empty_brackets(struct buf *b)
{
	static const char *const pairs[][2] = {
		{"[", "]"}, {"(", ")"}, {"\xef\xbc\x88", "\xef\xbc\x89"}, {"\xe3\x80\x90", "\xe3\x80\x91"},
	};
	int changed = 1;
	while (changed) {
		changed = 0;
		size_t o = 0;
		for (size_t i = 0; i < b->len;) {
			size_t skip = 0;
			for (size_t k = 0; k < SIZEOF_ARRAY(pairs) && !skip; k++) {
				size_t a = strlen(pairs[k][0]), z = strlen(pairs[k][1]);
				if (i + a > b->len || memcmp(b->p + i, pairs[k][0], a) != 0)
					continue;
				size_t j = i + a, w;
				while (j < b->len && (w = white_len_at(b->p, j, b->len)) != 0)
					j += w;
				if (j + z <= b->len && memcmp(b->p + j, pairs[k][1], z) == 0)
					skip = j + z - i;
			}
			if (skip) {
				i += skip;
				changed = 1;
				continue;
			}
			b->p[o++] = b->p[i++];
		}
		b->len = o;
	}
	if (b->p)
		b->p[b->len] = '\0';
}

void label_clean_rule_text(struct buf *b)
{
	label_drop_trailing_marks(b);
	if (!label_has_letter(b->p, b->len) || label_is_enumerator(b->p, b->len))
		buf_reset(b);
}
