<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Can this PHP load cpay, here and in web requests? And if not, exactly which php.ini lines are missing.
 *
 * PHP's FFI is enabled everywhere only with `ffi.enable=1`; its default, `ffi.enable=preload`, lets the CLI use
 * FFI but lets web requests (PHP-FPM, mod_php, CGI) use it only through code compiled by `opcache.preload`
 * (the PHP manual, "FFI › Runtime Configuration"). `ffi.enable`, `ffi.preload` and `opcache.preload` are
 * PHP_INI_SYSTEM settings: `.user.ini` and `.htaccess` cannot set them, only the server's php.ini or the host's
 * PHP settings can.
 *
 * {@see Check::run()} reports on the PHP that runs it: from a module's settings page it tells about web requests,
 * from `bin/cpay-check` about the CLI (and, from a php.ini file given or found, about the web server). It never
 * throws and changes nothing.
 */
final class Check
{
    /** The SAPIs that are not web requests: FFI works there under `ffi.enable=preload`. */
    private const CLI_SAPIS = ['cli', 'phpdbg', 'embed'];

    /**
     * The report for this PHP process.
     *
     * @param string|null $library libcpay's path (default: CPAY_LIB, else the preloaded scope)
     * @return array{ok: bool, sapi: string, php: string, checks: list<array{check: string, ok: bool, detail: string}>, php_ini: list<string>, advice: list<string>, load_ms: float|null}
     */
    public static function run(?string $library = null): array
    {
        $sapi = PHP_SAPI;
        $web = !in_array($sapi, self::CLI_SAPIS, true);
        $checks = [];
        $lines = [];
        $advice = [];
        $check = static function (string $name, bool $ok, string $detail) use (&$checks): bool {
            $checks[] = ['check' => $name, 'ok' => $ok, 'detail' => $detail];
            return $ok;
        };

        $check('php', PHP_VERSION_ID >= 80100, 'PHP ' . PHP_VERSION . ' (cpay needs 8.1 or later)');
        $ffiLoaded = $check(
            'ffi extension',
            extension_loaded('ffi'),
            extension_loaded('ffi') ? 'loaded' : 'not loaded: PHP was built without FFI or extension=ffi is missing'
        );
        if (!$ffiLoaded) {
            $lines[] = 'extension=ffi';
            $advice[] = 'Install or enable PHP\'s FFI extension (Debian and Ubuntu ship it with php-cli/php-common; '
                . 'on shared hosting, the PHP extensions page of the control panel).';
        }
        $enable = strtolower((string) ini_get('ffi.enable'));
        $everywhere = in_array($enable, ['1', 'on', 'true', 'yes'], true);
        $preloadMode = $enable === 'preload';
        $scope = self::scope();
        $library = $library ?? (getenv('CPAY_LIB') ?: null);

        if ($web) {
            $check('ffi.enable', $everywhere || ($preloadMode && $scope),
                "ffi.enable = $enable" . ($preloadMode ? ($scope ? ' (the cpay scope is preloaded)' : ' (web requests may use FFI only from preloaded code)') : ''));
        } else {
            $check('ffi.enable', $everywhere || $preloadMode, "ffi.enable = $enable (the CLI may use FFI when it is 1 or preload)");
        }
        if ($scope === false && $library !== null) {
            $check('library', is_file($library) && is_readable($library),
                is_file($library) ? (is_readable($library) ? "$library" : "$library is not readable by this user") : "$library does not exist");
        } elseif ($scope === false) {
            $check('library', false, 'no CPAY_LIB and no preloaded cpay scope: set CPAY_LIB=/path/to/libcpay.so or preload it');
        }

        $loadMs = null;
        $loads = false;
        if ($ffiLoaded) {
            $started = hrtime(true);
            try {
                if ($scope === false && $library !== null) {
                    Cpay::load($library);
                }
                $version = Cpay::version();
                $loadMs = (hrtime(true) - $started) / 1e6;
                $loads = $check('load', true, sprintf('libcpay %s loaded in %.2f ms (%s)', $version, $loadMs,
                    $scope ? 'preloaded scope' : 'FFI::cdef at the first call'));
            } catch (\Throwable $e) {
                $check('load', false, 'cannot load libcpay: ' . $e->getMessage());
            }
        }

        // What web requests need: preload (the default ffi.enable) or ffi.enable=1.
        $opcache = extension_loaded('Zend OPcache');
        $preloadScript = (string) ini_get('opcache.preload');
        $ffiPreload = (string) ini_get('ffi.preload');
        if (!$everywhere) {
            $check('opcache', $opcache, $opcache ? 'Zend OPcache loaded' : 'Zend OPcache is not loaded (opcache.preload needs it)');
            $check('opcache.preload', $preloadScript !== '',
                $preloadScript !== '' ? "opcache.preload = $preloadScript" : 'opcache.preload is not set');
            $check('ffi.preload', $ffiPreload !== '',
                $ffiPreload !== '' ? "ffi.preload = $ffiPreload" : 'ffi.preload is not set (the library is then loaded from CPAY_LIB by preload.php)');
            $lines = array_merge($lines, self::preloadLines($library, $opcache));
            $advice[] = 'These are PHP_INI_SYSTEM settings: .user.ini and .htaccess cannot set them. Put them in the '
                . 'web server\'s php.ini (PHP-FPM: /etc/php/<version>/fpm/php.ini, then restart PHP-FPM) or ask the '
                . 'host to (a "custom php.ini" or "PHP settings" page; ask for FFI with opcache.preload). '
                . 'The alternative, ffi.enable=1, also works but lets every script use FFI.';
            if (function_exists('posix_geteuid') && !$web && posix_geteuid() === 0) {
                $advice[] = 'A server started as root needs opcache.preload_user (e.g. www-data).';
            }
        }

        $ok = $ffiLoaded && $loads && (!$web || $everywhere || $scope);
        return [
            'ok' => $ok,
            'sapi' => $sapi,
            'php' => PHP_VERSION,
            'checks' => $checks,
            'php_ini' => $ok && ($web || $everywhere) ? [] : array_values(array_unique($lines)),
            'advice' => $ok && ($web || $everywhere) ? [] : $advice,
            'load_ms' => $loadMs,
        ];
    }

