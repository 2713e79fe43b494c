<?php
/**
 * Autoloader for the cpay PHP package (namespace Cpay\ → src/). Include it, then point the package at
 * libcpay: set CPAY_LIB=/path/to/libcpay.so, or call \Cpay\Cpay::load('/path/to/libcpay.so').
 */
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (strncmp($class, 'Cpay\\', 5) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 5)) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
