/* iqgrep: select records by section, topic, regular expression and id
 * (SPEC §3).  The matching is lib/match; this file wires options to it. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "diag.h"
#include "input.h"
#include "match.h"
#include "out.h"
#include "xalloc.h"

enum {
	OPT_ID = 256,
	OPT_IDS,
	OPT_LINE_BUFFERED,
	OPT_COLOR,
	OPT_NO_PREFILTER,
	OPT_HELP,
	OPT_VERSION,
};

static const char shortopts[] = ":ce:Ff:im:qs:t:vwxX:";
static const struct option longopts[] = {
	{"count", no_argument, NULL, 'c'},
	{"regexp", required_argument, NULL, 'e'},
	{"fixed-strings", no_argument, NULL, 'F'},
	{"field", required_argument, NULL, 'f'},
	{"ignore-case", no_argument, NULL, 'i'},
	{"max-count", required_argument, NULL, 'm'},
	{"quiet", no_argument, NULL, 'q'},
	{"silent", no_argument, NULL, 'q'},
	{"section", required_argument, NULL, 's'},
	{"topic", required_argument, NULL, 't'},
	{"invert-match", no_argument, NULL, 'v'},
	{"word-regexp", no_argument, NULL, 'w'},
	{"whole-field", no_argument, NULL, 'x'},
	{"exclude-ids", required_argument, NULL, 'X'},
	{"id", required_argument, NULL, OPT_ID},
	{"ids", required_argument, NULL, OPT_IDS},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"colour", optional_argument, NULL, OPT_COLOR},
	{"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

static const char synopsis[] =
	"usage: iqgrep [-cFiqvwx] [-e PATTERN] [-f NAME] [-m NUM] [-s PATTERN]\n"
	"              [-t PATTERN] [-X FILE] [--id ID] [--ids FILE] [--line-buffered]\n"
	"              [PATTERN] [FILE ...]\n";

static _Noreturn void usage(void)
{
	out_init(0);
	out_str(synopsis);
	out_str("Select JSON Lines records by section, topic, regular expression and id;\n"
		"print them as they came.  Criteria of different kinds must all match.\n\n"
		"  -e, --regexp=PATTERN      PATTERN matches a text field (repeatable)\n"
		"  -f, --field=NAME          match -e patterns against field NAME only\n"
		"  -s, --section=PATTERN     PATTERN matches a heading or the section\n"
		"  -t, --topic=PATTERN       PATTERN matches the topic\n"
		"      --id=ID               the record's id is ID (repeatable)\n"
		"      --ids=FILE            the record's id is listed in FILE\n"
		"  -X, --exclude-ids=FILE    drop records whose id is listed in FILE\n"
		"  -i, --ignore-case         ignore case distinctions (Unicode)\n"
		"  -F, --fixed-strings       patterns are plain strings\n"
		"  -w, --word-regexp         match whole words only\n"
		"  -x, --whole-field         match whole field values only\n"
		"  -v, --invert-match        select the records that do not match\n"
		"  -c, --count               print only the number of selected records\n"
		"  -q, --quiet               print nothing; exit 0 at the first selected\n"
		"  -m, --max-count=NUM       stop after NUM selected records\n"
		"      --line-buffered       flush the output after every record\n"
		"      --color[=WHEN]        accepted; iqgrep never colours its JSON\n"
		"      --no-prefilter        parse every line, and report every bad one\n"
		"      --help, --version     print this help or the version and exit\n\n"
		"FILE - is standard input, and so is no FILE.  Exit status 0 if a record\n"
		"was selected, 1 if none, 2 on any error.  See iqgrep(1).\n");
	out_close();
	exit(EXIT_MATCH);
}

/* Options that need the matcher, which needs every modifier first. */
struct deferred {
	int opt;
	char *arg;
};

struct run {
	struct matcher *m;
	int count, quiet;
	unsigned long max, selected, records;
	const char *warned_inexact; /* the input already warned about big integers */
};

static int on_line(const char *file, unsigned long lineno, char *line, size_t len,
		   void *userdata)
{
	struct run *r = userdata;
	char err[256];
	int sel = matcher_line(r->m, line, len, err, sizeof err);
	if (matcher_line_inexact(r->m) && r->warned_inexact != file) {
		diag_warning(file, lineno, "integer beyond 64 bits read as a real number");
		r->warned_inexact = file;
	}
	if (sel == MATCH_ERROR)
		diag_error(file, lineno, "%s", err);
	else
		r->records++;
	if (sel != MATCH_YES)
		return 0;
	r->selected++;
	if (r->quiet)
		return 1;
	if (!r->count) {
		out_write(line, len);
		out_char('\n');
		out_end_record();
	}
	return r->selected >= r->max;
}

