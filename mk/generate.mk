# Generated files: the registry's JSON Schema and every language surface generated from it.
#
#   make generate         rewrite schema/cpay.schema.json (from `cpay schema`) and every generated facade
#   make check-generated  fail, naming each file, when a committed generated file is stale (part of make test)
#
# The C header has its own generator and check (cbindgen, mk/c.mk).
TEST_TARGETS += check-generated

.PHONY: generate check-generated

GENERATED_LANGUAGES ?=

generate: build
	$(TARGET_DIR)/debug/cpay schema > schema/cpay.schema.json
	python3 -m tools.generate $(GENERATED_LANGUAGES)

check-generated: build
	@$(TARGET_DIR)/debug/cpay schema | diff -u schema/cpay.schema.json - >/dev/null || \
		{ echo "schema/cpay.schema.json is stale: run 'make generate' and commit it"; exit 1; }
	python3 -m tools.generate --check $(GENERATED_LANGUAGES)
