# iqtools — see README.md.  Targets: all check install uninstall clean bench
# deps demo fuzz lint.  `make check SANITIZE=1` builds into build/san with
# AddressSanitizer and UndefinedBehaviorSanitizer and tests that build;
# `make check VALGRIND=1` runs every program of the tests under valgrind.

PREFIX  = /usr/local
BINDIR  = $(PREFIX)/bin
MANDIR  = $(PREFIX)/share/man
DESTDIR =
# Where each shell looks for completions (SPEC §3b; Debian's zsh reads
# vendor-completions under /usr, site-functions elsewhere).
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    = jansson libpcre2-8 md4c libxxhash libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(SANITIZE),1)
BUILD   = build/san
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   = build/opt
SAN     =
endif
BIN     = $(if $(filter 1,$(SANITIZE)),$(BUILD)/bin,bin)
# (BUILD and BIN may be set on the command line to build elsewhere.)

# Stack clash protection where the compiler has it (gcc 8+, clang 11+).
HARDEN := $(shell $(CC) -fstack-clash-protection -x c -c -o /dev/null /dev/null 2>/dev/null && echo -fstack-clash-protection)
# -MMD -MP: each object's header dependencies, in a .d file beside it.
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib $(PKG_CFLAGS) $(HARDEN) $(SAN) \
	-MMD -MP $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
ALL_LIBS    = $(PKG_LIBS) $(LDLIBS)

PROGS   = iqcat iqgrep iqpick iqfmt iqdue iqquiz
# One line per program's own modules, so work on one program touches one line.
LIB_CORE = buf color diag input jsonl out record utf8 xalloc set width termsafe clock logpath
LIB_CAT  = catalogue catcheck labels entity builtin
LIB_GREP = match jsonscan
LIB_PICK = sample seed
LIB_FMT  = render escape jsonw template strmap summary anki
LIB_DUE  = fsrs reviewlog schedule
LIB_QUIZ = tty quiz
LIB_MODS = $(LIB_CORE) $(LIB_CAT) $(LIB_GREP) $(LIB_PICK) $(LIB_FMT) $(LIB_DUE) $(LIB_QUIZ)
UNITS_CORE = test_utf8 test_record test_input test_jsonl test_termsafe test_clock test_set test_color
UNITS_CAT  = test_catalogue test_catcheck
UNITS_GREP = test_match
UNITS_PICK = test_sample test_seed
UNITS_FMT  = test_render
UNITS_DUE  = test_fsrs
UNITS    = $(UNITS_CORE) $(UNITS_CAT) $(UNITS_GREP) $(UNITS_PICK) $(UNITS_FMT) $(UNITS_DUE)
MANS1   = $(PROGS:%=man/%.1)
MAN7    = man/iqtools.7

LIB_OBJS = $(LIB_MODS:%=$(BUILD)/lib/%.o)
LIBA     = $(BUILD)/libiq.a

all: $(PROGS:%=$(BIN)/%)

$(BUILD)/lib/%.o: lib/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lib/entity.o: lib/entities.inc

# The built-in catalogue, compiled in as a byte array (lib/builtin.c).
$(BUILD)/catalogue_md.inc: data/catalogue.md
	@mkdir -p $(@D)
	od -An -v -tx1 data/catalogue.md | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' > $@

$(BUILD)/lib/builtin.o: lib/builtin.c $(BUILD)/catalogue_md.inc Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(BUILD)/cmd/%.o: cmd/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN)/%: $(BUILD)/cmd/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) -lcmocka

