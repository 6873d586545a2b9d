#include "diag.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "termsafe.h"
#include "version.h"

static const char *prog_name = "iqtools";
static unsigned long error_count;

void diag_init(const char *prog)
{
	const char *slash = strrchr(prog, '/');
	prog_name = slash ? slash + 1 : prog;
}

const char *diag_prog(void) { return prog_name; }

/* Set while a message is being built: an allocation that fails then would
 * report "memory exhausted" through here again. */
static int reporting;

static _Noreturn void exhausted_while_reporting(void)
{
	fputs(prog_name, stderr);
	fputs(": memory exhausted\n", stderr);
	_Exit(EXIT_TROUBLE);
}

/* Appends fmt's expansion, with every control character made visible. */
static void add_safe_vprintf(struct buf *line, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return;
	struct buf text = BUF_INIT;
	buf_grow(&text, (size_t)n + 1);
	if (vsnprintf(text.p, (size_t)n + 1, fmt, ap) == n)
		termsafe_append(line, text.p, (size_t)n, 0);
	buf_free(&text);
}

static void add_safe(struct buf *line, const char *s)
{
	termsafe_append(line, s, strlen(s), 0);
}

/* "PROG: FILE:LINE: KIND" and the message, as one line on stderr.  File
 * names, the program's name and the message may all hold a stranger's
 * text, so none of it reaches the terminal raw (termsafe.h). */
static void vreport(const char *file, unsigned long line, const char *kind,
		    const char *fmt, va_list ap)
{
	if (reporting)
		exhausted_while_reporting();
	reporting = 1;
	struct buf out = BUF_INIT;
	add_safe(&out, prog_name);
	buf_adds(&out, ": ");
	if (file) {
		add_safe(&out, file);
		if (line) {
			char num[24];
			int n = snprintf(num, sizeof num, ":%lu", line);
			if (n > 0 && (size_t)n < sizeof num)
				buf_add(&out, num, (size_t)n);
		}
		buf_adds(&out, ": ");
	}
	buf_adds(&out, kind);
	add_safe_vprintf(&out, fmt, ap);
	buf_addc(&out, '\n');
	/* One write per message keeps concurrent writers' lines whole. */
	fwrite(out.p, 1, out.len, stderr);
	fflush(stderr);
	buf_free(&out);
	reporting = 0;
}

static void report(const char *file, unsigned long line, const char *kind,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, kind, fmt, ap);
	va_end(ap);
}

void diag_error(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, "", fmt, ap);
	va_end(ap);
	error_count++;
}

void diag_report_operand(void *userdata, const char *file, unsigned long line,
			 const char *message)
{
	(void)userdata;
	diag_error(file, line, "%s", message);
}

void diag_warning(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, "warning: ", fmt, ap);
	va_end(ap);
}

unsigned long diag_errors(void) { return error_count; }

void diag_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, "", fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void diag_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, "", fmt, ap);
	va_end(ap);
	struct buf hint = BUF_INIT;
	buf_adds(&hint, "Try '");
	add_safe(&hint, prog_name);
	buf_adds(&hint, " --help' for more information.\n");
	fwrite(hint.p, 1, hint.len, stderr);
	buf_free(&hint);
	exit(EXIT_TROUBLE);
}

void diag_bad_option(int c, char *const *argv)
{
	const char *arg = argv[optind - 1];
	int is_long = arg[0] == '-' && arg[1] == '-';
	if (optopt > 0 && optopt < 256 && !is_long) {
		if (c == ':')
			diag_usage_error("option requires an argument -- '%c'", optopt);
		diag_usage_error("invalid option -- '%c'", optopt);
	}
	if (c == ':')
		diag_usage_error("option '%s' requires an argument", arg);
	if (optopt) /* a long option given "=VALUE" it does not take */
		diag_usage_error("option '%.*s' doesn't allow an argument",
				 (int)strcspn(arg, "="), arg);
	diag_usage_error("unrecognized option '%s'", arg);
}

void diag_write_failed(int errnum)
{
	if (errnum == EPIPE)
		_Exit(EXIT_TROUBLE);
	report(NULL, 0, "", "write error: %s", strerror(errnum));
	_Exit(EXIT_TROUBLE);
}

void diag_version(void)
{
	if (printf("%s (iqtools) %s\n", prog_name, IQ_VERSION) < 0 ||
	    fflush(stdout) != 0)
		diag_write_failed(errno);
	exit(EXIT_MATCH);
}
