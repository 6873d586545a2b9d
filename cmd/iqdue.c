/* iqdue: the records due for review, with their memory state (SPEC §3a).
 * The log is lib/reviewlog, the model lib/fsrs, the decision and the keys
 * lib/schedule, which also holds and orders what is printed; this file
 * parses options and reads the records. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsrs.h"
#include "input.h"
#include "jsonl.h"
#include "logpath.h"
#include "out.h"
#include "reviewlog.h"
#include "schedule.h"
#include "xalloc.h"

enum { OPT_NEW = 256, OPT_ALL, OPT_NOW, OPT_RETENTION, OPT_BY, OPT_TARGET,
       OPT_LINE_BUFFERED, OPT_HELP, OPT_VERSION };

static const struct option longopts[] = {
	{"count", required_argument, NULL, 'n'},
	{"new", required_argument, NULL, OPT_NEW},
	{"all", no_argument, NULL, OPT_ALL},
	{"now", required_argument, NULL, OPT_NOW},
	{"retention", required_argument, NULL, OPT_RETENTION},
	{"by", required_argument, NULL, OPT_BY},
	{"target", required_argument, NULL, OPT_TARGET},
	{"log", required_argument, NULL, 'l'},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

/* The first two lines are the man page's SYNOPSIS, word for word. */
static const char usage_text[] =
	"usage: iqdue [--all] [-n num] [--new num] [--now time] [--retention r]\n"
	"             [--by date [--target r]] [--line-buffered] [-l log] ... [file ...]\n"
	"Print the records that are due for review, lowest recall first, then new\n"
	"ones, each with its FSRS-6 memory state appended (see iqdue(1)).\n"
	"\n"
	"  -n, --count=NUM       print at most NUM records in all\n"
	"      --new=NUM         at most NUM new records a day (default 20)\n"
	"      --all             every record in input order, due or not\n"
	"      --now=TIME        the clock: RFC 3339, or YYYY-MM-DD (local midnight)\n"
	"      --retention=R     the recall to review at, 0.70 to 0.99 (default 0.9)\n"
	"      --by=DATE         be ready on DATE, YYYY-MM-DD: review what would fall\n"
	"                        below the target by then, pace the new ones\n"
	"      --target=R        the recall wanted on DATE (default 0.95, at least R)\n"
	"  -l, --log=FILE        the review log (repeatable; - is standard input)\n"
	"      --line-buffered   flush the output after every record\n"
	"      --help            print this help and exit\n"
	"      --version         print the version and exit\n"
	"\n"
	"Without -l the log is $IQ_LOG, else $XDG_STATE_HOME/iqtools/reviews.jsonl,\n"
	"else ~/.local/state/iqtools/reviews.jsonl.  Exit status: 0 if a record was\n"
	"printed, 1 if none is due, 2 on an error.\n";

static _Noreturn void usage(void)
{
	out_str(usage_text);
	out_close();
	exit(EXIT_MATCH);
}

/* NUM: decimal digits; beyond SIZE_MAX it means "no limit". */
static size_t parse_count(const char *arg, const char *what)
{
	if (!*arg || strspn(arg, "0123456789") != strlen(arg))
		diag_usage_error("invalid %s: '%s'", what, arg);
	errno = 0;
	unsigned long long v = strtoull(arg, NULL, 10);
	return errno == ERANGE || v > SIZE_MAX ? SIZE_MAX : (size_t)v;
}

/* A plain decimal (digits, at most one point, no sign or exponent). */
static double parse_decimal(const char *arg, const char *what, double lo, double hi)
{
	size_t digits = strspn(arg, "0123456789."), points = 0;
	for (const char *p = arg; *p; p++)
		points += *p == '.';
	double v = digits == strlen(arg) && points <= 1 && digits > points ? strtod(arg, NULL) : -1;
	if (!(v >= lo && v <= hi))
		diag_usage_error("invalid %s: '%s' (a decimal from %.2f to %.2f)", what, arg, lo, hi);
	return v;
}

struct run {
	struct schedule_opts so;
	struct reviewlog *log;
	int all;
	size_t count, printed;
	int repeat_warned;
	const char *inexact_file;
	struct buf line;
	struct schedule_queue *queue; /* the ids seen; what waits for the end */
};


static void print_line(struct run *r, const char *p, size_t len)
{
	out_write(p, len);
	out_char('\n');
	out_end_record();
	r->printed++;
}