    /** The report as text, one check a line, then the php.ini lines that are missing. */
    public static function text(array $report): string
    {
        $out = sprintf("cpay check (%s, PHP %s): %s\n", $report['sapi'], $report['php'],
            $report['ok'] ? 'cpay loads here' : 'cpay does NOT load here');
        foreach ($report['checks'] as $c) {
            $out .= sprintf("  [%s] %-16s %s\n", $c['ok'] ? 'ok' : '!!', $c['check'], $c['detail']);
        }
        if ($report['php_ini'] !== []) {
            $out .= "\nFor web requests (PHP-FPM, Apache, CGI), php.ini needs:\n";
            foreach ($report['php_ini'] as $line) {
                $out .= "  $line\n";
            }
        }
        foreach ($report['advice'] as $line) {
            $out .= "\n" . wordwrap($line, 110) . "\n";
        }
        return $out;
    }

    /** @return list<string> the php.ini lines of the preload set-up, with this checkout's paths */
    private static function preloadLines(?string $library, bool $opcache): array
    {
        $root = dirname(__DIR__);
        $lib = $library === null ? '/usr/local/lib/libcpay.so' : (realpath($library) ?: $library);
        $lines = [];
        if (!$opcache) {
            $lines[] = 'zend_extension=opcache';
        }
        return array_merge($lines, [
            'ffi.enable = preload',
            'opcache.enable = 1',
            "opcache.preload = $root/preload.php",
            'opcache.preload_user = www-data      ; the user PHP-FPM runs as, when it starts as root',
            "ffi.preload = /etc/php/cpay_preload.h ; written by: php $root/bin/preload-header.php $lib > /etc/php/cpay_preload.h",
        ]);
    }

    /** Whether the preloaded `cpay` FFI scope exists in this process. */
    private static function scope(): bool
    {
        if (!extension_loaded('ffi')) {
            return false;
        }
        try {
            FFI::scope(Cpay::SCOPE);
            return true;
        } catch (\Throwable $e) {
            return false;
        }
    }
}
