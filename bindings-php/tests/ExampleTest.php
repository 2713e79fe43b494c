<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Lyra;
use CpayExample\Orders;
use PHPUnit\Framework\TestCase;

require_once dirname(__DIR__) . '/examples/shop.php';

/**
 * The example module (examples/checkout.php, examples/ipn.php) served by php-cgi configured for production:
 * ffi.enable=preload with the library from ffi.preload and the classes from preload.php (no CPAY_LIB).
 */
final class ExampleTest extends TestCase
{
    private string $dir;
    private string $orders;
    private string $phpCgi;

    protected function setUp(): void
    {
        $this->phpCgi = trim((string) shell_exec('command -v php-cgi'));
        if ($this->phpCgi === '') {
            $this->markTestSkipped('php-cgi is not installed (make test-php installs it)');
        }
        $this->dir = sys_get_temp_dir() . '/cpay-example-' . bin2hex(random_bytes(6));
        mkdir($this->dir);
        $this->orders = $this->dir . '/orders.json';
        file_put_contents($this->dir . '/cpay_preload.h', \Cpay\Cpay::preloadHeader((string) getenv('CPAY_LIB')));
    }

    protected function tearDown(): void
    {
        if (isset($this->dir)) {
            array_map('unlink', glob($this->dir . '/*') ?: []);
            rmdir($this->dir);
        }
    }

