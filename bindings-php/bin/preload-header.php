<?php
/**
 * Print the header for php.ini's `ffi.preload`: cpay_php.h with the FFI scope and library path PHP needs.
 *
 *   php bin/preload-header.php /usr/local/lib/libcpay.so > /etc/php/cpay_preload.h
 *
 * See preload.php for the php.ini lines.
 */
declare(strict_types=1);

require __DIR__ . '/../autoload.php';

if ($argc !== 2) {
    fwrite(STDERR, "usage: php {$argv[0]} /path/to/libcpay.so > cpay_preload.h\n");
    exit(2);
}
try {
    echo \Cpay\Cpay::preloadHeader($argv[1]);
} catch (\Cpay\CpayException $e) {
    fwrite(STDERR, $e->getMessage() . "\n");
    exit(2);
}
