# Hardening (issue 10): fuzzing, memory soak loops. None of these targets is part of `make test` (too slow);
# the property tests, the bad-input catalogue and the secret checks run there through test-rust and the
# layers' vector runners.
#
#   make fuzz        build every fuzz target (cargo-fuzz + libFuzzer + ASan) and run each FUZZ_SECONDS (10 s)
#   make fuzz-long   the same, FUZZ_LONG_SECONDS (300 s) each, keeping the corpus under FUZZ_TARGET_DIR
#   make memory      1,000,000 calls through Python, Node and PHP, RSS printed at start / warm-up / end
#
# Only a stable toolchain exists here: cargo-fuzz's rustc flags (-Zsanitizer=address, sancov) are
# nightly-only, so they are unlocked with RUSTC_BOOTSTRAP=1 for this build alone (see docs/security.md).

.PHONY: fuzz fuzz-long fuzz-tools memory

FUZZ_TARGETS := lyra_notification lyra_kr_answer computop_notification payline_soap ogone_response \
	sips_response api_call computop_answer payline_transaction sips_payment_init_answer \
	lyra_rest_answer ogone_directlink sips_office computop_aes payline_wallet
FUZZ_SECONDS ?= 10
FUZZ_LONG_SECONDS ?= 300
CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ_ROOT ?= $(CURDIR)/target/tools/cargo-fuzz
CARGO_FUZZ := $(CARGO_FUZZ_ROOT)/bin/cargo-fuzz
FUZZ_TARGET_DIR ?= $(abspath $(or $(CARGO_TARGET_DIR),target))/fuzz
FUZZ_ENV = RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$(FUZZ_TARGET_DIR)

fuzz-tools:
	@$(call apt_need,c++,g++)
	@test -x "$(CARGO_FUZZ)" || RUSTC_BOOTSTRAP=1 $(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) \
		--locked --root $(CARGO_FUZZ_ROOT)

# $(call fuzz_run,seconds): seed every target from the golden vectors, then fuzz it for that long.
define fuzz_run
	@rm -rf $(FUZZ_TARGET_DIR)/seeds && python3 fuzz/seeds.py $(FUZZ_TARGET_DIR)/seeds
	$(FUZZ_ENV) $(CARGO_FUZZ) build -O
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_TARGET_DIR)/corpus/$$t $(FUZZ_TARGET_DIR)/artifacts/$$t; \
		echo "== fuzz $$t ($(1) s)"; \
		$(FUZZ_ENV) $(CARGO_FUZZ) run -O $$t $(FUZZ_TARGET_DIR)/corpus/$$t $(FUZZ_TARGET_DIR)/seeds/$$t -- \
			-max_total_time=$(1) -print_final_stats=1 -artifact_prefix=$(FUZZ_TARGET_DIR)/artifacts/$$t/ \
			2>&1 | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|panicked|Test unit written)' ; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done
endef

fuzz: SHELL := /bin/bash
fuzz: fuzz-tools
	$(call fuzz_run,$(FUZZ_SECONDS))

fuzz-long: SHELL := /bin/bash
fuzz-long: fuzz-tools
	$(call fuzz_run,$(FUZZ_LONG_SECONDS))

## The soak loops of tests/hardening/ through each binding's public API (MEMORY_CALLS, default 1,000,000).
## Builds what each needs the way its own test target does (release wheel, debug addon, debug libcpay).
MEMORY_CALLS ?= 1000000
memory: python-venv node-tools lib-c php-tools
	$(PY) -m pip install --quiet --force-reinstall --no-deps ./bindings-python
	$(PY) tests/hardening/memory.py $(MEMORY_CALLS)
	cd bindings-node && npm ci --no-audit --no-fund && npm run build:test
	node --expose-gc tests/hardening/memory.js $(CURDIR)/bindings-node $(MEMORY_CALLS)
	CPAY_LIB=$(FFI_LIB_DIR)/libcpay.so php tests/hardening/memory.php $(MEMORY_CALLS)

## A panic inside libcpay becomes CPAY_PANIC, not an abort: tests/hardening/panic.c against a libcpay built
## with the test-only feature `test-hooks`, in a target dir of its own so the shipped build never has it.
TEST_TARGETS += test-panic
.PHONY: test-panic
PANIC_TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))/panic-hook

test-panic: SHELL := /bin/bash
test-panic: c-tools
	CARGO_TARGET_DIR=$(PANIC_TARGET_DIR) $(CARGO) build --locked -p cpay-ffi --features test-hooks
	ln -sf libcpay.so $(PANIC_TARGET_DIR)/debug/libcpay.so.$(CPAY_SOVERSION)
	cc -std=c11 -Wall -Wextra -Werror -g -Iinclude tests/hardening/panic.c -L$(PANIC_TARGET_DIR)/debug -lcpay \
		-Wl,-rpath,$(PANIC_TARGET_DIR)/debug -o $(PANIC_TARGET_DIR)/panic
	RUST_BACKTRACE=0 $(VALGRIND) $(PANIC_TARGET_DIR)/panic 2>&1 | grep -v '^thread .* panicked\|^note: run with'; test $${PIPESTATUS[0]} -eq 0
