# C: libcpay (crate cpay-ffi), its committed headers, its pkg-config file, and the C tests under valgrind.
#
#   make header      regenerate include/cpay.h (cbindgen, pinned) and include/cpay_php.h (for PHP FFI)
#   make lib-c       build libcpay.so and libcpay.a (FFI_PROFILE=debug|release, default debug)
#   make install-c   install the release library, cpay.h and cpay.pc under $(DESTDIR)$(PREFIX)
#   make test-c      stale-header check; the C tests (and every golden vector) under valgrind
TEST_TARGETS += test-c

.PHONY: header check-header lib-c install-c test-c cbindgen-tool c-tools

CPAY_TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
CPAY_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# libcpay.so's SONAME is libcpay.so.$(CPAY_SOVERSION) (ffi-c/build.rs): major.minor while the major is 0.
CPAY_SOVERSION := $(shell echo $(CPAY_VERSION) | awk -F. '{ print ($$1 == "0" ? $$1 "." $$2 : $$1) }')
FFI_PROFILE ?= debug
FFI_LIB_DIR = $(CPAY_TARGET_DIR)/$(FFI_PROFILE)
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

# cbindgen is pinned: the committed header must not change with whoever regenerates it. A cbindgen on
# PATH is used only when it is exactly this version; otherwise it is built once into target/tools
# (cargo install, ~1.5 min on 2 cores; kept across runs of the same checkout).
CBINDGEN_VERSION := 0.29.4
CBINDGEN_ROOT ?= $(CURDIR)/target/tools/cbindgen-$(CBINDGEN_VERSION)
CBINDGEN = $(shell cbindgen --version 2>/dev/null | grep -qx 'cbindgen $(CBINDGEN_VERSION)' && command -v cbindgen || echo $(CBINDGEN_ROOT)/bin/cbindgen)

# $(call apt_need,command,package): install a Debian package when its command is missing.
apt_need = command -v $(1) >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; }

cbindgen-tool:
	@test -x "$(CBINDGEN)" || $(CARGO) install cbindgen --version $(CBINDGEN_VERSION) --locked --root $(CBINDGEN_ROOT)

# $(call cpay_headers,dir): write cpay.h and cpay_php.h into dir.
define cpay_headers
	$(CBINDGEN) --quiet --config ffi-c/cbindgen.toml --crate cpay-ffi --output $(1)/cpay.h ffi-c
	python3 ffi-c/tools/php_header.py $(1)/cpay.h > $(1)/cpay_php.h
endef

header: cbindgen-tool
	$(call cpay_headers,include)

check-header: cbindgen-tool
	@rm -rf $(CPAY_TARGET_DIR)/header-check && mkdir -p $(CPAY_TARGET_DIR)/header-check
	$(call cpay_headers,$(CPAY_TARGET_DIR)/header-check)
	@for h in cpay.h cpay_php.h; do diff -u include/$$h $(CPAY_TARGET_DIR)/header-check/$$h || \
	  { echo "include/$$h is stale: run 'make header' and commit it"; exit 1; }; done

# The link under the SONAME lets programs linked with -L$(FFI_LIB_DIR) -lcpay run from the build directory.
lib-c:
	$(CARGO) build --locked -p cpay-ffi $(if $(filter release,$(FFI_PROFILE)),--release)
	ln -sf libcpay.so $(FFI_LIB_DIR)/libcpay.so.$(CPAY_SOVERSION)

# $(call cpay_install,prefix,libdir,includedir,destdir[,built library dir]): install the built library (as
# libcpay.so.VERSION, linked from its SONAME and from libcpay.so), the header and cpay.pc.
define cpay_install
	install -d $(4)$(2)/pkgconfig $(4)$(3)
	install -m 0755 $(or $(5),$(FFI_LIB_DIR))/libcpay.so $(4)$(2)/libcpay.so.$(CPAY_VERSION)
	ln -sf libcpay.so.$(CPAY_VERSION) $(4)$(2)/libcpay.so.$(CPAY_SOVERSION)
	ln -sf libcpay.so.$(CPAY_VERSION) $(4)$(2)/libcpay.so
	install -m 0644 $(or $(5),$(FFI_LIB_DIR))/libcpay.a $(4)$(2)/libcpay.a
	install -m 0644 include/cpay.h $(4)$(3)/cpay.h
	sed -e 's|@PREFIX@|$(1)|' -e 's|@LIBDIR@|$(2)|' -e 's|@INCLUDEDIR@|$(3)|' -e 's|@VERSION@|$(CPAY_VERSION)|' \
	  ffi-c/cpay.pc.in > $(4)$(2)/pkgconfig/cpay.pc
endef

install-c: FFI_PROFILE = release
install-c: lib-c
	$(call cpay_install,$(PREFIX),$(LIBDIR),$(INCLUDEDIR),$(DESTDIR))

c-tools:
	@$(call apt_need,valgrind,valgrind)
	@$(call apt_need,pkg-config,pkg-config)
	@$(call apt_need,cc,gcc)

C_STAGE = $(CPAY_TARGET_DIR)/c-stage
C_PKG = PKG_CONFIG_PATH=$(C_STAGE)/lib/pkgconfig pkg-config
VALGRIND = valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
C_FLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -pthread

# The tests compile against a staged install, so the pkg-config file is exercised too: dynamically (run
# under valgrind: selftest, then every golden vector) and statically (libcpay.a + Libs.private).
test-c: check-header lib-c c-tools
	@rm -rf $(C_STAGE)
	@$(call cpay_install,$(C_STAGE),$(C_STAGE)/lib,$(C_STAGE)/include,)
	cc $(C_FLAGS) tests/c/test_cpay.c $$($(C_PKG) --cflags --libs cpay) -Wl,-rpath,$(C_STAGE)/lib \
	  -o $(C_STAGE)/test_cpay
	cc $(C_FLAGS) tests/c/test_cpay.c $$($(C_PKG) --cflags cpay) $(C_STAGE)/lib/libcpay.a \
	  $$($(C_PKG) --static --libs-only-l cpay | sed 's/-lcpay //') -o $(C_STAGE)/test_cpay_static
	$(VALGRIND) $(C_STAGE)/test_cpay selftest
	python3 tests/c/vectors.py tests/vectors $(VALGRIND) $(C_STAGE)/test_cpay vectors
	$(C_STAGE)/test_cpay_static selftest
