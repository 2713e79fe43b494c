# Benchmarks (bench/): cpay beside the raw crypto floor (Rust, criterion) and beside each host language's
# own implementation of the same gateway code (Python, Node, PHP), then bench/RESULTS.md from the numbers.
# Not part of `make test`. (Variables of mk/c.mk and mk/python.mk are used deferred: this file is read first.) Installs what it needs like `make test` does; about 6-8 minutes on 2 cores,
# most of it the release builds (criterion crate, wheel, Node addon, libcpay).
#
#   make bench            everything below, then the report
#   make bench-rust       criterion: cpay (typed and JSON) vs HMAC-SHA-256 / SHA-256 / Blowfish floors
#   make bench-python     the wheel vs hmac/hashlib and pycryptodome       → $(BENCH_OUT)/python.json
#   make bench-node       the addon vs node:crypto and egoroof-blowfish    → $(BENCH_OUT)/node.json
#   make bench-php        libcpay over FFI vs hash_hmac and phpseclib3     → $(BENCH_OUT)/php.json
#   make bench-sandbox    cpay sandbox: Lyra payments/s, IPN verified      → $(BENCH_OUT)/sandbox.json
#   make bench-report     bench/RESULTS.md from the files above and criterion's estimates

BENCH_OUT = $(CPAY_TARGET_DIR)/bench
CRITERION_DIR = $(CPAY_TARGET_DIR)/criterion
# Criterion's own timing: enough for stable medians at these µs-scale operations, a few seconds per case.
CRITERION_ARGS ?= --warm-up-time 1 --measurement-time 3

# Payments through the sandbox's emulated Lyra flow (form signed by cpay-core, page, accept, IPN verified by
# cpay-core): how many, and how many at a time.
SANDBOX_BENCH_PAYMENTS ?= 2000
SANDBOX_BENCH_CONCURRENCY ?= 8

.PHONY: bench bench-rust bench-python bench-node bench-php bench-sandbox bench-report

bench: bench-rust bench-python bench-node bench-php bench-sandbox
	@$(MAKE) --no-print-directory bench-report

bench-rust:
	@rm -rf $(CRITERION_DIR)
	$(CARGO) bench --locked -p cpay-bench --bench gateways -- $(CRITERION_ARGS)

bench-python: python-venv
	@mkdir -p $(BENCH_OUT)
	$(PY) -m pip install --quiet -r bench/python/requirements.txt
	$(PY) -m pip install --quiet --force-reinstall --no-deps ./bindings-python
	cd bench/python && ../../$(PY) bench.py ../cases.json $(BENCH_OUT)/python.json

bench-node: node-tools
	@mkdir -p $(BENCH_OUT)
	cd bindings-node && npm ci --no-audit --no-fund && npm run build
	cd bench/node && npm ci --no-audit --no-fund && node bench.mjs ../cases.json $(BENCH_OUT)/node.json

bench-php: FFI_PROFILE = release
bench-php: lib-c
	@$(call apt_need,php,php-cli)
	@test -f /usr/share/php/phpseclib3/autoload.php || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-phpseclib3 >/dev/null; }
	@mkdir -p $(BENCH_OUT)
	CPAY_LIB=$(FFI_LIB_DIR)/libcpay.so php -d ffi.enable=1 -d opcache.enable_cli=1 -d opcache.jit=tracing \
	  -d opcache.jit_buffer_size=64M bench/php/bench.php bench/cases.json $(BENCH_OUT)/php.json

bench-sandbox:
	@mkdir -p $(BENCH_OUT)
	$(CARGO) run --release --locked -p cpay-sandbox-bench -- --payments $(SANDBOX_BENCH_PAYMENTS) \
	  --concurrency $(SANDBOX_BENCH_CONCURRENCY) --out $(BENCH_OUT)/sandbox.json

bench-report:
	python3 bench/report.py --criterion $(CRITERION_DIR) --out-dir $(BENCH_OUT) --before bench/before.json \
	  --analysis bench/analysis.md \
	  > bench/RESULTS.md
	@echo "wrote bench/RESULTS.md"
