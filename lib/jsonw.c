#include "jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

enum { NRECORD_KEYS = sizeof record_keys / sizeof record_keys[0] };

void jsonw_real(struct buf *dst, double d)
{
	char s[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	buf_adds(dst, s);
	if (!strpbrk(s, ".eEn"))
		buf_add(dst, ".0", 2);
}

static void add_integer(struct buf *dst, json_int_t i)
{
	char s[24];
	int n = snprintf(s, sizeof s, "%" JSON_INTEGER_FORMAT, i);
	buf_add(dst, s, (size_t)n);
}

static void add_scalar(struct buf *dst, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		json_quote(dst, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		add_integer(dst, json_integer_value(v));
		break;
	case JSON_REAL:
		jsonw_real(dst, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_add(dst, "true", 4);
		break;
	case JSON_FALSE:
		buf_add(dst, "false", 5);
		break;
	default:
		buf_add(dst, "null", 4);
		break;
	}
}

static int is_record_key(const char *key)
{
	for (int i = 0; i < NRECORD_KEYS; i++)
		if (strcmp(key, record_keys[i]) == 0)
			return 1;
	return 0;
}

int jsonw_is_record(json_t *obj)
{
	if (!json_is_object(obj) || json_object_size(obj) < NRECORD_KEYS)
		return 0;
	for (int i = 0; i < NRECORD_KEYS; i++)
		if (!json_object_get(obj, record_keys[i]))
			return 0;
	return 1;
}

static void indent(struct buf *dst, int level)
{
	buf_grow(dst, 2 * (size_t)level + 1);
	buf_addc(dst, '\n');
	for (int i = 0; i < level; i++)
		buf_add(dst, "  ", 2);
}

/* Writes v compact (pretty < 0) or pretty at nesting level `pretty`. */
static void write_value(struct buf *dst, json_t *v, int pretty);

static void write_member(struct buf *dst, const char *key, json_t *v, int pretty, int *first)
{
	if (!*first)
		buf_addc(dst, ',');
	*first = 0;
	if (pretty >= 0)
		indent(dst, pretty + 1);
	json_quote(dst, key, strlen(key));
	if (pretty >= 0) {
		buf_add(dst, ": ", 2);
		write_value(dst, v, pretty + 1);
	} else {
		buf_addc(dst, ':');
		write_value(dst, v, -1);
	}
}

static void write_object(struct buf *dst, json_t *obj, int pretty)
{
	if (json_object_size(obj) == 0) {
		buf_add(dst, "{}", 2);
		return;
	}
	buf_addc(dst, '{');
	int first = 1;
	const char *key;
	json_t *v;
	if (jsonw_is_record(obj)) {
		for (int i = 0; i < NRECORD_KEYS; i++)
			write_member(dst, record_keys[i], json_object_get(obj, record_keys[i]),
				     pretty, &first);
		if (json_object_size(obj) > NRECORD_KEYS) {
			json_object_foreach(obj, key, v) {
				if (!is_record_key(key))
					write_member(dst, key, v, pretty, &first);
			}
		}
	} else {
		json_object_foreach(obj, key, v)
			write_member(dst, key, v, pretty, &first);
	}
	if (pretty >= 0)
		indent(dst, pretty);
	buf_addc(dst, '}');
}

static void write_array(struct buf *dst, json_t *a, int pretty)
{
	size_t n = json_array_size(a);
	if (n == 0) {
		buf_add(dst, "[]", 2);
		return;
	}
	buf_addc(dst, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(dst, ',');
		if (pretty >= 0)
			indent(dst, pretty + 1);
		write_value(dst, json_array_get(a, i), pretty >= 0 ? pretty + 1 : -1);
	}
	if (pretty >= 0)
		indent(dst, pretty);
	buf_addc(dst, ']');
}

static void write_value(struct buf *dst, json_t *v, int pretty)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		write_object(dst, v, pretty);
		break;
	case JSON_ARRAY:
		write_array(dst, v, pretty);
		break;
	default:
		add_scalar(dst, v);
		break;
	}
}

void jsonw_compact(struct buf *dst, json_t *v) { write_value(dst, v, -1); }

void jsonw_pretty(struct buf *dst, json_t *v, int level) { write_value(dst, v, level); }

void jsonw_text(struct buf *dst, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_add(dst, json_string_value(v), json_string_length(v));
		break;
	case JSON_NULL:
		break;
	case JSON_ARRAY:
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *e = json_array_get(v, i);
			if (i)
				buf_add(dst, " > ", 3);
			if (json_typeof(e) == JSON_ARRAY)
				jsonw_compact(dst, e);
			else
				jsonw_text(dst, e);
		}
		break;
	case JSON_OBJECT:
		jsonw_compact(dst, v);
		break;
	default:
		add_scalar(dst, v);
		break;
	}
}
