<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * The entry point to libcpay: loading the library and the generic JSON operation call.
 *
 * Every core operation (`lyra.form`, `lyra.notification`, `computop.encrypt`, …) is reachable through
 * {@see Cpay::call()} with the same input and output shapes as the CLI's `cpay call` and every other
 * binding; the gateway classes ({@see Lyra}, {@see Computop}, {@see Payline}, {@see Ogone}, {@see Sips},
 * {@see Plan}, {@see Reply}) are generated from the registry and call it. No payment logic lives here.
 *
 * The library is found, in this order: an explicit {@see Cpay::load()}; the FFI scope `cpay` defined by
 * the preload script (production, `ffi.enable=preload`); the `CPAY_LIB` environment variable; the prebuilt
 * library the Composer package carries for this platform ({@see Cpay::bundledLibrary()}).
 */
final class Cpay
{
    /** The FFI scope name the preload script defines. */
    public const SCOPE = 'cpay';

    private static ?FFI $ffi = null;

    /** The platforms the Composer package carries a prebuilt libcpay for, under lib/<platform>/. */
    public const PLATFORMS = ['linux-x86_64', 'linux-aarch64', 'darwin-x86_64', 'darwin-arm64', 'windows-x86_64'];

    /**
     * Load libcpay from `$library` (default: CPAY_LIB, else the package's prebuilt library) with the header
     * `$header` (default: cpay_php.h of this checkout). Call it once, before anything else, when the
     * library is not given by CPAY_LIB or by the preload script.
     *
     * @throws LoadException when the library or its header cannot be loaded.
     */
    public static function load(?string $library = null, ?string $header = null): void
    {
        self::$ffi = self::open($library, $header, null);
    }

    /**
     * For the preload script only (opcache.preload): load libcpay once per server start and register it
     * as the FFI scope `cpay`, which requests then use even with `ffi.enable=preload`.
     *
     * @throws LoadException when the library or its header cannot be loaded.
     */
    public static function preload(?string $library = null, ?string $header = null): void
    {
        self::open($library, $header, self::SCOPE);
    }

