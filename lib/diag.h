/* diag: the one place where iqtools programs talk to the user on stderr.
 *
 * Every message has the GNU form "PROG: FILE:LINE: message" (or
 * "PROG: FILE: message", or "PROG: message"), lower case, no full stop.
 * Only cmd/ and the fatal paths of xalloc and out call these: other library
 * modules return an error text and let the program decide.
 *
 * A message may quote a stranger's text (a file name, a heading, a token
 * of a bad line), so everything written here goes through termsafe: C0
 * controls, DEL, C1 controls, BiDi controls and bytes of invalid UTF-8 are
 * shown as visible escapes (\x1b, \u009b); callers pass text as it is.
 * Messages have no length limit (the line is built on the heap). */
#ifndef IQ_DIAG_H
#define IQ_DIAG_H

#include <stddef.h>

/* The exit statuses shared by every program (SPEC §2). */
enum { EXIT_MATCH = 0, EXIT_NOMATCH = 1, EXIT_TROUBLE = 2 };

/* Set the program name used as the prefix; the string is borrowed and must
 * outlive the program (argv[0]'s basename or a literal). */
void diag_init(const char *prog);
const char *diag_prog(void);

/* "PROG: FILE:LINE: message"; line 0 leaves out ":LINE", file NULL leaves
 * out "FILE:" too.  Counts one error (see diag_errors). */
void diag_error(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* diag_error with message as it is: the report callback (input_report_fn)
 * of a program that needs nothing more when an operand cannot be read;
 * userdata is not used. */
void diag_report_operand(void *userdata, const char *file, unsigned long line,
			 const char *message);

/* As diag_error, but "warning: " before the message and not counted. */
void diag_warning(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* How many diag_error calls were made: a program exits 2 if any. */
unsigned long diag_errors(void);

/* "PROG: message" then exit 2.  (noreturn is said twice: cppcheck 2.10
 * misses the _Noreturn here and follows a pointer diag_die found NULL.) */
_Noreturn void diag_die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* "PROG: message\nTry 'PROG --help' for more information." then exit 2. */
_Noreturn void diag_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* After getopt_long returned c, '?' or ':' (set opterr = 0 and begin the
 * option string with ':'): report the bad or incomplete option as GNU tools
 * word it, with the usage hint; exit 2. */
_Noreturn void diag_bad_option(int c, char *const *argv);

/* For output errors: a closed pipe ends the program quietly (exit 2, as the
 * reader is gone), anything else is "PROG: write error: STRERROR", exit 2. */
_Noreturn void diag_write_failed(int errnum);

/* Print "NAME (iqtools) VERSION" on stdout and exit 0 (or 2 on a write
 * error). */
_Noreturn void diag_version(void);

#endif
