# PHP: the Cpay\ package over libcpay (PHP FFI), its PHPUnit tests (every golden vector, bad inputs, the
# loader) and the example module served by php-cgi with the production settings (ffi.enable=preload).
TEST_TARGETS += test-php

.PHONY: test-php php-tools

php-tools:
	@$(call apt_need,php,php-cli)
	@$(call apt_need,phpunit,phpunit)
	@$(call apt_need,php-cgi,php-cgi)
	@php -m | grep -qx FFI || { echo "PHP's FFI extension is missing (Debian ships it in php-cli)"; exit 1; }

test-php: lib-c php-tools
	CPAY_LIB=$(FFI_LIB_DIR)/libcpay.so phpunit -c bindings-php/phpunit.xml.dist
