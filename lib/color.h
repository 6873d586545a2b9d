/* color: the --color=auto|always|never convention every program keeps. */
#ifndef IQ_COLOR_H
#define IQ_COLOR_H

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Parse --color's argument; NULL (a bare --color) means always, as in GNU
 * ls.  Returns 0, or -1 for any other word. */
int color_parse(const char *arg, enum color_when *when);

/* Whether to colour standard output: as told for always and never; for
 * auto, only on a terminal, with NO_COLOR unset or empty and TERM not
 * "dumb". */
int color_enabled(enum color_when when);

#endif
