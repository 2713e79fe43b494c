# The cross-language test (tests/cross/): the same cases through the CLI, C, Python, Node and PHP, which must
# give identical outputs and identical errors (code, number, field), and identical error tables.
#
#   make test-cross   builds every layer the way its own suite does, then runs tests/cross/driver.py with
#                     --require-all (a layer that cannot run fails). Run the driver alone to skip missing layers.
TEST_TARGETS += test-cross

.PHONY: test-cross cross-python cross-node

cross-python: python-venv
	$(PY) -m pip install --quiet --force-reinstall --no-deps ./bindings-python

cross-node: node-tools
	cd bindings-node && npm ci --no-audit --no-fund && npm run build:test

test-cross: build lib-c cross-python cross-node php-tools
	python3 tests/cross/driver.py --require-all --cpay $(TARGET_DIR)/debug/cpay --lib-dir $(FFI_LIB_DIR) \
	  --python $(PY)
