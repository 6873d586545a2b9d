/* tty: the terminal iqquiz asks on, and keys read one at a time.
 * Used by iqquiz (lib/quiz drives the session through it).
 *
 * Keys are decoded the same way from the terminal and from a --keys file
 * (SPEC §3a): one UTF-8 character is one key; an escape sequence (ESC, then
 * `[` or `O`, parameter bytes 0x20..0x3f, one final byte 0x40..0x7e) is one
 * key, KEY_IGNORED; so is a lone ESC, and a byte that is not valid UTF-8
 * (the byte after it is decoded afresh).  `\r` is read as `\n` (enter),
 * the byte 0x03 (Ctrl-C) as KEY_INTERRUPT.  Nothing waits on a timer: ESC
 * followed by `[` is the start of a sequence however slowly it comes.
 *
 * The terminal is /dev/tty, put in non-canonical, no-echo mode (signal
 * keys still work: Ctrl-C, Ctrl-Z, Ctrl-\ raise their signals).  While a
 * struct tty is open, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT and
 * SIGWINCH are blocked except while waiting for a key, so that they arrive
 * only there, where they become keys (KEY_INTERRUPT, KEY_TERMINATE) or are
 * dealt with in place: on SIGTSTP (Ctrl-Z) the terminal's mode is restored
 * and the process stops; on SIGCONT the mode is set again and KEY_REDRAW
 * says the screen was disturbed; SIGWINCH updates the width.  tty_close
 * restores the mode, the handlers and the signal mask; the caller must call it on every
 * way out (it is also safe to call twice). */
#ifndef IQ_TTY_H
#define IQ_TTY_H

#include <stddef.h>

/* Keys beyond Unicode's range, and end of input. */
enum {
	KEY_EOF = -1,          /* end of the keys (or of the terminal) */
	KEY_ERROR = -2,        /* a read error; errno says which */
	KEY_IGNORED = 0x110000, /* an escape sequence, a lone ESC, a bad byte */
	KEY_INTERRUPT,         /* Ctrl-C: SIGINT, or the byte 0x03 */
	KEY_TERMINATE,         /* SIGTERM, SIGHUP or SIGQUIT: tty_signal() */
	KEY_REDRAW,            /* back from Ctrl-Z: show the screen again */
};

struct tty;

/* Decodes keys from a descriptor (a --keys file, or the terminal). */
struct keyreader {
	int fd;
	struct tty *tty;   /* when reading the terminal: waits there */
	unsigned char buf[256];
	size_t pos, end;
	int eof;
	/* Decoder state: the sequence under way. */
	int state;
	unsigned need;     /* UTF-8 continuation bytes still to come */
	long cp;
	unsigned char lo, hi; /* the range of the next continuation byte */
};

/* Read keys from fd (not owned: the caller closes it).  tty is NULL for a
 * file, or the open terminal whose descriptor fd is. */
void keyreader_init(struct keyreader *kr, int fd, struct tty *tty);

/* The next key: a code point, one of KEY_* above. */
long keyreader_next(struct keyreader *kr);

/* Open /dev/tty (its mode untouched yet).  Returns a new tty (released by
 * tty_close), or NULL with *err set to a static text and errno to the
 * cause. */
struct tty *tty_open(const char **err);

/* Enter non-canonical, no-echo mode and catch the signals described above.
 * Returns 0, or -1 with errno set (the mode may then be half set: close). */
int tty_start(struct tty *t);

/* The terminal's descriptor, open for reading and writing (owned by t). */
int tty_fd(const struct tty *t);

/* The window's width in columns (80 when the terminal does not say),
 * as of the last SIGWINCH. */
size_t tty_width(const struct tty *t);

/* The signal that made keyreader_next return KEY_TERMINATE. */
int tty_signal(const struct tty *t);

/* Restore the terminal's mode and the signal mask, close it, free t.
 * NULL is allowed. */
void tty_close(struct tty *t);

/* Write all of s to fd, going on after EINTR.  Returns 0 or -1 with errno
 * set. */
int tty_write_all(int fd, const char *s, size_t len);

#endif
