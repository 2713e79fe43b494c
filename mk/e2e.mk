# Browser tests of the example shops (tests/e2e/, tests/e2e/README.md): Debian's headless Chromium
# driven by playwright-core (node:test), every Cetelem journey (tests/e2e/README.md) against `cpay-sandbox`, for every shop listed
# in tests/e2e/shops.js (the Python shop on SQLite and on PostgreSQL, the Node and PHP shops on SQLite). Failures leave a screenshot, the
# sandbox's log and the shop's log in target/e2e-artifacts/.

E2E_DIR := tests/e2e

TEST_TARGETS += test-e2e

.PHONY: test-e2e e2e-tools e2e-shop-python

## Chromium (nothing downloads a browser: playwright-core is pointed at Debian's) and PostgreSQL's server
## binaries (the tests start a throwaway cluster under target/), from Debian when missing.
e2e-tools: node-tools
	@test -x /usr/bin/chromium || { apt-get update && apt-get install -y chromium; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update && apt-get install -y postgresql; }

## The Python shop's dependencies (Flask, psycopg) in the venv that has the cpay wheel; mypy --strict over it.
e2e-shop-python: python-wheel
	$(PY) -m pip install --quiet -r examples/shop-python/requirements.txt
	cd examples/shop-python && $(abspath $(PY)) -m mypy --strict --cache-dir $(CURDIR)/target/mypy-cache app.py store.py gateways.py

test-e2e: e2e-tools e2e-shop-python shops-ready
	$(CARGO) build --locked -p cpay-sandbox
	cd $(E2E_DIR) && npm ci --no-audit --no-fund
	cd $(E2E_DIR) && CPAY_SANDBOX=$(abspath $(TARGET_DIR))/debug/cpay-sandbox E2E_PYTHON=$(abspath $(PY)) \
		CPAY_LIB=$(FFI_LIB_DIR)/libcpay.so \
		node --test --test-reporter=spec e2e.test.js
