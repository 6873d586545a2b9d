/* iqpick: pick random lines, reproducibly (SPEC §3).  The algorithm lives
 * in lib/sample.h, the seed in lib/seed.h; this file parses options and wires the library up. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "diag.h"
#include "input.h"
#include "out.h"
#include "sample.h"
#include "seed.h"
#include "xalloc.h"

enum {
	OPT_SEED = 256,
	OPT_DAILY,
	OPT_PER,
	OPT_KEEP_ORDER,
	OPT_LINE_BUFFERED,
	OPT_COLOR,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option longopts[] = {
	{"count", required_argument, NULL, 'n'},
	{"daily", optional_argument, NULL, OPT_DAILY},
	{"keep-order", no_argument, NULL, OPT_KEEP_ORDER},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"colour", optional_argument, NULL, OPT_COLOR},
	{"per", required_argument, NULL, OPT_PER},
	{"replace", no_argument, NULL, 'r'},
	{"seed", required_argument, NULL, OPT_SEED},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

/* The first two lines are the man page's SYNOPSIS, word for word. */
static const char usage_text[] =
	"usage: iqpick [-r] [-n num] [--daily[=date] | --seed seed] [--keep-order]\n"
	"              [--line-buffered] [--per field] [file ...]\n"
	"Pick random lines from the files (standard input by default): the num\n"
	"lines with the smallest XXH3-64 keys under the seed (see iqpick(1)).\n"
	"\n"
	"  -n, --count=NUM       pick NUM lines (default 1); all in key order if\n"
	"                        the input has fewer\n"
	"      --seed=SEED       seed with the string SEED (default: random)\n"
	"      --daily[=DATE]    seed with DATE, YYYY-MM-DD (default today)\n"
	"      --per=FIELD       pick NUM for each value of the JSON key FIELD\n"
	"  -r, --replace         NUM independent draws, with replacement\n"
	"      --keep-order      print the pick in input order\n"
	"      --color[=WHEN]    accepted (always, never, auto, and GNU's synonyms);\n"
	"                        lines are never coloured\n"
	"      --line-buffered   flush the output after every line\n"
	"      --help            print this help and exit\n"
	"      --version         print the version and exit\n"
	"\n"
	"Exit status: 0 if something was picked, 1 if there was nothing to pick,\n"
	"2 on an error.\n";

static _Noreturn void usage(void)
{
	out_str(usage_text);
	out_close();
	exit(EXIT_MATCH);
}


/* NUM: decimal digits; beyond SIZE_MAX it means "everything". */
static size_t parse_count(const char *arg)
{
	if (!*arg || strspn(arg, "0123456789") != strlen(arg))
		diag_usage_error("invalid count: '%s'", arg);
	errno = 0;
	unsigned long long v = strtoull(arg, NULL, 10);
	if (errno == ERANGE || v > SIZE_MAX)
		return SIZE_MAX;
	return (size_t)v;
}

struct walk {
	struct sample *sampler;
	/* Set when --daily came without "=DATE": an operand that is a date
	 * and no file was surely meant as the date. */
	int daily_bare;
	const char *warned_file; /* one warning per input */
};

static void report(void *ud, const char *file, unsigned long lineno, const char *message)
{
	struct walk *w = ud;
	if (w->daily_bare && lineno == 0 && seed_date_valid(file) &&
	    strcmp(message, strerror(ENOENT)) == 0)
		diag_error(file, 0, "%s; did you mean --daily=%s?", message, file);
	else
		diag_error(file, lineno, "%s", message);
}

static int on_line(const char *file, unsigned long lineno, char *line, size_t len,
		   void *ud)
{
	struct walk *w = ud;
	char err[256];
	int r = sample_add(w->sampler, line, len, err, sizeof err);
	if (r < 0)
		diag_error(file, lineno, "%s", err);
	else if (r > 0 && file != w->warned_file) {
		diag_warning(file, lineno, "integer beyond 64 bits read as a real number");
		w->warned_file = file;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sample_opts o = {.count = 1};
	const char *seed = NULL, *daily = NULL;
	char today[11];
	int use_daily = 0, line_buffered = 0, c;
	enum color_when color;

	diag_init("iqpick");
	xalloc_init_jansson();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:r", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.count = parse_count(optarg); break;
		case 'r': o.replace = 1; break;
		case OPT_SEED: seed = optarg; break;
		case OPT_DAILY: use_daily = 1; daily = optarg; break;
		case OPT_PER: o.per = optarg; break;
		case OPT_KEEP_ORDER: o.keep_order = 1; break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_COLOR: /* the convention; lines pass through uncoloured */
			if (color_parse(optarg, &color) != 0)
				diag_usage_error("invalid --color argument '%s' (auto, always or never)",
						 optarg);
			break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		default: diag_bad_option(c, argv);
		}
	}
	if (seed && use_daily)
		diag_usage_error("--seed and --daily cannot be used together");
	if (daily && !seed_date_valid(daily))
		diag_usage_error("invalid date: '%s' (expected YYYY-MM-DD)", daily);
	int daily_bare = use_daily && !daily;
	if (use_daily && !daily) {
		int e = seed_today(today);
		if (e)
			diag_die("cannot get today's date: %s", strerror(e));
		daily = today;
	}
	if (daily)
		seed = daily;
	if (seed) {
		o.seed = seed_of_string(seed, strlen(seed));
	} else {
		int e = seed_random(&o.seed);
		if (e)
			diag_die("cannot get a random seed: %s", strerror(e));
	}

	out_init(line_buffered);
	/* As grep -m 0: nothing can be picked, so nothing is read. */
	if (o.count == 0) {
		out_close();
		return EXIT_NOMATCH;
	}
	struct sample *sampler = sample_new(&o);
	struct walk w = {sampler, daily_bare, NULL};
	input_walk_lines(argv + optind, argc - optind, on_line, report, &w);
	struct sample_pick pick;
	int picked = 0;
	while (sample_next(sampler, &pick)) {
		for (size_t i = 0; i < pick.count; i++) {
			out_write(pick.line, pick.len);
			out_char('\n');
			out_end_record();
		}
		picked = 1;
	}
	if (o.per && sample_lines(sampler) && !sample_per_seen(sampler))
		diag_warning(NULL, 0, "no record has a field '%s'", o.per);
	sample_free(sampler);
	out_close();
	if (diag_errors())
		return EXIT_TROUBLE;
	return picked ? EXIT_MATCH : EXIT_NOMATCH;
}