    /** @return array{int, string} HTTP status and body */
    private function cgi(string $script, string $method, string $query = '', string $body = ''): array
    {
        $root = dirname(__DIR__);
        $ini = [
            '-d', 'ffi.enable=preload', '-d', "ffi.preload={$this->dir}/cpay_preload.h",
            '-d', 'opcache.enable=1', '-d', "opcache.preload=$root/preload.php",
        ];
        if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
            array_push($ini, '-d', 'opcache.preload_user=root');
        }
        $env = [
            'PATH' => (string) getenv('PATH'), 'REDIRECT_STATUS' => '1', 'GATEWAY_INTERFACE' => 'CGI/1.1',
            'REQUEST_METHOD' => $method, 'SCRIPT_FILENAME' => "$root/examples/$script", 'QUERY_STRING' => $query,
            'CONTENT_TYPE' => 'application/x-www-form-urlencoded', 'CONTENT_LENGTH' => (string) strlen($body),
            'CPAY_EXAMPLE_ORDERS' => $this->orders,
        ];
        $process = proc_open(array_merge([$this->phpCgi], $ini), [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        $this->assertIsResource($process);
        fwrite($pipes[0], $body);
        fclose($pipes[0]);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        proc_close($process);
        [$head, $content] = explode("\r\n\r\n", $out, 2) + [1 => ''];
        $status = preg_match('/^Status: (\d+)/m', $head, $m) ? (int) $m[1] : 200;
        $this->assertStringNotContainsString('Fatal', $out . $err);
        return [$status, $content];
    }

    /**
     * The checkout form of order `$id` and its IPN body (the platform's answer, signed with the shop's key)
     * with `vads_trans_status` = `$status`: every IPN of one payment carries the same vads_trans_uuid.
     */
    private function ipnFor(string $id, string $transStatus): string
    {
        [, $html] = $this->cgi('checkout.php', 'GET', 'order=' . $id);
        preg_match_all('/name="([^"]+)" value="([^"]*)"/', $html, $inputs, PREG_SET_ORDER);
        $form = [];
        foreach ($inputs as [, $name, $value]) {
            $form[$name] = html_entity_decode($value, ENT_QUOTES | ENT_HTML5);
        }
        $ipn = array_filter($form, static fn ($k) => $k !== 'signature', ARRAY_FILTER_USE_KEY) + [
            'vads_trans_status' => $transStatus, 'vads_result' => '00', 'vads_auth_result' => '00',
            'vads_extra_result' => '', 'vads_card_brand' => 'AURORE-MULTI', 'vads_url_check_src' => 'PAY',
            'vads_trans_uuid' => '9f3c2a1b4d5e6f708192a3b4c5d6e7f8', 'vads_operation_type' => 'DEBIT',
        ];
        $ipn['signature'] = Lyra::sign($ipn, '1122334455667788')['signature'];
        return http_build_query($ipn, '', '&', PHP_QUERY_RFC3986);
    }

    public function testPendingThenCapturedIsPaidAndShippedOnce(): void
    {
        $pending = $this->ipnFor('T-50', 'UNDER_VERIFICATION');
        $captured = $this->ipnFor('T-50', 'CAPTURED');
        $orders = new Orders($this->orders);

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', $pending);
        $this->assertSame(200, $status, $reply);
        $this->assertSame(['pending', 0], [$orders->find('T-50')['status'], $orders->find('T-50')['shipments']]);

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', $captured);
        $this->assertSame(200, $status, $reply);
        $this->assertSame(['accepted', 1], [$orders->find('T-50')['status'], $orders->find('T-50')['shipments']],
            'the capture after a pending IPN of the same payment pays the order');

        [$status] = $this->cgi('ipn.php', 'POST', '', $captured);
        $this->assertSame(200, $status, 'captured twice is acknowledged');
        $this->assertSame(1, $orders->find('T-50')['shipments'], 'and paid once');
    }

    public function testCheckoutThenIpnUpdatesTheOrderOnce(): void
    {
        [$status, $html] = $this->cgi('checkout.php', 'GET', 'order=T-42');
        $this->assertSame(200, $status, $html);
        preg_match_all('/name="([^"]+)" value="([^"]*)"/', $html, $inputs, PREG_SET_ORDER);
        $form = [];
        foreach ($inputs as [, $name, $value]) {
            $form[$name] = html_entity_decode($value, ENT_QUOTES | ENT_HTML5);
        }
        $this->assertSame('T-42', $form['vads_order_id']);
        $this->assertTrue(Lyra::verify($form, '1122334455667788')['valid'], 'the form is signed with the shop key');

        // What the platform posts back: the form's fields, the result, signed with the shop's key.
        $ipn = array_filter($form, static fn ($k) => $k !== 'signature', ARRAY_FILTER_USE_KEY) + [
            'vads_trans_status' => 'CAPTURED', 'vads_result' => '00', 'vads_auth_result' => '00',
            'vads_extra_result' => '', 'vads_card_brand' => 'AURORE-MULTI', 'vads_url_check_src' => 'PAY',
            'vads_trans_uuid' => '9f3c2a1b4d5e6f708192a3b4c5d6e7f8', 'vads_operation_type' => 'DEBIT',
        ];
        $ipn['signature'] = Lyra::sign($ipn, '1122334455667788')['signature'];
        $body = http_build_query($ipn, '', '&', PHP_QUERY_RFC3986);

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', $body);
        $this->assertSame(200, $status, $reply);
        $this->assertStringStartsWith('OK CAPTURED', $reply);
        $orders = new Orders($this->orders);
        $this->assertSame(['accepted', 1, true], [$orders->find('T-42')['status'], $orders->find('T-42')['updates'],
            $orders->find('T-42')['shipped']]);

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', $body);
        $this->assertSame(200, $status, 'a repeated IPN is acknowledged');
        $this->assertSame(1, $orders->find('T-42')['updates'], 'and changes nothing');

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', str_replace('vads_amount=2990', 'vads_amount=1', $body));
        $this->assertSame(400, $status);
        $this->assertStringContainsString('signature', $reply);

        [$status, $reply] = $this->cgi('ipn.php', 'POST', '', str_replace('T-42', 'T-43', $body));
        $this->assertSame(400, $status);
        $this->assertSame([1, 'accepted'], [$orders->find('T-42')['updates'], $orders->find('T-42')['status']]);
    }
}
