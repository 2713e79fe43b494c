<?php
declare(strict_types=1);

namespace Cpay\Tests;

use PHPUnit\Framework\TestCase;

/** Loading libcpay (each case in a fresh PHP process, since the library is loaded once per process). */
final class LoaderTest extends TestCase
{
    /** Run `$code` in a fresh php with the given CPAY_LIB (null: unset) and return its output. */
    private function php(string $code, ?string $lib): string
    {
        $autoload = var_export(dirname(__DIR__) . '/autoload.php', true);
        $env = getenv();
        unset($env['CPAY_LIB']);
        if ($lib !== null) {
            $env['CPAY_LIB'] = $lib;
        }
        $process = proc_open(
            [PHP_BINARY, '-d', 'ffi.enable=true', '-r', "require $autoload; $code"],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            null,
            $env
        );
        $this->assertIsResource($process);
        $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        proc_close($process);
        return trim((string) $out);
    }

    private const CATCH = 'catch (Cpay\CpayException $e) { echo get_class($e), "|", $e->getField(), "|", $e->getErrorCode(); }';

    public function testMissingOrWrongLibraryIsALoadException(): void
    {
        $this->assertSame('Cpay\LoadException|CPAY_LIB|not_loaded', $this->php('try { Cpay\Cpay::version(); } ' . self::CATCH, null));
        $this->assertSame('Cpay\LoadException|CPAY_LIB|not_loaded', $this->php('try { Cpay\Lyra::sign([], "k"); } ' . self::CATCH, '/nonexistent/libcpay.so'));
    }

    public function testExplicitLoad(): void
    {
        $lib = var_export((string) getenv('CPAY_LIB'), true);
        $this->assertSame(\Cpay\Cpay::version(), $this->php("Cpay\\Cpay::load($lib); echo Cpay\\Cpay::version();", null));
    }
}
