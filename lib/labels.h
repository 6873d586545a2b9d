/* labels: what iqcat's record rules (SPEC §1, version 2) need to know of a
 * piece of plain text: whether it is a generic label ("answer", "src 2",
 * "点击查看答案"), an index cell ("Q17", "No. 3"), only an enumerator ("3.",
 * "iv)"), whether it holds a letter or ends as a question, and the marks
 * rules 1-2 drop from its end.  Used by catalogue; texts are valid UTF-8,
 * folded (utf8_fold_white). */
#ifndef IQ_LABELS_H
#define IQ_LABELS_H

#include <stddef.h>

#include "buf.h"

/* A generic label: after the brackets, quotes and stops of SPEC §1 and
 * white space are removed at both ends and case is folded, one of the
 * labels of SPEC §1, or (src|ref|source|answer|link) ?[0-9]+, or
 * (part ?)?[0-9]{1,2}. */
int label_is_generic(const char *s, size_t len);

/* An index label of rule 4: Q, No, No. or #, an optional space, digits, an
 * optional '.' or ')', in any letter case. */
int label_is_index(const char *s, size_t len);

/* Holds a code point of general category L. */
int label_has_letter(const char *s, size_t len);

/* Only an enumerator: 1-3 ASCII digits, one ASCII letter, or a Roman
 * numeral of 1-4 letters of ivx (all lower or all upper case), then an
 * optional '.', ')' or '、'. */
int label_is_enumerator(const char *s, size_t len);

/* Ends with '?' or '？' once trailing white space, closing brackets and
 * quotes, '*', '_', symbols (category S), variation selectors and U+200D
 * are dropped: the question test of SPEC §1. */
int label_ends_question(const char *s, size_t len);

/* Drop from the end of b, repeatedly, the marks rules 1-2 drop: ':', '：',
 * '-', '–', '—', the opening brackets ( [ （ 【 《 「 and spaces. */
void label_drop_trailing_marks(struct buf *b);

/* Remove empty bracket pairs ([], (), （）, 【】, white space inside
 * allowed) from b, for the heading fallback (d). */
void label_drop_empty_brackets(struct buf *b);

/* Rules 1-2 texts: trailing marks dropped, and emptied when what is left
 * holds no letter or is only an enumerator. */
void label_clean_rule_text(struct buf *b);

#endif
