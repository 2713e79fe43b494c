# The example shops (examples/shop-node: Express; examples/shop-php: a PrestaShop-style module under php -S),
# each a real web app with its SQLite database of orders, taking Cetelem payments through cpay's binding.
# `make test-shops` runs their smoke test against the sandbox (examples/smoke/: no browser, Node's fetch;
# a few seconds once built): checkout and schedules, paid once, a duplicated IPN, refused, cancelled,
# pending then accepted, forged and misrouted notifications. SHOPS=node or SHOPS=php runs one.
# The browser journeys are tests/e2e's.
TEST_TARGETS += test-shops

.PHONY: test-shops shops-ready shop-tools shop-node-addon

SHOPS ?= node,php
SHOP_NODE = examples/shop-node

## PHP's SQLite driver for PDO (Debian's php-sqlite3) when missing.
shop-tools: php-tools node-tools
	@php -m | grep -qx pdo_sqlite || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-sqlite3 >/dev/null; }

## The Node addon, built as test-node builds it (the shop depends on "cpay": "file:../../bindings-node").
shop-node-addon: node-tools
	cd bindings-node && { test -d node_modules || npm ci --no-audit --no-fund; } && npm run build:test

# The shop's own dependencies, installed again only when its lock file changes. better-sqlite3 compiles its
# addon from source (~1 min on 2 cores): its prebuilt binaries and node-gyp's headers would be downloads from
# github.com and nodejs.org, which this machine cannot reach, so node-gyp is pointed at the headers installed
# with node itself (<prefix>/include/node, Debian's and NodeSource's nodejs package).
NODE_PREFIX = $(shell node -p 'require("node:path").resolve(process.execPath, "../..")' 2>/dev/null)

$(SHOP_NODE)/node_modules/.package-lock.json: $(SHOP_NODE)/package-lock.json | shop-node-addon
	@test -f $(NODE_PREFIX)/include/node/node.h || \
	  { echo "better-sqlite3 needs node's headers in $(NODE_PREFIX)/include/node (Debian: apt-get install nodejs)"; exit 1; }
	cd $(SHOP_NODE) && npm_config_nodedir=$(NODE_PREFIX) npm ci --no-audit --no-fund

## Everything the shops need to start (tests/e2e's harness starts them too): libcpay, PDO SQLite, the Node addon
## and the Node shop's packages.
shops-ready: lib-c shop-tools shop-node-addon $(SHOP_NODE)/node_modules/.package-lock.json

test-shops: shops-ready
	$(CARGO) build --locked -p cpay-sandbox
	CPAY_LIB=$(FFI_LIB_DIR)/libcpay.so CPAY_SANDBOX_BIN=$(CPAY_TARGET_DIR)/debug/cpay-sandbox SHOPS=$(SHOPS) \
	  node --test examples/smoke/