static int on_record(const char *file, unsigned long lineno, char *line, size_t len, void *ud)
{
	struct run *r = ud;
	char err[256];
	int inexact;
	json_t *obj = jsonl_parse_inexact(line, len, &inexact, err, sizeof err);
	size_t idlen;
	const char *id = obj ? jsonl_get_string(obj, "id", &idlen) : NULL;
	if (!obj || !id) {
		diag_error(file, lineno, "%s", obj ? "no string \"id\"" : err);
		json_decref(obj);
		return 0;
	}
	if (inexact && r->inexact_file != file) {
		r->inexact_file = file;
		diag_warning(file, lineno, "integer beyond 64 bits read as a real number");
	}
	if (schedule_queue_repeated(r->queue, id, idlen)) {
		if (!r->repeat_warned)
			diag_warning(file, lineno, "repeated id '%.*s': this and every later record "
				     "with an id seen before are left out", (int)(idlen > 64 ? 64 : idlen), id);
		r->repeat_warned = 1;
		json_decref(obj);
		return 0;
	}
	uint64_t v;
	const struct memory *m = reviewlog_parse_id(id, idlen, &v) == 0 ? reviewlog_find(r->log, v) : NULL;
	struct schedule sc;
	schedule_of(&r->so, m, &sc);
	buf_reset(&r->line);
	int keep = r->all || schedule_queue_wants(r->queue, &sc);
	if (keep && schedule_format(&r->line, line, len, obj, &r->so, &sc) != 0) {
		diag_error(file, lineno, "cannot write the record again");
		keep = 0;
	}
	json_decref(obj);
	if (keep && r->all)
		print_line(r, r->line.p, r->line.len);
	else if (keep)
		schedule_queue_add(r->queue, r->line.p, r->line.len, &sc);
	return r->all && r->printed >= r->count;
}

static int reads_stdin(char **operands, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(operands[i], "-") == 0)
			return 1;
	return n == 0;
}

int main(int argc, char **argv)
{
	struct run r = {.count = SIZE_MAX, .line = BUF_INIT};
	r.so.retention = FSRS_RETENTION_DEFAULT;
	const char *now_arg = NULL, *by_arg = NULL, *target_arg = NULL, *new_arg = NULL;
	char **logs = xcalloc((size_t)argc + 1, sizeof *logs);
	int nlogs = 0, log_stdin = 0, line_buffered = 0, c;

	diag_init("iqdue");
	xalloc_init_jansson();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:l:", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': r.count = parse_count(optarg, "count"); break;
		case 'l':
			logs[nlogs++] = optarg;
			log_stdin |= strcmp(optarg, "-") == 0;
			break;
		case OPT_NEW: new_arg = optarg; break;
		case OPT_ALL: r.all = 1; break;
		case OPT_NOW: now_arg = optarg; break;
		case OPT_RETENTION: r.so.retention = parse_decimal(optarg, "retention", 0.70, 0.99); break;
		case OPT_BY: by_arg = optarg; break;
		case OPT_TARGET: target_arg = optarg; break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		default: diag_bad_option(c, argv);
		}
	}
	size_t new_per_day = new_arg ? parse_count(new_arg, "number of new records") : 20;
	if (now_arg && clock_parse_arg(now_arg, &r.so.now) != 0)
		diag_usage_error("invalid time: '%s' (RFC 3339, or YYYY-MM-DD)", now_arg);
	if (!now_arg)
		r.so.now = clock_now();
	if (by_arg && clock_parse_date(by_arg, strlen(by_arg), &r.so.by) != 0)
		diag_usage_error("invalid date: '%s' (expected YYYY-MM-DD)", by_arg);
	r.so.has_by = by_arg != NULL;
	if (target_arg && !by_arg)
		diag_usage_error("--target needs --by");
	r.so.target = r.so.retention > 0.95 ? r.so.retention : 0.95;
	if (target_arg) {
		r.so.target = parse_decimal(target_arg, "target", 0, 1);
		if (r.so.target < r.so.retention)
			diag_usage_error("the target %s is below the retention %.2f", target_arg,
					 r.so.retention);
	}
	if (log_stdin && reads_stdin(argv + optind, argc - optind))
		diag_usage_error("-l - and records on standard input cannot both be read");

	r.log = reviewlog_new(r.so.now);
	if (nlogs == 0) {
		const char *why;
		char *path = logpath_default(&why);
		if (path)
			reviewlog_read(r.log, path, diag_report_operand, NULL);
		else
			diag_error(NULL, 0, "cannot find the review log: %s", why);
		free(path);
	}
	for (int i = 0; i < nlogs; i++)
		reviewlog_read(r.log, logs[i], diag_report_operand, NULL);
	reviewlog_replay(r.log);

	out_init(line_buffered);
	r.queue = schedule_queue_new(&r.so, r.count, new_per_day, by_arg && !new_arg);
	if (r.count > 0)
		input_walk_lines(argv + optind, argc - optind, on_record, diag_report_operand, &r);
	const char *p;
	size_t len;
	while (!r.all && schedule_queue_next(r.queue, &p, &len))
		print_line(&r, p, len);
	out_close();
	reviewlog_free(r.log);
	buf_free(&r.line);
	schedule_queue_free(r.queue);
	free(logs);
	if (diag_errors())
		return EXIT_TROUBLE;
	return r.printed ? EXIT_MATCH : EXIT_NOMATCH;
}
