<?php
/**
 * Print the header for php.ini's `ffi.preload`: cpay_php.h with the FFI scope and library path PHP needs.
 * The library defaults to CPAY_LIB, else the prebuilt libcpay of this package for this platform.
 *
 *   php vendor/bin/preload-header.php [/path/to/libcpay.so] > /etc/php/cpay_preload.h
 *
 * See preload.php for the php.ini lines.
 */
declare(strict_types=1);

require __DIR__ . '/../autoload.php';

if ($argc > 2) {
    fwrite(STDERR, "usage: php {$argv[0]} [/path/to/libcpay.so] > cpay_preload.h\n");
    exit(2);
}
$library = $argv[1] ?? (getenv('CPAY_LIB') ?: \Cpay\Cpay::bundledLibrary()[1]);
if (!is_file($library)) {
    fwrite(STDERR, "$library does not exist: give the path of libcpay.so as the argument\n");
    exit(2);
}
try {
    echo \Cpay\Cpay::preloadHeader(realpath($library) ?: $library);
} catch (\Cpay\CpayException $e) {
    fwrite(STDERR, $e->getMessage() . "\n");
    exit(2);
}
