/* logpath: where the review log lives, and opening it to append.
 * Core: iqdue reads the log, iqquiz appends to it (SPEC §3a).
 *
 * The path, when no -l/--log is given: $IQ_LOG, else
 * $XDG_STATE_HOME/iqtools/reviews.jsonl, else
 * ~/.local/state/iqtools/reviews.jsonl ($HOME, else the password
 * database's home).  An empty IQ_LOG or XDG_STATE_HOME counts as unset; a
 * relative XDG_STATE_HOME is ignored, as the XDG base directory
 * specification says. */
#ifndef IQ_LOGPATH_H
#define IQ_LOGPATH_H

/* The default log path, newly allocated (the caller frees it), or NULL
 * with *err set to a static message when no home can be found. */
char *logpath_default(const char **err);

/* Open path for appending (O_WRONLY | O_APPEND | O_CREAT, mode 0600,
 * close-on-exec), first creating its missing parent directories with mode
 * 0700.  When the file's last byte is not a line feed (a line torn by a
 * crash), one is written first, so the next line starts on its own.
 * Returns the descriptor, or -1 with errno set and *what naming the step
 * that failed ("cannot create directory", "cannot open", "cannot write"). */
int logpath_open_append(const char *path, const char **what);

#endif
