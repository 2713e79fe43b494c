# Python wheel (bindings-python/): build and install it the way a user does (`pip install ./bindings-python`,
# maturin's release build of one abi3 wheel), then pytest (every golden vector, the API, the examples),
# mypy --strict and stubtest, all inside a venv of its own.

PYTHON ?= python3
PY_VENV := target/python-venv
PY := $(PY_VENV)/bin/python
PY_CHECK_DIR := target/python-check

TEST_TARGETS += test-python

.PHONY: test-python python-venv python-wheel

## A venv with the test tools; Debian's python3 needs python3-venv for it (installed when missing).
$(PY_VENV)/.ready: bindings-python/requirements-test.txt
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { apt-get update && apt-get install -y python3-venv python3-pip; }
	$(PYTHON) -m venv $(PY_VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r bindings-python/requirements-test.txt
	touch $@

python-venv: $(PY_VENV)/.ready

## The cpay wheel installed into the venv as a user does, again whenever the core or the binding changed
## (test-python and the example shop's browser tests, test-e2e, share it).
PY_WHEEL := $(PY_VENV)/.cpay-wheel
$(PY_WHEEL): $(PY_VENV)/.ready Cargo.toml Cargo.lock $(shell find core bindings-python -path '*/__pycache__' -prune -o -type f \
		\( -name '*.rs' -o -name '*.py' -o -name '*.pyi' -o -name '*.toml' -o -name '*.json' \) -print)
	$(PY) -m pip install --quiet --force-reinstall --no-deps ./bindings-python
	touch $@

python-wheel: $(PY_WHEEL)

test-python: $(PY_WHEEL)
	cd bindings-python && ../$(PY) -m pytest -q -p no:cacheprovider tests
	@mkdir -p $(PY_CHECK_DIR)
	cd $(PY_CHECK_DIR) && ../../$(PY) -m mypy --strict --cache-dir ../mypy-cache -p cpay
	cd $(PY_CHECK_DIR) && ../../$(PY) -m mypy --strict --cache-dir ../mypy-cache ../../bindings-python/examples
	cd $(PY_CHECK_DIR) && ../../$(PY) -m mypy.stubtest cpay \
		--allowlist ../../bindings-python/stubtest-allowlist.txt
