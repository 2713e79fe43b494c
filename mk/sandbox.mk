# cpay sandbox: the offline gateway emulator (sandbox/, docs/sandbox.md). Its tests run in test-rust
# (cargo test --workspace); `make test-sandbox` runs them alone.

SANDBOX_PORT ?= 8099
SANDBOX_ARGS ?=

.PHONY: sandbox test-sandbox

## Start the sandbox with the demo shops on 127.0.0.1:$(SANDBOX_PORT) (Ctrl-C to stop).
sandbox:
	$(CARGO) build --locked -p cpay-cli -p cpay-sandbox
	$(TARGET_DIR)/debug/cpay sandbox --port $(SANDBOX_PORT) $(SANDBOX_ARGS)

test-sandbox:
	$(CARGO) test --locked -p cpay-sandbox