TEST_SCRIPTS = $(sort $(filter-out tests/lib.sh,$(wildcard tests/*.sh)))

check: all $(UNITS:%=$(BUILD)/unit/%)
	IQ_BIN=$(CURDIR)/$(BIN) IQ_VALGRIND=$(VALGRIND) ./tests/run $(UNITS:%=$(BUILD)/unit/%) $(TEST_SCRIPTS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	for p in $(PROGS); do cp -f $(BIN)/$$p $(DESTDIR)$(BINDIR)/$$p; chmod 755 $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANS1); do cp -f $$m $(DESTDIR)$(MANDIR)/man1/; chmod 644 $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	cp -f $(MAN7) $(DESTDIR)$(MANDIR)/man7/ && chmod 644 $(DESTDIR)$(MANDIR)/man7/iqtools.7
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp -f completions/iqtools.bash $(DESTDIR)$(BASHCOMPDIR)/iqcat && chmod 644 $(DESTDIR)$(BASHCOMPDIR)/iqcat
	for p in $(filter-out iqcat,$(PROGS)); do ln -sf iqcat $(DESTDIR)$(BASHCOMPDIR)/$$p; done
	cp -f completions/_iqtools $(DESTDIR)$(ZSHCOMPDIR)/_iqtools && chmod 644 $(DESTDIR)$(ZSHCOMPDIR)/_iqtools
	for p in $(PROGS); do cp -f completions/iqtools.fish $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; chmod 644 $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANS1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	rm -f $(DESTDIR)$(MANDIR)/man7/iqtools.7
	for p in $(PROGS); do rm -f $(DESTDIR)$(BASHCOMPDIR)/$$p $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_iqtools

clean:
	rm -rf build bin

# Debian packages to build and test; bench peers come with `make bench`.
DEB_BUILD = build-essential pkg-config libjansson-dev libpcre2-dev libmd4c-dev \
	libxxhash-dev libutf8proc-dev
DEB_TEST  = libcmocka-dev mandoc python3 python3-html5lib clang clang-tools cppcheck \
	strace tmux fzf bash-completion zsh fish
DEB_BENCH = hyperfine jq miller ripgrep cmark libmd4c-html0-dev time

deps:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_BUILD) $(DEB_TEST); \
	else \
		echo "run as root: apt-get install $(DEB_BUILD) $(DEB_TEST)"; \
	fi

demo:
	@pkg-config --exists $(PKGS) || $(MAKE) deps
	@$(MAKE) --no-print-directory all
	$(BIN)/iqcat | $(BIN)/iqpick -n 3 | $(BIN)/iqfmt

# The peers make bench runs beside iqtools; installed when missing and root.
deps-bench:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_BENCH); \
	else \
		echo "run as root: apt-get install $(DEB_BENCH)"; \
	fi

bench: all
	@command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || $(MAKE) deps-bench
	./tests/bench/run

# libFuzzer harnesses (clang): `make fuzz` builds them into build/fuzz and
# runs each for FUZZ_SECONDS on a corpus seeded from the tests.
FUZZERS      = fuzz_catalogue fuzz_jsonl fuzz_template fuzz_match fuzz_render fuzz_reviewlog
FUZZ_SECONDS = 60
FUZZ_BUILD   = build/fuzz
FUZZ_SAN     = -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

fuzz-build:
	$(MAKE) CC=clang BUILD=$(FUZZ_BUILD) SAN='$(FUZZ_SAN)' $(FUZZERS:%=$(FUZZ_BUILD)/fuzz/%)

fuzz: fuzz-build
	./tests/fuzz/run $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZERS)

# make lint: the build with stricter warnings under gcc and clang, then
# cppcheck and clang's static analyser; any finding fails it.
LINT_WARN = -O2 -Wpedantic -Wshadow -Wconversion -Werror
LINT_SRCS = $(LIB_MODS:%=lib/%.c) $(PROGS:%=cmd/%.c)

lint:
	@fail=0; \
	$(MAKE) --no-print-directory -k CC=gcc BUILD=build/lint-gcc BIN=build/lint-gcc/bin CFLAGS='$(LINT_WARN)' all || fail=1; \
	$(MAKE) --no-print-directory -k CC=clang BUILD=build/lint-clang BIN=build/lint-clang/bin CFLAGS='$(LINT_WARN)' all || fail=1; \
	cppcheck -q --error-exitcode=1 --std=c11 --enable=warning,portability --inline-suppr \
		-D_GNU_SOURCE -Ilib -Ibuild/lint-gcc --include=$$(pkg-config --variable=includedir jansson)/jansson.h \
		--template='{file}:{line}: {severity}: {message} [{id}]' $(LINT_SRCS) || fail=1; \
	rm -rf build/lint-scan build/scan-build; \
	scan-build --status-bugs -o build/scan-build $(MAKE) --no-print-directory -k CC=clang \
		BUILD=build/lint-scan BIN=build/lint-scan/bin all || fail=1; \
	if [ $$fail = 0 ]; then echo 'lint: clean'; else echo 'lint: findings above'; exit 1; fi

-include $(wildcard $(BUILD)/lib/*.d $(BUILD)/cmd/*.d $(BUILD)/unit/*.d)

.SECONDARY:

.PHONY: all check install uninstall clean deps deps-bench demo bench fuzz fuzz-build lint
