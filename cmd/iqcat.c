/* iqcat: Markdown catalogues to JSON Lines records. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalogue.h"
#include "color.h"
#include "diag.h"
#include "input.h"
#include "out.h"
#include "record.h"
#include "termsafe.h"
#include "xalloc.h"

static const char usage_text[] =
	"usage: iqcat [-ab] [--check] [--links] [--color[=when]] [--line-buffered] [file ...]\n"
	"Print a JSON Lines record for every link and every question of each\n"
	"Markdown file (standard input for -; the built-in catalogue when no file\n"
	"is given).\n"
	"\n"
	"  -a, --all            keep in-page anchors, mailto links, badges and images\n"
	"  -b, --builtin        read the built-in catalogue too, before the files\n"
	"      --check          print no records; report duplicate URLs, empty sections,\n"
	"                       items without a link and empty links; exit 1 if any\n"
	"      --links          link records only, no question records\n"
	"      --color[=when]   accepted (auto, always, never); records are never coloured\n"
	"      --line-buffered  flush after every record\n"
	"      --help           show this help and exit\n"
	"      --version        show the version and exit\n";

static unsigned long warnings;

/* Records are formatted straight into out's buffer. */
static void print_record(const struct record *r, void *userdata)
{
	(void)userdata;
	record_format(out_buf(), r);
	out_end_record();
}

static void print_warning(const char *file, unsigned long lineno, const char *message,
			  void *userdata)
{
	(void)userdata;
	struct buf *line = out_buf();
	char at[32];
	warnings++;
	/* The message quotes catalogue text: a stranger's, made safe to show. */
	termsafe_append(line, file, strlen(file), 0);
	snprintf(at, sizeof at, ":%lu: warning: ", lineno);
	buf_adds(line, at);
	termsafe_append(line, message, strlen(message), 0);
	buf_addc(line, '\n');
	out_end_record();
}

static void convert(const char *name, char *text, size_t len, void *userdata)
{
	struct catalogue *cat = userdata;
	const char *error = catalogue_parse(cat, text, len, name);
	if (error)
		diag_error(name, 0, "cannot parse: %s", error);
}

int main(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_LINKS, OPT_COLOR, OPT_LINE_BUFFERED, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{"all", no_argument, NULL, 'a'},
		{"builtin", no_argument, NULL, 'b'},
		{"check", no_argument, NULL, OPT_CHECK},
		{"links", no_argument, NULL, OPT_LINKS},
		{"color", optional_argument, NULL, OPT_COLOR},
		{"colour", optional_argument, NULL, OPT_COLOR},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"help", no_argument, NULL, OPT_HELP},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	struct catalogue_options options = {0, 0, 0};
	int c, builtin = 0, line_buffered = 0;
	enum color_when color;

	diag_init("iqcat");
	xalloc_init_jansson();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ab", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': options.all = 1; break;
		case 'b': builtin = 1; break;
		case OPT_CHECK: options.check = 1; break;
		case OPT_LINKS: options.links = 1; break;
		case OPT_COLOR: /* the convention; records are never coloured */
			if (color_parse(optarg, &color) != 0)
				diag_usage_error("invalid --color argument '%s' (auto, always or never)",
						 optarg);
			break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			if (fflush(stdout) != 0)
				diag_write_failed(errno);
			return EXIT_MATCH;
		case OPT_VERSION: diag_version();
		default: diag_bad_option(c, argv);
		}
	}
	out_init(line_buffered);
	struct catalogue *cat = catalogue_new(&options, print_record, print_warning, NULL);
	if (optind == argc || builtin) {
		size_t len;
		const char *text = catalogue_builtin(&len);
		catalogue_parse(cat, text, len, "catalogue.md");
	}
	if (optind < argc)
		input_walk_files(argv + optind, argc - optind, convert, diag_report_operand, cat);
	catalogue_free(cat);
	out_close();
	if (diag_errors())
		return EXIT_TROUBLE;
	return options.check && warnings ? EXIT_NOMATCH : EXIT_MATCH;
}
