#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "xalloc.h"

/* ---- keys ---- */

enum { ST_START, ST_ESC, ST_SEQ, ST_UTF8 };

void keyreader_init(struct keyreader *kr, int fd, struct tty *tty)
{
	memset(kr, 0, sizeof *kr);
	kr->fd = fd;
	kr->tty = tty;
}

static int tty_wait(struct tty *t);

/* Feed byte c to the decoder.  Returns a key, or -1 for "more bytes"; sets
 * *used to 0 when c was not part of the key returned and must be decoded
 * again. */
static long decode(struct keyreader *kr, unsigned char c, int *used)
{
	*used = 1;
	switch (kr->state) {
	case ST_ESC:
		if (c == '[' || c == 'O') {
			kr->state = ST_SEQ;
			return -1;
		}
		*used = 0;
		kr->state = ST_START;
		return KEY_IGNORED;
	case ST_SEQ:
		if (c >= 0x20 && c <= 0x3f)
			return -1;
		if (c < 0x40 || c > 0x7e)
			*used = 0;
		kr->state = ST_START;
		return KEY_IGNORED;
	case ST_UTF8:
		if (c < kr->lo || c > kr->hi) {
			*used = 0;
			kr->state = ST_START;
			return KEY_IGNORED;
		}
		kr->cp = kr->cp << 6 | (c & 0x3f);
		kr->lo = 0x80;
		kr->hi = 0xbf;
		if (--kr->need)
			return -1;
		kr->state = ST_START;
		return kr->cp;
	}
	if (c == 0x1b) {
		kr->state = ST_ESC;
		return -1;
	}
	if (c == '\r')
		return '\n';
	if (c == 0x03)
		return KEY_INTERRUPT;
	if (c < 0x80)
		return c;
	kr->lo = 0x80;
	kr->hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		kr->need = 1;
		kr->cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		kr->need = 2;
		kr->cp = c & 0x0f;
		if (c == 0xe0)
			kr->lo = 0xa0;
		else if (c == 0xed)
			kr->hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		kr->need = 3;
		kr->cp = c & 0x07;
		if (c == 0xf0)
			kr->lo = 0x90;
		else if (c == 0xf4)
			kr->hi = 0x8f;
	} else {
		return KEY_IGNORED;
	}
	kr->state = ST_UTF8;
	return -1;
}

long keyreader_next(struct keyreader *kr)
{
	for (;;) {
		while (kr->pos < kr->end) {
			int used;
			long key = decode(kr, kr->buf[kr->pos], &used);
			kr->pos += (size_t)used;
			if (key >= 0)
				return key;
		}
		if (kr->eof) {
			if (kr->state == ST_START)
				return KEY_EOF;
			kr->state = ST_START; /* a sequence cut short */
			return KEY_IGNORED;
		}
		if (kr->tty) {
			int ev = tty_wait(kr->tty);
			if (ev == KEY_ERROR)
				return KEY_ERROR;
			if (ev != 0)
				return ev;
		}
		ssize_t n = read(kr->fd, kr->buf, sizeof kr->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && !(kr->tty && errno == EIO)) /* EIO: the terminal hung up */
			return KEY_ERROR;
		kr->pos = 0;
		kr->end = n > 0 ? (size_t)n : 0;
		if (n <= 0)
			kr->eof = 1;
	}
}

/* ---- the terminal ---- */

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH};
#define NCAUGHT (sizeof caught / sizeof caught[0])

struct tty {
	int fd;
	struct termios saved, raw;
	sigset_t oldmask, waitmask;
	struct sigaction oldact[NCAUGHT];
	size_t width;
	int sig, started;
};

/* Signal handlers can reach only globals: one terminal at a time. */
static struct tty *active;
static volatile sig_atomic_t got_int, got_term, got_winch, got_cont;

static void on_signal(int sig)
{
	if (sig == SIGINT)
		got_int = 1;
	else if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGCONT)
		got_cont = 1;
	else
		got_term = sig;
}

/* Ctrl-Z: give the terminal back as it was, stop, and take it again when
 * continued.  Everything here is async-signal-safe. */
