#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_one_of(const char *arg, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(arg, *words) == 0)
			return 1;
	return 0;
}

int color_parse(const char *arg, enum color_when *when)
{
	static const char *const always[] = {"always", "yes", "force", NULL};
	static const char *const never[] = {"never", "no", "none", NULL};
	static const char *const autos[] = {"auto", "tty", "if-tty", NULL};
	if (!arg || is_one_of(arg, always))
		*when = COLOR_ALWAYS;
	else if (is_one_of(arg, never))
		*when = COLOR_NEVER;
	else if (is_one_of(arg, autos))
		*when = COLOR_AUTO;
	else
		return -1;
	return 0;
}

static int set_not_empty(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

int color_enabled(enum color_when when) { return color_enabled_fd(STDOUT_FILENO, when); }

int color_enabled_fd(int fd, enum color_when when)
{
	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	if (set_not_empty("NO_COLOR"))
		return 0;
	const char *force = getenv("CLICOLOR_FORCE");
	if (force && *force && strcmp(force, "0") != 0)
		return 1;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fd);
}
