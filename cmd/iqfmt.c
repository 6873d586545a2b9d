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
#include "input.h"
#include "jsonl.h"
#include "out.h"
#include "render.h"
#include "summary.h"
#include "template.h"
#include "termsafe.h"
#include "xalloc.h"

#define USAGE "usage: iqfmt [-t format] [-F list] [-f template] [-w cols] [--color=when]\n" \
	      "             [--lang=tag] [--spreadsheet] [--deck=name] [--line-buffered] [file ...]\n"

enum { OPT_COLOR = 256, OPT_LANG, OPT_SPREADSHEET, OPT_DECK, OPT_LINE_BUFFERED, OPT_HELP, OPT_VERSION };

/* The formats of -t: a module with formats of its own adds a line each. */
static const struct format {
	const char *name;
	enum render_format fmt; /* for render_ops */
	const struct render_ops *ops;
	int takes_fields;       /* -F applies */
} formats[] = {
	{"text", RENDER_TEXT, &render_ops, 0},
	{"markdown", RENDER_MARKDOWN, &render_ops, 0},
	{"md", RENDER_MARKDOWN, &render_ops, 0},
	{"csv", RENDER_CSV, &render_ops, 1},
	{"tsv", RENDER_TSV, &render_ops, 1},
	{"html", RENDER_HTML, &render_ops, 0},
	{"json", RENDER_JSON, &render_ops, 0},
	{"jsonl", RENDER_JSONL, &render_ops, 0},
	{"summary", RENDER_TEXT, &summary_ops, 1},
	{"anki", RENDER_TEXT, &anki_ops, 0},
};
static const struct format template_format = {"template", RENDER_TEMPLATE, &render_ops, 0};

static const struct format *find_format(const char *name)
{
	struct buf names = BUF_INIT;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(name, formats[i].name) == 0) {
			buf_free(&names);
			return &formats[i];
		}
		if (strcmp(formats[i].name, "md") != 0) {
			buf_adds(&names, names.len ? ", " : "");
			buf_adds(&names, formats[i].name);
		}
	}
	diag_usage_error("unknown format '%s' (%s)", termsafe_str(name), names.p);
}

/* A BCP 47 language tag as HTML's lang takes it: letters, digits and
 * hyphens ("zh-Hans", "ja"). */
static const char *parse_lang(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	if (!*s || s[n] || n > 35 || *s == '-')
		diag_usage_error("invalid language tag '%s' (such as en, zh, ja, ko)",
				 termsafe_str(s));
	return s;
}

static const struct option longopts[] = {
	{"to", required_argument, NULL, 't'},
	{"fields", required_argument, NULL, 'F'},
	{"template", required_argument, NULL, 'f'},
	{"width", required_argument, NULL, 'w'},
	{"lang", required_argument, NULL, OPT_LANG},
	{"spreadsheet", no_argument, NULL, OPT_SPREADSHEET},
	{"deck", required_argument, NULL, OPT_DECK},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"colour", optional_argument, NULL, OPT_COLOR},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
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
		"      --lang=TAG         html: the page's language (default: from the text,\n"
		"                         zh, ja or ko for CJK, else en)\n"
		"      --spreadsheet      csv: a byte-order mark, and a ' before a cell that\n"
		"                         starts with = + - @ tab or CR (no formulas run)\n"
		"      --deck=NAME        anki: the deck, default Interview (notes go to\n"
		"                         NAME::SECTION)\n"
		"      --line-buffered    write out every record at once\n"
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
	const struct render_ops *ops;
	void *r;
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
	/* Rendered straight into out's buffer. */
	run->ops->record(run->r, obj, out_buf());
	json_decref(obj);
	out_end_record();
	return 0;
}

int main(int argc, char **argv)
{
	diag_init(argv[0]);
	xalloc_init_jansson();
	out_init(0);
	struct render_opts opts = {.format = RENDER_TEXT};
	const char *to = NULL, *tmpl_src = NULL, *width = NULL;
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
		case OPT_LANG: opts.lang = parse_lang(optarg); break;
		case OPT_SPREADSHEET: opts.spreadsheet = 1; break;
		case OPT_DECK:
			if (!*optarg)
				diag_usage_error("empty deck name");
			opts.deck = optarg;
			break;
		case OPT_LINE_BUFFERED: line_buffered = 1; break;
		case OPT_HELP: usage();
		case OPT_VERSION: diag_version();
		default: diag_bad_option(c, argv);
		}
	}
	if (to && tmpl_src)
		diag_usage_error("-t and -f cannot be used together");
	const struct format *fmt = to ? find_format(to) : tmpl_src ? &template_format : &formats[0];
	opts.format = fmt->fmt;
	char err[256];
	struct field_template *tmpl = NULL;
	if (tmpl_src && !(tmpl = template_compile(tmpl_src, err, sizeof err)))
		diag_usage_error("%s", err);
	opts.tmpl = tmpl;
	if (opts.fields && !fmt->takes_fields)
		diag_usage_error("-F does not apply to format '%s'", fmt->name);
	if (opts.lang && opts.format != RENDER_HTML)
		diag_usage_error("--lang applies to html only");
	if (opts.spreadsheet && opts.format != RENDER_CSV)
		diag_usage_error("--spreadsheet applies to csv only");
	if (opts.deck && fmt->ops != &anki_ops)
		diag_usage_error("--deck applies to anki only");
	opts.width = width ? parse_width(width) : default_width();
	opts.color = color_enabled(color);

	struct run run = {.ops = fmt->ops};
	if (!(run.r = run.ops->open(&opts, err, sizeof err)))
		diag_usage_error("%s", err);
	if (line_buffered)
		out_init(1);
	input_walk_lines(argv + optind, argc - optind, on_line, diag_report_operand, &run);
	run.ops->finish(run.r, out_buf());
	out_close();
	const char *name;
	for (size_t pos = 0; run.ops->unseen && (name = run.ops->unseen(run.r, &pos));)
		diag_warning(NULL, 0, "no record has a field '%s'", termsafe_str(name));
	run.ops->close(run.r);
	template_free(tmpl);
	return diag_errors() ? EXIT_TROUBLE : EXIT_MATCH;
}
