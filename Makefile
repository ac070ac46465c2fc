# ltools: log analysis as a family of small Unix filters.
#
#   make              build the programs into bin/
#   make check        run the whole test suite (TAP, through prove)
#   make check SANITIZE=1   the same, built with ASan+UBSan (also: make check-asan)
#   make demo         run the programs over the bundled sample logs
#   make install PREFIX=/usr/local DESTDIR=
#
# CFLAGS is yours; warnings live in WARN, sanitizers behind SANITIZE=1.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PKGS    := libpcre2-8 zlib
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lpcre2-8 -lz)
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
PROVE_FLAGS ?= -j2

# BUILD holds objects and test binaries, OUT the programs; both may be
# overridden (make BUILD=build/x OUT=build/x/bin) to keep builds apart.
ifeq ($(SANITIZE),1)
BUILD   ?= build/asan
OUT     ?= build/asan/bin
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
else
BUILD   ?= build/release
OUT     ?= bin
SAN     :=
endif

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DLT_VERSION='"$(VERSION)"' -Ilib $(WARN) $(CFLAGS) $(SAN) $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
PROGS    := $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/*.c)))
UNIT_SRC := $(sort $(wildcard tests/unit/t_*.c))
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER   := $(if $(wildcard tests/helper.c),$(BUILD)/tests/lt-helper)
MANS     := $(sort $(wildcard man/*.[0-9]))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYS  := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/replay-%)
FUZZERS  := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

all: $(PROGS:%=$(OUT)/%)

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libltools.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/%: $(BUILD)/cmd/%.o $(BUILD)/libltools.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libltools.a $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libltools.a tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP -o $@ $< $(BUILD)/libltools.a $(PKG_LIBS) -lm

$(HELPER): tests/helper.c $(BUILD)/libltools.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libltools.a $(PKG_LIBS) -lm

# Each fuzz target also runs without libFuzzer, over seeds and regressions.
$(BUILD)/tests/replay-%: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libltools.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(BUILD)/libltools.a $(PKG_LIBS) -lm

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libltools.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ $< $(BUILD)/libltools.a $(PKG_LIBS) -lm

-include $(LIB_OBJ:.o=.d) $(PROGS:%=$(BUILD)/cmd/%.d) $(UNITS:=.d)

# Install what a fresh Debian machine lacks, only when something is missing.
deps:
	@scripts/install-deps --if-missing

build-tests: all $(UNITS) $(HELPER) $(REPLAYS)

# The test command of the README.  Sub-make so pkg-config is asked after deps.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: build-tests
	@LTOOLS_BIN=$(abspath $(OUT)) LTOOLS_HELPER=$(abspath $(HELPER)) \
	  LTOOLS_TESTBIN=$(abspath $(BUILD)/tests) \
	  prove $(PROVE_FLAGS) $(UNITS) tests/t*.t

check-asan: deps
	@$(MAKE) --no-print-directory check-run SANITIZE=1

# libFuzzer targets (clang), built with ASan+UBSan; fuzz-run runs each for
# FUZZ_SECONDS from the seed corpora and saves crashes under build/fuzz/crashes.
fuzz:
	@$(MAKE) --no-print-directory CC=clang BUILD=build/fuzz OUT=build/fuzz/bin \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1" \
	  fuzzers

fuzzers: $(FUZZERS)

fuzz-run: fuzz
	scripts/fuzz $(FUZZ_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: all
	scripts/bench

lint-man:
	mandoc -T lint -W warning $(MANS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS:%=$(OUT)/%) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do \
	  s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	for p in $(PROGS); do install -m 644 completions/ltools.bash $(DESTDIR)$(BASHCOMPDIR)/$$p; done
	install -m 644 completions/_ltools $(DESTDIR)$(ZSHCOMPDIR)/_ltools

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%)
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	rm -f $(PROGS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(DESTDIR)$(ZSHCOMPDIR)/_ltools

clean:
	rm -rf build bin

.PHONY: all deps build-tests check check-run check-asan fuzz fuzzers fuzz-run demo bench lint-man install uninstall clean
.DELETE_ON_ERROR:
.SECONDARY:
