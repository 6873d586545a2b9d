/* iqquiz: ask questions at the terminal, grade them, append the grades to
 * the review log (SPEC §3a).  The session is lib/quiz.h, the terminal
 * lib/tty.h; this file parses options and wires them up. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "color.h"
#include "diag.h"
#include "input.h"
#include "logpath.h"
#include "out.h"
#include "quiz.h"
#include "termsafe.h"
#include "tty.h"
#include "xalloc.h"

enum {
	OPT_KEYS = 256,
	OPT_NOW,
	OPT_COLOR,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option longopts[] = {
	{"log", required_argument, NULL, 'l'},
	{"keys", required_argument, NULL, OPT_KEYS},
	{"now", required_argument, NULL, OPT_NOW},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"colour", optional_argument, NULL, OPT_COLOR},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

/* The first two lines are the man page's SYNOPSIS, word for word. */
static const char usage_text[] =
	"usage: iqquiz [-l log] [--keys file] [--now time] [--color[=when]]\n"
	"              [file ...]\n"
	"Ask each record's question on the terminal, show the answer on a key,\n"
	"and append the grade to the review log (see iqquiz(1)).\n"
	"\n"
	"  -l, --log=FILE        append reviews to FILE (default $IQ_LOG, else\n"
	"                        $XDG_STATE_HOME/iqtools/reviews.jsonl, else\n"
	"                        ~/.local/state/iqtools/reviews.jsonl)\n"
	"      --keys=FILE       read the keys from FILE, not the terminal, and\n"
	"                        write the screens to standard output\n"
	"      --now=TIME        stamp the reviews TIME, TIME + 1 s, ... (RFC 3339,\n"
	"                        or YYYY-MM-DD for local midnight), without ms\n"
	"      --color[=WHEN]    colour the screens: auto, always or never\n"
	"      --help            print this help and exit\n"
	"      --version         print the version and exit\n"
	"\n"
	"Keys: space or enter shows the answer; 1 again, 2 hard, 3 good, 4 easy;\n"
	"o opens the url; s skips; q quits.\n"
	"\n"
	"Exit status: 0 after a session, 1 if there was nothing to ask, 2 on an\n"
	"error, 130 after Ctrl-C.\n";

static _Noreturn void usage(void)
{
	out_str(usage_text);
	out_close();
	exit(EXIT_MATCH);
}

static int on_line(const char *file, unsigned long lineno, char *line, size_t len, void *quiz)
{
	char err[256];
	if (quiz_add(quiz, line, len, err, sizeof err) < 0)
		diag_error(file, lineno, "%s", err);
	return 0;
}

static void write_screen(int fd, struct buf *b)
{
	if (tty_write_all(fd, b->p, b->len) != 0)
		diag_write_failed(errno);
	buf_reset(b);
}

int main(int argc, char **argv)
{
	const char *log = NULL, *keys_file = NULL, *now = NULL, *err = NULL;
	enum color_when color = COLOR_AUTO;
	struct quiz q;
	int c;

	diag_init("iqquiz");
	xalloc_init_jansson();
	quiz_init(&q);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': log = optarg; break;
		case OPT_KEYS: keys_file = optarg; break;
		case OPT_NOW: now = optarg; break;
		case OPT_COLOR:
			if (color_parse(optarg, &color) != 0)
				diag_usage_error("invalid --color argument '%s' (auto, always or never)",
						 optarg);
			break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		default: diag_bad_option(c, argv);
		}
	}
	if (now) {
		if (clock_parse_arg(now, &q.now) != 0)
			diag_usage_error("invalid --now time: '%s'", termsafe_str(now));
		q.fixed_clock = 1;
	}
	if (log && strcmp(log, "-") == 0)
		diag_usage_error("the log must be a file, not standard input or output");

	/* Keys first, so that no terminal is an error before anything is read. */
	struct tty *tty = NULL;
	int keys_fd;
	if (keys_file) {
		keys_fd = open(keys_file, O_RDONLY | O_CLOEXEC);
		if (keys_fd < 0)
			diag_die("%s: %s", termsafe_str(keys_file), strerror(errno));
	} else {
		tty = tty_open(&err);
		if (!tty)
			diag_die("no terminal: %s: %s", err, strerror(errno));
		keys_fd = tty_fd(tty);
	}
	char *log_path = log ? xstrdup(log) : logpath_default(&err);
	if (!log_path)
		diag_die("%s", err);

	input_walk_lines(argv + optind, argc - optind, on_line, diag_report_operand, &q);
	if (q.n == 0) {
		int bad = diag_errors() > 0;
		tty_close(tty);
		free(log_path);
		quiz_free(&q);
		diag_error(NULL, 0, "nothing to ask");
		return bad ? EXIT_TROUBLE : EXIT_NOMATCH;
	}
	int log_fd = logpath_open_append(log_path, &err);
	if (log_fd < 0) {
		int e = errno;
		tty_close(tty);
		diag_die("%s: %s: %s", termsafe_str(log_path), err, strerror(e));
	}
	if (tty && tty_start(tty) != 0) {
		int e = errno;
		tty_close(tty);
		diag_die("cannot set up the terminal: %s", strerror(e));
	}
	struct keyreader kr;
	keyreader_init(&kr, keys_fd, tty);
	/* The screen is the terminal, or standard output with --keys. */
	struct quiz_io io = {
		.keys = &kr, .tty = tty, .screen_fd = tty ? tty_fd(tty) : STDOUT_FILENO,
		.log_fd = log_fd,
	};
	q.color = color_enabled_fd(io.screen_fd, color);
	enum quiz_end end = quiz_run(&q, &io);
	int e = errno, status = diag_errors() ? EXIT_TROUBLE : EXIT_MATCH;
	struct buf summary = BUF_INIT;
	if (end == QUIZ_DONE || end == QUIZ_QUIT || end == QUIZ_INTERRUPT) {
		quiz_summary(&q, &summary);
		write_screen(io.screen_fd, &summary);
	}
	int sig = tty ? tty_signal(tty) : 0;
	tty_close(tty);
	switch (end) {
	case QUIZ_INTERRUPT: status = 130; break;
	case QUIZ_TERMINATE: status = 128 + sig; break;
	case QUIZ_LOG_ERROR:
		diag_error(NULL, 0, "%s: %s: %s", termsafe_str(log_path), q.log_error,
			   strerror(q.log_errno));
		buf_reset(&summary);
		termsafe_append(&summary, q.unsaved.p, q.unsaved.len - 1, 0);
		diag_error(NULL, 0, "not saved: %s", buf_cstr(&summary));
		status = EXIT_TROUBLE;
		break;
	case QUIZ_SCREEN_ERROR: diag_write_failed(e);
	case QUIZ_KEYS_ERROR:
		diag_error(NULL, 0, "%s: %s", keys_file ? termsafe_str(keys_file) : "/dev/tty",
			   strerror(e));
		status = EXIT_TROUBLE;
		break;
	default: break;
	}
	if (keys_file)
		close(keys_fd);
	close(log_fd);
	buf_free(&summary);
	free(log_path);
	quiz_free(&q);
	return status;
}