    /**
     * The header for php.ini's `ffi.preload` (see preload.php): cpay_php.h with the `FFI_SCOPE` and
     * `FFI_LIB` definitions PHP reads.
     *
     * @throws LoadException when the path cannot be written in a C string or the header is missing.
     */
    public static function preloadHeader(string $library, ?string $header = null): string
    {
        if (preg_match('/["\\\\\x00-\x1f]/', $library)) {
            throw new LoadException('the library path must not contain quotes, backslashes or control characters');
        }
        $header = $header ?? self::defaultHeader();
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw new LoadException("cannot read the header $header");
        }
        return '#define FFI_SCOPE "' . self::SCOPE . "\"\n#define FFI_LIB \"$library\"\n" . $declarations;
    }

    /**
     * Run the operation `$op` on `$input` and return its result, as PHP arrays.
     *
     * Top-level null members are left out (an optional parameter not given).
     *
     * @param array<string, mixed> $input the operation's JSON object (use `new \stdClass()` for an empty
     *                                    nested object)
     * @return array<string, mixed>
     * @throws CpayException with the status, the field at fault and a sentence.
     */
    public static function call(string $op, array $input): array
    {
        $input = array_filter($input, static fn ($value): bool => $value !== null);
        $json = self::encode($input === [] ? new \stdClass() : $input, 'input_json');
        return self::decode(self::callJson($op, $json));
    }

    /**
     * Run the operation `$op` on a JSON string and return the result as a JSON string (for callers that
     * already hold JSON, and for the golden vectors, which keep `{}` and `[]` apart).
     *
     * @throws CpayException
     */
    public static function callJson(string $op, string $inputJson): string
    {
        self::refuseNul($op, 'operation');
        $ffi = self::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_call($op, $inputJson, FFI::addr($out));
        return self::take($ffi, $status, $out);
    }

    /**
     * The names of every operation {@see Cpay::call()} accepts.
     *
     * @return list<string>
     * @throws CpayException
     */
    public static function operations(): array
    {
        $ffi = self::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_operations(FFI::addr($out));
        return self::decode(self::take($ffi, $status, $out));
    }

    /** The stable name of a status, e.g. "signature_mismatch" ("ok" for 0, "unknown_error" if unknown). */
    public static function statusName(int $status): string
    {
        if ($status < 0 || $status > 0xFFFFFFFF) {
            return 'unknown_error';
        }
        try {
            return self::text(self::ffi()->cpay_status_name($status));
        } catch (LoadException $e) {
            return 'unknown_error';
        }
    }

    /**
     * This platform's name in {@see Cpay::PLATFORMS} (`linux-x86_64`, `darwin-arm64`…), and the path of the
     * prebuilt libcpay the Composer package carries for it (lib/<platform>/libcpay.so, .dylib or cpay.dll),
     * whether or not that file is there.
     *
     * @return array{string, string}
     */
    public static function bundledLibrary(): array
    {
        $os = strtolower(PHP_OS_FAMILY);
        $machine = strtolower(php_uname('m'));
        $machine = ['amd64' => 'x86_64', 'x64' => 'x86_64', 'arm64' => $os === 'linux' ? 'aarch64' : 'arm64',
            'aarch64' => $os === 'darwin' ? 'arm64' : 'aarch64'][$machine] ?? $machine;
        $file = ['darwin' => 'libcpay.dylib', 'windows' => 'cpay.dll'][$os] ?? 'libcpay.so';
        return ["$os-$machine", dirname(__DIR__) . "/lib/$os-$machine/$file"];
    }

    /** The version of libcpay, e.g. "0.1.0". */
    public static function version(): string
    {
        return self::text(self::ffi()->cpay_version());
    }

    /**
     * The loaded library (loading it on first use).
     *
     * @internal for the gateway classes of this package.
     * @throws LoadException
     */
    public static function ffi(): FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        if (!extension_loaded('ffi')) {
            throw new LoadException('the PHP FFI extension is not loaded (php -m | grep FFI)');
        }
        try {
            return self::$ffi = FFI::scope(self::SCOPE);
        } catch (\Throwable $notPreloaded) {
            return self::$ffi = self::open(null, null, null);
        }
    }

    /**
     * The result string of a call that wrote `$out` on success; frees it. On failure, the exception for
     * the thread's last error.
     *
     * @internal
     * @throws CpayException
     */
    public static function take(FFI $ffi, int $status, FFI\CData $out): string
    {
        if ($status !== CpayException::OK) {
            throw self::lastError($ffi, $status);
        }
        try {
            return FFI::string($out);
        } finally {
            $ffi->cpay_string_free($out);
        }
    }

    /**
     * The exception for the last error of this thread.
     *
     * @internal
     */
    public static function lastError(FFI $ffi, int $status): CpayException
    {
        $json = $ffi->cpay_last_error_json();
        $error = is_string($json) ? json_decode($json, true) : null;
        if (!is_array($error)) {
            $error = ['message' => self::text($ffi->cpay_last_error_message())];
        }
        return CpayException::create(
            $status,
            (string) ($error['message'] ?? ''),
            isset($error['field']) ? (string) $error['field'] : null,
            isset($error['gateway_code']) ? (string) $error['gateway_code'] : null
        );
    }

    /**
     * JSON for libcpay; PHP strings that are not UTF-8 are refused here, naming `$field`.
     *
     * @internal
     * @param mixed $value
     * @throws CpayException
     */
    public static function encode($value, string $field): string
    {
        try {
            return json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
        } catch (\JsonException $e) {
            $status = $e->getCode() === JSON_ERROR_UTF8 ? CpayException::INVALID_UTF8 : CpayException::MALFORMED;
            throw CpayException::create($status, "$field cannot be sent as JSON: " . $e->getMessage(), $field);
        }
    }

    /**
     * `$value` for JSON where the operation wants an object: an empty PHP array would be sent as `[]`.
     *
     * @internal for the generated classes.
     * @param array<mixed>|null $value
     * @return array<mixed>|\stdClass|null
     */
    public static function object(?array $value)
    {
        return $value === [] ? new \stdClass() : $value;
    }

    /**
     * Refuse a NUL byte in a string passed as a C string: C would silently see only what precedes it
     * (a shortened key would still sign).
     *
     * @internal
     * @throws CpayException
     */
    public static function refuseNul(string $value, string $field): void
    {
        if (strpos($value, "\0") !== false) {
            throw CpayException::create(CpayException::MALFORMED, "$field contains a NUL byte", $field);
        }
    }

    /**
     * @return mixed
     * @throws CpayException
     */
    private static function decode(string $json)
    {
        try {
            return json_decode($json, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            throw CpayException::create(CpayException::UNKNOWN_ERROR, 'libcpay returned invalid JSON');
        }
    }

    /** @param mixed $value a `const char *` return: PHP FFI gives a string, or null for NULL. */
    private static function text($value): string
    {
        return is_string($value) ? $value : ($value instanceof FFI\CData ? FFI::string($value) : '');
    }

    /** @throws LoadException */
    private static function open(?string $library, ?string $header, ?string $scope): FFI
    {
        if (!extension_loaded('ffi')) {
            throw new LoadException('the PHP FFI extension is not loaded (php -m | grep FFI)');
        }
        [$platform, $bundled] = self::bundledLibrary();
        $library = $library ?? (getenv('CPAY_LIB') ?: (is_file($bundled) ? $bundled : null));
        if ($library === null) {
            throw new LoadException(
                "libcpay was not found: this package carries no prebuilt libcpay for $platform (the published "
                . 'package has ' . implode(', ', self::PLATFORMS) . '); set CPAY_LIB=/path/to/libcpay.so, '
                . 'call Cpay\Cpay::load(), or preload it'
            );
        }
        $header = $header ?? self::defaultHeader();
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw new LoadException("cannot read the header $header");
        }
        try {
            if ($scope === null) {
                return FFI::cdef($declarations, $library);
            }
            // FFI::load() is the only way to name a scope; it reads the scope and library from #defines.
            $file = tempnam(sys_get_temp_dir(), 'cpay-h');
            if ($file === false) {
                throw new LoadException('cannot write a temporary header for FFI::load()');
            }
            file_put_contents($file, self::preloadHeader($library, $header));
            try {
                $ffi = FFI::load($file);
            } finally {
                @unlink($file);
            }
            if ($ffi === null) {
                throw new LoadException("cannot load $library as FFI scope $scope");
            }
            return $ffi;
        } catch (\FFI\Exception $e) {
            throw new LoadException("cannot load $library: " . $e->getMessage());
        }
    }

    private static function defaultHeader(): string
    {
        $candidates = [dirname(__DIR__) . '/include/cpay_php.h', dirname(__DIR__, 2) . '/include/cpay_php.h'];
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                return $candidate;
            }
        }
        return $candidates[1];
    }
}
