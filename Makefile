# cpay — the two commands a newcomer needs: `make demo` and `make test`.
# Each language layer adds its own targets in mk/<layer>.mk (TEST_TARGETS += …), included below.

CARGO ?= cargo
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
TEST_TARGETS := lint test-rust test-cli

include $(sort $(wildcard mk/*.mk))

.PHONY: demo test lint test-rust test-cli build

## The offline walk-through: a signed Cpay form, its IPN verified, a tampered and a wrong-shop IPN.
demo:
	@$(CARGO) run --quiet -p cpay-cli -- demo

## Every check CI runs: formatting, clippy, Rust tests and vectors, the CLI, and each binding.
test: $(TEST_TARGETS)
	@echo "make test: all suites passed ($(TEST_TARGETS))"

lint:
	@! git grep -nE '^(<<<<<<<|>>>>>>>)( |$$)' -- ':!*.lock' || { echo "lint: merge conflict markers left above"; exit 1; }
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

test-rust:
	$(CARGO) test --workspace --locked

build:
	$(CARGO) build --locked -p cpay-cli

test-cli: build
	bash tests/cli/run.sh $(TARGET_DIR)/debug/cpay
