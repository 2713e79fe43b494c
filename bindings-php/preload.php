<?php
/**
 * opcache.preload script for production (PHP-FPM, mod_php, CGI), where `ffi.enable=preload` (PHP's
 * default) lets only preloaded code use FFI. php.ini, for the Composer package in /srv/shop/vendor:
 *
 *   ffi.enable = preload
 *   ffi.preload = /etc/php/cpay_preload.h     ; php vendor/bin/preload-header.php > /etc/php/cpay_preload.h
 *   opcache.enable = 1
 *   opcache.preload = /srv/shop/vendor/cpay/cpay/preload.php
 *   opcache.preload_user = www-data           ; when the server starts as root
 *
 * ffi.preload loads libcpay once per server start as the FFI scope `cpay`; this script compiles the Cpay\
 * classes into the preloaded code, which may use it. Without ffi.preload (a server that does not start
 * as root), this script loads the library itself: CPAY_LIB, else the package's prebuilt libcpay.
 */
declare(strict_types=1);

require __DIR__ . '/autoload.php';
foreach (glob(__DIR__ . '/src/*.php') ?: [] as $file) {
    require_once $file;
}
try {
    FFI::scope(\Cpay\Cpay::SCOPE);
} catch (\Throwable $notPreloaded) {
    \Cpay\Cpay::preload();
}
