/* color: the --color=WHEN convention every program keeps (SPEC §2).
 * Core: every program parses --color with it; iqfmt's text output (and
 * what prints for a person) asks it whether to colour standard output,
 * iqquiz whether to colour the terminal its screens go to. */
#ifndef IQ_COLOR_H
#define IQ_COLOR_H

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Parse --color's argument with GNU's words: always, yes, force; never,
 * no, none; auto, tty, if-tty.  NULL (a bare --color) means always, as in
 * GNU ls.  Returns 0, or -1 for any other word. */
int color_parse(const char *arg, enum color_when *when);

/* Whether to colour standard output.  always and never win over the
 * environment.  auto: no colour when NO_COLOR is set and not empty; else
 * colour when CLICOLOR_FORCE is set, not empty and not "0"; else colour
 * only when standard output is a terminal and TERM is not "dumb". */
int color_enabled(enum color_when when);

/* The same rule for output that goes to fd instead of standard output. */
int color_enabled_fd(int fd, enum color_when when);

#endif
