#include "diag.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

static const char *prog_name = "iqtools";
static unsigned long error_count;

void diag_init(const char *prog)
{
	const char *slash = strrchr(prog, '/');
	prog_name = slash ? slash + 1 : prog;
}

const char *diag_prog(void) { return prog_name; }

static void vreport(const char *file, unsigned long line, const char *kind,
		    const char *fmt, va_list ap)
{
	/* One buffered write per message keeps concurrent writers' lines whole. */
	char buf[4096];
	int len = snprintf(buf, sizeof buf, "%s: ", prog_name);
	if (file && line)
		len += snprintf(buf + len, sizeof buf - len, "%s:%lu: ", file, line);
	else if (file)
		len += snprintf(buf + len, sizeof buf - len, "%s: ", file);
	if ((size_t)len < sizeof buf)
		len += snprintf(buf + len, sizeof buf - len, "%s", kind);
	if ((size_t)len < sizeof buf)
		len += vsnprintf(buf + len, sizeof buf - len, fmt, ap);
	if ((size_t)len >= sizeof buf - 1)
		len = sizeof buf - 2;
	buf[len++] = '\n';
	fwrite(buf, 1, len, stderr);
	fflush(stderr);
}

void diag_error(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, "", fmt, ap);
	va_end(ap);
	error_count++;
}

void diag_report(const char *file, unsigned long line, const char *message)
{
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
	fprintf(stderr, "Try '%s --help' for more information.\n", prog_name);
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
	fprintf(stderr, "%s: write error: %s\n", prog_name, strerror(errnum));
	_Exit(EXIT_TROUBLE);
}

void diag_version(void)
{
	if (printf("%s (iqtools) %s\n", prog_name, IQ_VERSION) < 0 ||
	    fflush(stdout) != 0)
		diag_write_failed(errno);
	exit(EXIT_MATCH);
}
