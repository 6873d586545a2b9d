/* iqfmt: render records for people and for other programs (man/iqfmt.1). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "anki.h"
#include "buf.h"
#include "color.h"
#include "diag.h"
#include "jsonl.h"
#include "out.h"
#include "render.h"
#include "summary.h"
#include "template.h"
#include "xalloc.h"

#define USAGE "usage: iqfmt [-t format] [-F list] [-f template] [-w cols] [--color=when] " \
	      "[--line-buffered] [--deck name] [file ...]\n"

enum { OPT_COLOR = 256, OPT_LINE_BUFFERED, OPT_HELP, OPT_VERSION, OPT_DECK };

static const struct option longopts[] = {
	{"to", required_argument, NULL, 't'},
	{"fields", required_argument, NULL, 'F'},
	{"template", required_argument, NULL, 'f'},
	{"width", required_argument, NULL, 'w'},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"colour", optional_argument, NULL, OPT_COLOR},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{"deck", required_argument, NULL, OPT_DECK},
	{NULL, 0, NULL, 0},
};

static _Noreturn void usage(void)
{
	out_str(USAGE
		"Render iqtools records (JSON Lines) for people and for other programs.\n"
		"\n"
		"  -t, --to=FORMAT        text (default), markdown, csv, tsv, html, json, jsonl,\n"
		"                         summary, anki\n"
		"  -F, --fields=LIST      csv and tsv columns, default n,section,topic,title,url;\n"
		"                         summary: the field to group by, default section\n"
		"  -f, --template=TEMPLATE\n"
		"                         a line per record: {field}, {{, }}, \\n, \\t, \\\\\n"
		"  -w, --width=COLS       text: wrap at COLS columns (0: never); default: the\n"
		"                         terminal's width, else $COLUMNS, else no wrapping\n"
		"      --color[=WHEN]     text: colour auto (on a terminal, unless NO_COLOR is\n"
		"                         set), always or never\n"
		"      --line-buffered    write out every record at once\n"
		"      --deck=NAME        anki: the deck, default Interview (notes go to\n"
		"                         NAME::SECTION)\n"
		"      --help             print this help and exit\n"
		"      --version          print the version and exit\n"
		"\n"
		"With no FILE, or when FILE is -, read standard input.  Exit status: 0,\n"
		"or 2 after any error (a bad line is reported and skipped).\n");
	out_close();
	exit(EXIT_MATCH);
}

static size_t parse_width(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || *s == '-' || v > 100000)
		diag_usage_error("invalid width '%s'", s);
	return v;
}

static size_t default_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	char *end;
	unsigned long v = c ? strtoul(c, &end, 10) : 0;
	return c && *c && !*end && v <= 100000 ? v : 0;
}

struct run {
	struct render *r;
	struct summary *summary;  /* -t summary: instead of r */
	struct anki *anki;        /* -t anki: instead of r */
	struct buf out;
	int line_buffered;
};

static int on_line(const char *file, unsigned long lineno, char *line, size_t len, void *ud)
{
	struct run *run = ud;
	char err[256];
	int inexact;
	json_t *obj = jsonl_parse_inexact(line, len, &inexact, err, sizeof err);
	if (!obj) {
		diag_error(file, lineno, "%s", err);
		return 0;
	}
	if (inexact)
		diag_warning(file, lineno, "integer beyond 64 bits read as a real number");
	if (run->summary)
		summary_record(run->summary, obj);
	else if (run->anki)
		anki_record(run->anki, obj, &run->out);
	else
		render_record(run->r, obj, &run->out);
	json_decref(obj);
	if (run->out.len && (run->line_buffered || run->out.len >= 1 << 16)) {
		out_write(run->out.p, run->out.len);
		buf_reset(&run->out);
		out_end_record();
	}
	return 0;
}

int main(int argc, char **argv)
{
	diag_init(argv[0]);
	xalloc_init_jansson();
	out_init(0);
	struct render_opts opts = {.format = RENDER_TEXT};
	const char *to = NULL, *tmpl_src = NULL, *width = NULL, *deck = NULL;
	int c, line_buffered = 0;
	enum color_when color = COLOR_AUTO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:F:f:w:", longopts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'F': opts.fields = optarg; break;
		case 'f': tmpl_src = optarg; break;
		case 'w': width = optarg; break;
		case OPT_COLOR:
			if (color_parse(optarg, &color) != 0)
				diag_usage_error("invalid --color argument '%s' (auto, always or never)",
						 optarg);
			break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		case OPT_DECK: deck = optarg; break;
		default: diag_bad_option(c, argv);
		}
	}
	if (to && tmpl_src)
		diag_usage_error("-t and -f cannot be used together");
	int is_summary = to && strcmp(to, "summary") == 0, is_anki = to && strcmp(to, "anki") == 0;
	if (to && !is_summary && !is_anki && !render_format_from_name(to, &opts.format))
		diag_usage_error("unknown format '%s' (text, markdown, csv, tsv, html, json, jsonl, "
				 "summary, anki)", to);
	if (deck && (!is_anki || !*deck))
		diag_usage_error(*deck ? "--deck applies to anki only" : "empty deck name");
	char err[256];
	struct template *tmpl = NULL;
	if (tmpl_src) {
		if (!(tmpl = template_compile(tmpl_src, err, sizeof err)))
			diag_usage_error("%s", err);
		opts.format = RENDER_TEMPLATE;
		opts.tmpl = tmpl;
	}
	if (opts.fields && (is_anki || (!is_summary && opts.format != RENDER_CSV &&
					opts.format != RENDER_TSV)))
		diag_usage_error("-F applies to csv, tsv and summary only");
	opts.width = width ? parse_width(width) : default_width();
	opts.color = color_enabled(color);

	struct run run = {.line_buffered = line_buffered};
	if (is_summary)
		run.summary = summary_new(&(struct summary_opts){opts.fields, opts.color});
	else if (is_anki)
		run.anki = anki_new(deck);
	else if (!(run.r = render_new(&opts, err, sizeof err)))
		diag_usage_error("%s", err);
	if (line_buffered)
		out_init(1);
	jsonl_walk(argv + optind, argc - optind, on_line, diag_report, &run);
	if (run.summary)
		summary_finish(run.summary, &run.out);
	else if (run.anki)
		anki_finish(run.anki, &run.out);
	else
		render_finish(run.r, &run.out);
	if (run.out.len)
		out_write(run.out.p, run.out.len);
	out_close();
	buf_free(&run.out);
	render_free(run.r);
	if (run.summary && opts.fields && !summary_field_seen(run.summary))
		diag_warning(NULL, 0, "no record has a field '%s'", opts.fields);
	summary_free(run.summary);
	anki_free(run.anki);
	template_free(tmpl);
	return diag_errors() ? EXIT_TROUBLE : EXIT_MATCH;
}
