#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int color_parse(const char *arg, enum color_when *when)
{
	if (!arg || strcmp(arg, "always") == 0)
		*when = COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0)
		*when = COLOR_NEVER;
	else if (strcmp(arg, "auto") == 0)
		*when = COLOR_AUTO;
	else
		return -1;
	return 0;
}

int color_enabled(enum color_when when)
{
	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	if ((no && *no) || (term && strcmp(term, "dumb") == 0))
		return 0;
	return isatty(STDOUT_FILENO);
}
