/* Unit tests of lib/color: the --color words and the auto rules (SPEC §2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "color.h"

static void words(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		enum color_when when;
	} cases[] = {
		{"always", COLOR_ALWAYS}, {"yes", COLOR_ALWAYS}, {"force", COLOR_ALWAYS},
		{"never", COLOR_NEVER},   {"no", COLOR_NEVER},   {"none", COLOR_NEVER},
		{"auto", COLOR_AUTO},     {"tty", COLOR_AUTO},   {"if-tty", COLOR_AUTO},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum color_when w = COLOR_AUTO + 99;
		assert_int_equal(color_parse(cases[i].word, &w), 0);
		assert_int_equal(w, cases[i].when);
	}
	enum color_when w = COLOR_NEVER;
	assert_int_equal(color_parse(NULL, &w), 0);
	assert_int_equal(w, COLOR_ALWAYS);
	assert_int_equal(color_parse("pink", &w), -1);
	assert_int_equal(color_parse("", &w), -1);
	assert_int_equal(color_parse("Always", &w), -1);
}

static void set(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

/* color_enabled(auto) with standard output a terminal (1) or not (0). */
static int auto_on(int terminal, const char *no_color, const char *force, const char *term)
{
	set("NO_COLOR", no_color);
	set("CLICOLOR_FORCE", force);
	set("TERM", term);
	int saved = dup(STDOUT_FILENO), tty = -1, master = -1;
	assert_true(saved >= 0);
	if (terminal) {
		master = posix_openpt(O_RDWR | O_NOCTTY);
		assert_true(master >= 0);
		assert_int_equal(grantpt(master), 0);
		assert_int_equal(unlockpt(master), 0);
		tty = open(ptsname(master), O_RDWR | O_NOCTTY);
		assert_true(tty >= 0);
	} else {
		tty = open("/dev/null", O_WRONLY);
	}
	fflush(stdout);
	dup2(tty, STDOUT_FILENO);
	int on = color_enabled(COLOR_AUTO);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(tty);
	if (master >= 0)
		close(master);
	return on;
}

static void auto_rules(void **state)
{
	(void)state;
	assert_int_equal(auto_on(0, NULL, NULL, "xterm"), 0);
	assert_int_equal(auto_on(1, NULL, NULL, "xterm"), 1);
	assert_int_equal(auto_on(1, NULL, NULL, "dumb"), 0);
	assert_int_equal(auto_on(1, "1", NULL, "xterm"), 0);
	assert_int_equal(auto_on(1, "", NULL, "xterm"), 1);
	assert_int_equal(auto_on(0, NULL, "1", "xterm"), 1);
	assert_int_equal(auto_on(0, NULL, "yes", "dumb"), 1);
	assert_int_equal(auto_on(0, NULL, "0", "xterm"), 0);
	assert_int_equal(auto_on(1, NULL, "0", "xterm"), 1);
	assert_int_equal(auto_on(0, NULL, "", "xterm"), 0);
	assert_int_equal(auto_on(0, "1", "1", "xterm"), 0);
	assert_int_equal(auto_on(0, "", "1", "xterm"), 1);
}

/* color_enabled_fd looks at its descriptor, whatever standard output is:
 * here a terminal that is not standard output, and standard output a
 * terminal while the descriptor is not. */
static void fd_rules(void **state)
{
	(void)state;
	set("NO_COLOR", NULL);
	set("CLICOLOR_FORCE", NULL);
	set("TERM", "xterm");
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	int tty = open(ptsname(master), O_RDWR | O_NOCTTY);
	int null = open("/dev/null", O_WRONLY);
	int saved = dup(STDOUT_FILENO);
	assert_true(tty >= 0 && null >= 0 && saved >= 0);
	fflush(stdout);

	dup2(null, STDOUT_FILENO);
	int tty_auto = color_enabled_fd(tty, COLOR_AUTO);
	int tty_never = color_enabled_fd(tty, COLOR_NEVER);
	set("NO_COLOR", "1");
	int tty_no_color = color_enabled_fd(tty, COLOR_AUTO);
	set("NO_COLOR", NULL);
	set("TERM", "dumb");
	int tty_dumb = color_enabled_fd(tty, COLOR_AUTO);
	set("TERM", "xterm");

	dup2(tty, STDOUT_FILENO);
	int null_auto = color_enabled_fd(null, COLOR_AUTO);
	int null_always = color_enabled_fd(null, COLOR_ALWAYS);
	set("CLICOLOR_FORCE", "1");
	int null_force = color_enabled_fd(null, COLOR_AUTO);
	set("CLICOLOR_FORCE", NULL);

	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	close(tty);
	close(master);
	assert_int_equal(tty_auto, 1);
	assert_int_equal(tty_never, 0);
	assert_int_equal(tty_no_color, 0);
	assert_int_equal(tty_dumb, 0);
	assert_int_equal(null_auto, 0);
	assert_int_equal(null_always, 1);
	assert_int_equal(null_force, 1);
}

static void explicit_wins(void **state)
{
	(void)state;
	set("NO_COLOR", "1");
	assert_int_equal(color_enabled(COLOR_ALWAYS), 1);
	unsetenv("NO_COLOR");
	set("CLICOLOR_FORCE", "1");
	assert_int_equal(color_enabled(COLOR_NEVER), 0);
	unsetenv("CLICOLOR_FORCE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words),
		cmocka_unit_test(auto_rules),
		cmocka_unit_test(fd_rules),
		cmocka_unit_test(explicit_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
