#include "entity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct entity {
	const char *name;
	const char *utf8;
};

static const struct entity entities[] = {
#include "entities.inc"
};

static int compare_name(const void *key, const void *element)
{
	const struct entity *e = element;
	return strcmp(key, e->name);
}

void entity_decode(struct buf *dst, const char *text, size_t len)
{
	if (len < 3 || text[0] != '&' || text[len - 1] != ';') {
		buf_add(dst, text, len);
		return;
	}
	if (text[1] == '#') {
		uint32_t cp = 0;
		int hex = len > 3 && (text[2] == 'x' || text[2] == 'X');
		size_t i = hex ? 3 : 2, digits = 0;
		for (; i < len - 1; i++, digits++) {
			char c = text[i];
			int v = c >= '0' && c <= '9' ? c - '0'
			      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (v < 0) {
				buf_add(dst, text, len);
				return;
			}
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (digits == 0) {
			buf_add(dst, text, len);
			return;
		}
		utf8_encode(dst, cp == 0 ? 0xfffd : cp);
		return;
	}
	char name[64];
	if (len - 2 >= sizeof name) {
		buf_add(dst, text, len);
		return;
	}
	memcpy(name, text + 1, len - 2);
	name[len - 2] = '\0';
	const struct entity *e = bsearch(name, entities, sizeof entities / sizeof entities[0],
					 sizeof entities[0], compare_name);
	if (e)
		buf_adds(dst, e->utf8);
	else
		buf_add(dst, text, len);
}
