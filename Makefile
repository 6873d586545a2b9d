# iqtools — see README.md.  Targets: all check install uninstall clean bench
# deps demo fuzz.  `make check SANITIZE=1` builds into build/san with
# AddressSanitizer and UndefinedBehaviorSanitizer and tests that build;
# `make check VALGRIND=1` runs every program of the tests under valgrind.

PREFIX  = /usr/local
BINDIR  = $(PREFIX)/bin
MANDIR  = $(PREFIX)/share/man
DESTDIR =

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    = jansson libpcre2-8 md4c libxxhash libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SANITIZE),1)
BUILD   = build/san
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   = build/opt
SAN     =
endif
BIN     = $(if $(filter 1,$(SANITIZE)),$(BUILD)/bin,bin)
# (BUILD and BIN may be set on the command line to build elsewhere.)

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib $(PKG_CFLAGS) $(SAN) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

PROGS   = iqcat iqgrep iqpick iqfmt iqquiz
# One line per program's own modules, so work on one program touches one line.
LIB_CORE = buf color diag input jsonl out record utf8 xalloc width termsafe clock logpath
LIB_CAT  = catalogue entity builtin
LIB_GREP = match grepcheck
LIB_PICK = sample
LIB_FMT  = render escape jsonw template
LIB_QUIZ = tty quiz
LIB_MODS = $(LIB_CORE) $(LIB_CAT) $(LIB_GREP) $(LIB_PICK) $(LIB_FMT) $(LIB_QUIZ)
UNITS_CORE = test_utf8 test_record test_input test_jsonl test_termsafe test_clock
UNITS_CAT  = test_catalogue
UNITS_GREP = test_match
UNITS_PICK = test_sample
UNITS_FMT  = test_render
UNITS    = $(UNITS_CORE) $(UNITS_CAT) $(UNITS_GREP) $(UNITS_PICK) $(UNITS_FMT)
MANS1   = $(PROGS:%=man/%.1)
MAN7    = man/iqtools.7

# (Modules not written yet are left out, so each program builds on its own.)
LIB_OBJS = $(foreach m,$(LIB_MODS),$(if $(wildcard lib/$m.c),$(BUILD)/lib/$m.o))
LIBA     = $(BUILD)/libiq.a

all: $(PROGS:%=$(BIN)/%)

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lib/entity.o: lib/entities.inc

# The built-in catalogue, compiled in as a byte array (lib/builtin.c).
$(BUILD)/catalogue_md.inc: data/catalogue.md
	@mkdir -p $(@D)
	od -An -v -tx1 data/catalogue.md | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' > $@

$(BUILD)/lib/builtin.o: lib/builtin.c $(BUILD)/catalogue_md.inc
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(BUILD)/cmd/%.o: cmd/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN)/%: $(BUILD)/cmd/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

TEST_SCRIPTS = $(sort $(filter-out tests/lib.sh,$(wildcard tests/*.sh)))

check: all $(UNITS:%=$(BUILD)/unit/%)
	IQ_BIN=$(CURDIR)/$(BIN) IQ_VALGRIND=$(VALGRIND) ./tests/run $(UNITS:%=$(BUILD)/unit/%) $(TEST_SCRIPTS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	for p in $(PROGS); do cp -f $(BIN)/$$p $(DESTDIR)$(BINDIR)/$$p; chmod 755 $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANS1); do cp -f $$m $(DESTDIR)$(MANDIR)/man1/; chmod 644 $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	cp -f $(MAN7) $(DESTDIR)$(MANDIR)/man7/ && chmod 644 $(DESTDIR)$(MANDIR)/man7/iqtools.7

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANS1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	rm -f $(DESTDIR)$(MANDIR)/man7/iqtools.7

clean:
	rm -rf build bin

# Debian packages to build and test; bench peers come with `make bench`.
DEB_BUILD = build-essential pkg-config libjansson-dev libpcre2-dev libmd4c-dev \
	libxxhash-dev libutf8proc-dev
DEB_TEST  = libcmocka-dev mandoc python3 python3-html5lib
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
FUZZERS      = fuzz_catalogue fuzz_jsonl fuzz_template fuzz_match
FUZZ_SECONDS = 60
FUZZ_BUILD   = build/fuzz
FUZZ_SAN     = -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-build:
	$(MAKE) CC=clang BUILD=$(FUZZ_BUILD) SAN='$(FUZZ_SAN)' $(FUZZERS:%=$(FUZZ_BUILD)/fuzz/%)

fuzz: fuzz-build
	./tests/fuzz/run $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZERS)

.SECONDARY:

.PHONY: all check install uninstall clean deps deps-bench demo bench fuzz fuzz-build
