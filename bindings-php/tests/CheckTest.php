<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Check;
use PHPUnit\Framework\TestCase;

/**
 * bin/cpay-check and Cpay\Check::run(): whether cpay loads in the CLI and in web requests (php-cgi), and the
 * php.ini lines a host without them needs.
 */
final class CheckTest extends TestCase
{
    private function lib(): string
    {
        $lib = (string) getenv('CPAY_LIB');
        if ($lib === '') {
            $this->markTestSkipped('CPAY_LIB is not set');
        }
        return $lib;
    }

    /** @return array{int, string} exit code and stdout of `php [ini…] bin/cpay-check args…` */
    private function cli(array $ini, array $args): array
    {
        $cmd = array_merge([PHP_BINARY], $ini, [dirname(__DIR__) . '/bin/cpay-check'], $args);
        $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        stream_get_contents($pipes[2]);
        return [proc_close($process), $out];
    }

    public function testTheCliLoadsCpayUnderTheDefaultFfiEnable(): void
    {
        [$code, $out] = $this->cli(['-d', 'ffi.enable=preload'], ['--json', $this->lib()]);
        $report = json_decode($out, true);
        $this->assertSame(0, $code, $out);
        $this->assertTrue($report['ok']);
        $this->assertSame('cli', $report['sapi']);
        $this->assertIsFloat($report['load_ms']);
        // The CLI cannot see the web server's php.ini: it prints what web requests need.
        $this->assertContains('ffi.enable = preload', $report['php_ini']);
        $this->assertContains('opcache.preload = ' . dirname(__DIR__) . '/preload.php', $report['php_ini']);
    }

    public function testFfiDisabledIsNamedWithItsLine(): void
    {
        [$code, $out] = $this->cli(['-d', 'ffi.enable=0'], [$this->lib()]);
        $this->assertSame(1, $code, $out);
        $this->assertStringContainsString('cpay does NOT load here', $out);
        $this->assertStringContainsString('[!!] ffi.enable', $out);
        $this->assertStringContainsString('ffi.enable = preload', $out);
        $this->assertStringContainsString('.user.ini and .htaccess cannot set them', $out);
    }

    public function testAMissingLibraryIsNamed(): void
    {
        [$code, $out] = $this->cli([], ['/nonexistent/libcpay.so']);
        $this->assertSame(1, $code, $out);
        $this->assertStringContainsString('/nonexistent/libcpay.so does not exist', $out);
    }

    /** Check::run() from a web request (php-cgi), with and without the preload set-up of docs/php.md. */
    public function testWebRequestsNeedThePreloadLines(): void
    {
        $lib = $this->lib();
        $phpCgi = trim((string) shell_exec('command -v php-cgi'));
        if ($phpCgi === '') {
            $this->markTestSkipped('php-cgi is not installed (make test-php installs it)');
        }
        $dir = sys_get_temp_dir() . '/cpay-check-' . bin2hex(random_bytes(6));
        mkdir($dir);
        $root = dirname(__DIR__);
        file_put_contents("$dir/page.php", "<?php require '$root/autoload.php'; echo json_encode(\\Cpay\\Check::run());");
        file_put_contents("$dir/cpay_preload.h", \Cpay\Cpay::preloadHeader($lib));
        $run = function (array $ini) use ($phpCgi, $dir, $lib): array {
            $env = ['PATH' => (string) getenv('PATH'), 'REDIRECT_STATUS' => '1', 'GATEWAY_INTERFACE' => 'CGI/1.1',
                'REQUEST_METHOD' => 'GET', 'SCRIPT_FILENAME' => "$dir/page.php", 'CPAY_LIB' => $lib];
            $process = proc_open(array_merge([$phpCgi], $ini), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
            $out = (string) stream_get_contents($pipes[1]);
            proc_close($process);
            [, $body] = explode("\r\n\r\n", $out, 2) + [1 => ''];
            $report = json_decode($body, true);
            $this->assertIsArray($report, $out);
            return $report;
        };
        try {
            $bare = $run(['-d', 'ffi.enable=preload', '-d', 'opcache.enable=1']);
            $this->assertSame('cgi-fcgi', $bare['sapi']);
            $this->assertFalse($bare['ok'], 'FFI is refused in a web request without preload');
            $this->assertContains("opcache.preload = $root/preload.php", $bare['php_ini']);
            $this->assertContains('ffi.enable = preload', $bare['php_ini']);

            $ini = ['-d', 'ffi.enable=preload', '-d', "ffi.preload=$dir/cpay_preload.h", '-d', 'opcache.enable=1',
                '-d', "opcache.preload=$root/preload.php"];
            if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
                array_push($ini, '-d', 'opcache.preload_user=root');
            }
            $preloaded = $run($ini);
            $this->assertTrue($preloaded['ok'], json_encode($preloaded));
            $this->assertSame([], $preloaded['php_ini']);
        } finally {
            array_map('unlink', glob("$dir/*") ?: []);
            rmdir($dir);
        }
    }
}