static void on_stop(int sig)
{
	int saved_errno = errno;
	struct sigaction dfl, mine;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	/* SIGTTOU blocked: the shell may have taken the terminal back already
	 * (it saw our parent stop first); the mode is restored all the same,
	 * and we do not stop twice. */
	sigset_t ttou, old;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	if (active)
		tcsetattr(active->fd, TCSANOW, &active->saved);
	sigprocmask(SIG_SETMASK, &old, NULL);
	sigaction(sig, &dfl, &mine);
	sigset_t only;
	sigemptyset(&only);
	sigaddset(&only, sig);
	sigprocmask(SIG_UNBLOCK, &only, NULL);
	raise(sig);
	/* Continued: tty_wait takes the terminal again, once it is ours. */
	sigprocmask(SIG_BLOCK, &only, NULL);
	sigaction(sig, &mine, NULL);
	got_cont = 1;
	got_winch = 1;
	errno = saved_errno;
}

static void update_width(struct tty *t)
{
	struct winsize ws;
	if (ioctl(t->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		t->width = ws.ws_col;
	else
		t->width = 80;
}

/* Wait until the terminal has a byte, or a signal came: 0, or the key the
 * signal stands for. */
static int tty_wait(struct tty *t)
{
	for (;;) {
		if (got_term) {
			t->sig = got_term;
			return KEY_TERMINATE;
		}
		if (got_int) {
			got_int = 0;
			return KEY_INTERRUPT;
		}
		if (got_winch) {
			got_winch = 0;
			update_width(t);
		}
		if (got_cont) {
			/* The shell may hand the terminal over after SIGCONT; in
			 * the background (bg) the next read stops us (SIGTTIN) and
			 * the next SIGCONT comes back here. */
			got_cont = 0;
			if (tcgetpgrp(t->fd) == getpgrp()) {
				sigset_t ttou, old;
				sigemptyset(&ttou);
				sigaddset(&ttou, SIGTTOU);
				sigprocmask(SIG_BLOCK, &ttou, &old);
				tcsetattr(t->fd, TCSADRAIN, &t->raw);
				sigprocmask(SIG_SETMASK, &old, NULL);
			}
			return KEY_REDRAW;
		}
		struct pollfd p = {.fd = t->fd, .events = POLLIN};
		int r = ppoll(&p, 1, NULL, &t->waitmask);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return KEY_ERROR;
	}
}

struct tty *tty_open(const char **err)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*err = "/dev/tty";
		return NULL;
	}
	struct tty *t = xcalloc(1, sizeof *t);
	t->fd = fd;
	if (tcgetattr(fd, &t->saved) != 0) {
		int saved_errno = errno;
		close(fd);
		free(t);
		errno = saved_errno;
		*err = "/dev/tty";
		return NULL;
	}
	t->raw = t->saved;
	t->raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
	t->raw.c_cc[VMIN] = 1;
	t->raw.c_cc[VTIME] = 0;
	update_width(t);
	return t;
}

int tty_start(struct tty *t)
{
	sigset_t block;
	sigemptyset(&block);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaddset(&block, caught[i]);
	sigprocmask(SIG_BLOCK, &block, &t->oldmask);
	t->waitmask = t->oldmask;
	for (size_t i = 0; i < NCAUGHT; i++)
		sigdelset(&t->waitmask, caught[i]);
	got_int = got_term = got_winch = got_cont = 0;
	active = t;
	for (size_t i = 0; i < NCAUGHT; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = caught[i] == SIGTSTP ? on_stop : on_signal;
		sa.sa_mask = block;
		sigaction(caught[i], &sa, &t->oldact[i]);
	}
	t->started = 1;
	return tcsetattr(t->fd, TCSADRAIN, &t->raw);
}

int tty_fd(const struct tty *t) { return t->fd; }
size_t tty_width(const struct tty *t) { return t->width; }
int tty_signal(const struct tty *t) { return t->sig; }

void tty_close(struct tty *t)
{
	if (!t)
		return;
	if (t->started) {
		tcsetattr(t->fd, TCSADRAIN, &t->saved);
		for (size_t i = 0; i < NCAUGHT; i++)
			sigaction(caught[i], &t->oldact[i], NULL);
		active = NULL;
		sigprocmask(SIG_SETMASK, &t->oldmask, NULL);
	}
	close(t->fd);
	free(t);
}

int tty_write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}