/* Lines the matcher rules out in a run are records, none selected. */
static size_t on_pass(const char *text, size_t len, unsigned long *lines, void *userdata)
{
	struct run *r = userdata;
	size_t n = matcher_pass(r->m, text, len, lines);
	r->records += *lines;
	return n;
}

/* As GNU grep: a negative count is no limit. */
static unsigned long parse_count(const char *s)
{
	char *end;
	int negative = *s == '-';
	const char *digits = s + negative;
	if (*digits < '0' || *digits > '9')
		diag_usage_error("invalid max count '%s'", s);
	errno = 0;
	unsigned long n = strtoul(digits, &end, 10);
	if (*end)
		diag_usage_error("invalid max count '%s'", s);
	if (negative && (n > 0 || errno == ERANGE))
		return ULONG_MAX;
	return errno == ERANGE ? ULONG_MAX : n;
}

int main(int argc, char **argv)
{
	diag_init("iqgrep");
	xalloc_init_jansson();
	struct match_options mo = {0};
	struct run r = {NULL, 0, 0, ULONG_MAX, 0, 0, NULL};
	struct deferred *todo = xcalloc((size_t)argc + 1, sizeof *todo);
	size_t ntodo = 0;
	int line_buffered = 0, criteria = 0, exclude = 0, c;
	enum color_when color; /* accepted for the convention; JSON is never coloured */
	opterr = 0;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': r.count = 1; break;
		case 'F': mo.fixed = 1; break;
		case 'i': mo.caseless = 1; break;
		case 'q': r.quiet = 1; break;
		case 'v': mo.invert = 1; break;
		case 'w': mo.word = 1; break;
		case 'x': mo.whole = 1; break;
		case 'm': r.max = parse_count(optarg); break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_NO_PREFILTER: mo.no_prefilter = 1; break;
		case OPT_COLOR:
			if (color_parse(optarg, &color) != 0)
				diag_usage_error("invalid --color argument '%s' (auto, always or never)",
						 optarg);
			break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		case 'f':
			todo[ntodo++] = (struct deferred){c, optarg};
			break;
		case 'X':
			todo[ntodo++] = (struct deferred){c, optarg};
			exclude = 1;
			break;
		case 'e': case 's': case 't': case OPT_ID: case OPT_IDS:
			todo[ntodo++] = (struct deferred){c, optarg};
			criteria = 1;
			break;
		default: diag_bad_option(c, argv);
		}
	}
	/* As grep: the first operand is the pattern unless a criterion came
	 * as an option; -X is no criterion, and alone it needs no pattern. */
	if (!criteria) {
		if (optind < argc)
			todo[ntodo++] = (struct deferred){'e', argv[optind++]};
		else if (!exclude)
			diag_usage_error("no pattern given");
	}

	r.m = matcher_new(&mo);
	char err[256];
	for (size_t i = 0; i < ntodo; i++) {
		const char *arg = todo[i].arg;
		enum match_kind kind = todo[i].opt == 's'   ? MATCH_SECTION
				       : todo[i].opt == 't' ? MATCH_TOPIC
							    : MATCH_TEXT;
		switch (todo[i].opt) {
		case 'e': case 's': case 't':
			if (matcher_add_pattern(r.m, kind, arg, err, sizeof err) < 0)
				diag_die("%s in pattern '%s'", err, arg);
			break;
		case 'f': matcher_add_field(r.m, arg); break;
		case OPT_ID: matcher_add_id(r.m, 0, arg, strlen(arg)); break;
		}
	}
	/* Id files are read in full before any input: a fault in one is fatal,
	 * so that a damaged list of seen questions never lets them through. */
	int fatal = 0;
	for (size_t i = 0; i < ntodo; i++)
		if (todo[i].opt == OPT_IDS || todo[i].opt == 'X')
			fatal |= matcher_read_ids(r.m, todo[i].opt == 'X', todo[i].arg, diag_report_operand, &r);
	out_init(line_buffered);
	int stopped = 1;
	if (!fatal && r.max > 0)
		stopped = input_walk_lines_passing(argv + optind, argc - optind, on_pass, on_line,
						   diag_report_operand, &r);
	if (!fatal && r.count && !r.quiet)
		out_printf("%lu\n", r.selected);
	out_close();
	/* Only once all the input was read can a field be said to be in no
	 * record; with no record at all, that says nothing. */
	const char *name;
	for (size_t pos = 0; !stopped && r.records && (name = matcher_unseen_field(r.m, &pos));)
		diag_warning(NULL, 0, "no record has a field '%s'", name);
	matcher_free(r.m);
	free(todo);
	if (r.quiet && r.selected)
		return EXIT_MATCH;
	if (diag_errors())
		return EXIT_TROUBLE;
	return r.selected ? EXIT_MATCH : EXIT_NOMATCH;
}
