# Packages (issue 19): `make dist` builds, into dist/ and from the workspace's version, every package a user
# installs without Rust; `make test-dist` installs each one the way a user does and runs the golden vectors.
# This machine builds linux-x86_64 only; .github/workflows/release.yml builds every platform (docs/release.md).
#
#   make dist        dist/cpay-VERSION-cp310-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl  abi3 wheel
#                    dist/cpay-VERSION.tar.gz                                sdist (builds with Rust)
#                    dist/cpay-VERSION.tgz                                   npm package, prebuilt addon inside
#                    dist/cpay-php-VERSION.zip                               Composer package cpay/cpay
#                    dist/cpay-VERSION-linux-x86_64.tar.gz                   C: libcpay.so/.a, cpay.h, cpay.pc
#   make test-dist   make dist, then tests/dist/run.sh: a clean environment (no cargo/rustc on PATH, no
#                    network), a venv of /usr/bin/python3, an npm project, a Composer project, a C program
#
# The wheel is built by maturin with its zig support (`maturin build --zig`, zig from PyPI's ziglang wheel,
# with maturin, in the venv $(DIST_VENV)): linked against glibc 2.17, manylinux_2_17, which `auditwheel
# show` confirms. libcpay and the Node addon are built by one cargo invocation (one release build of the
# core for both) for the explicit target $(DIST_TRIPLE), linked the same way by tools/dist/zigcc (`maturin
# zig cc`), so they load on the same systems as the wheel. The builds use a target directory of their own
# ($(DIST_CARGO_DIR)) so that the test and bench builds are not rebuilt, and that directory is kept: a
# second `make dist` only relinks what changed.
TEST_TARGETS += test-dist

.PHONY: dist dist-python dist-native dist-node dist-php dist-c dist-tools dist-clean test-dist

DIST_DIR ?= dist
DIST_TRIPLE := x86_64-unknown-linux-gnu
DIST_CARGO_DIR := $(CPAY_TARGET_DIR)/dist
DIST_BUILT := $(DIST_CARGO_DIR)/$(DIST_TRIPLE)/release
DIST_VENV := $(CPAY_TARGET_DIR)/dist-venv
DIST_ENV := CARGO_TARGET_DIR=$(DIST_CARGO_DIR) CPAY_DIST_VENV=$(DIST_VENV) \
	CARGO_TARGET_$(shell echo $(DIST_TRIPLE) | tr a-z- A-Z_)_LINKER=$(CURDIR)/tools/dist/zigcc

dist: dist-clean dist-python dist-node dist-php dist-c
	@cd $(DIST_DIR) && ls -l | sed 1d && echo "make dist: $(CPAY_VERSION) for linux-x86_64 in $(DIST_DIR)/"

dist-clean:
	@rm -rf $(DIST_DIR) && mkdir -p $(DIST_DIR)

## maturin and zig (PyPI's ziglang wheel), pinned; auditwheel to confirm the wheel's manylinux tag.
$(DIST_VENV)/.ready: tools/dist/requirements.txt
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { apt-get update && apt-get install -y python3-venv python3-pip; }
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/pip install --quiet -r tools/dist/requirements.txt
	touch $@

dist-tools: $(DIST_VENV)/.ready node-tools
	@$(call apt_need,composer,composer)
	@$(call apt_need,strip,binutils)

dist-python: dist-tools
	PATH=$(DIST_VENV)/bin:$$PATH CARGO_TARGET_DIR=$(DIST_CARGO_DIR) maturin build --quiet --release --locked --zig \
	  --target $(DIST_TRIPLE) --compatibility manylinux_2_17 --strip -m bindings-python/Cargo.toml --out $(DIST_DIR)
	$(DIST_VENV)/bin/maturin sdist -m bindings-python/Cargo.toml --out $(DIST_DIR)
	$(DIST_VENV)/bin/auditwheel show $(DIST_DIR)/cpay-$(CPAY_VERSION)-cp310-abi3-*.whl | tr -s ' \n' ' ' | \
	  grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"' || \
	  { echo "the wheel is not manylinux_2_17_x86_64"; exit 1; }

## libcpay (cpay-ffi) and the Node addon (cpay-node): what `napi build --release` does on Linux (a cargo
## build of the cdylib), for both crates at once.
dist-native: dist-tools
	$(DIST_ENV) $(CARGO) build --release --locked -p cpay-ffi -p cpay-node --target $(DIST_TRIPLE)

# The addon named as napi-rs names it for a platform (cpay.linux-x64-gnu.node), inside the package.
dist-node: dist-native
	python3 tools/dist/package.py node $(CPAY_VERSION) $(DIST_BUILT)/libcpay_node.so $(DIST_DIR)

dist-c: dist-native
	python3 tools/dist/package.py c $(CPAY_VERSION) $(DIST_BUILT) $(DIST_DIR)

dist-php: dist-native
	python3 tools/dist/package.py php $(CPAY_VERSION) $(DIST_BUILT)/libcpay.so $(DIST_DIR)

## The install tests; also `cpay --version` (the CLI of this checkout) against the workspace's version.
test-dist: dist build c-tools php-tools
	@test -x bindings-node/node_modules/typescript/bin/tsc || (cd bindings-node && npm ci --no-audit --no-fund)
	@test "$$($(TARGET_DIR)/debug/cpay --version)" = "cpay $(CPAY_VERSION)" || \
	  { echo "cpay --version: $$($(TARGET_DIR)/debug/cpay --version), the workspace: $(CPAY_VERSION)"; exit 1; }
	@echo "cpay --version: $$($(TARGET_DIR)/debug/cpay --version)"
	bash tests/dist/run.sh $(DIST_DIR) $(CPAY_VERSION) $(CPAY_TARGET_DIR)/dist-test \
	  $(CURDIR)/bindings-node/node_modules/typescript/bin/tsc
