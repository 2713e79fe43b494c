<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Lyra;
use CpayExample\Orders;
use PHPUnit\Framework\TestCase;

use function CpayExample\reconcile;

require_once dirname(__DIR__) . '/examples/shop.php';

/**
 * The lost-notification example (`CpayExample\reconcile`): the golden vector's Order/Get answer stands in for
 * the network; its outcomes (the payment, then a refund) go through `Plan::orderState` via `Orders::apply`.
 */
final class ReconcileTest extends TestCase
{
    private string $file;
    /** @var array<string, mixed> */
    private array $answer;
    /** @var array<string, mixed> */
    private array $ipn;

    protected function setUp(): void
    {
        $this->file = tempnam(sys_get_temp_dir(), 'cpay-reconcile-');
        $this->answer = self::vector('Order/Get answer: the payment and its refund, each a verified outcome');
        $this->ipn = self::vector('IPN: captured Cpay payment');
    }

    protected function tearDown(): void
    {
        @unlink($this->file);
    }

    /** @return array<string, mixed> the input of a case of tests/vectors/lyra.json */
    private static function vector(string $name): array
    {
        $file = json_decode((string) file_get_contents(dirname(__DIR__, 2) . '/tests/vectors/lyra.json'), true);
        foreach ($file['cases'] as $case) {
            if ($case['name'] === $name) {
                return $case['input'];
            }
        }
        throw new \RuntimeException("no vector lyra.json / $name");
    }

    public function testALostIpnIsFoldedIntoTheOrderOnce(): void
    {
        $orders = new Orders($this->file);
        $orders->open('CMD-2020-0042', 2990, 0);
        $orders->open('CMD-2020-0099', 1000, 3000); // too recent: not asked
        $sent = [];
        $send = function (array $request) use (&$sent): array {
            $sent[] = $request;
            return $this->answer['response'];
        };

        $this->assertSame(['CMD-2020-0042'], reconcile($this->answer['config'], $orders, $send, 3600));
        $this->assertCount(1, $sent);
        $this->assertSame('POST', $sent[0]['method']);
        $this->assertStringEndsWith('/V4/Order/Get', $sent[0]['url']);
        $this->assertSame('CMD-2020-0042', json_decode($sent[0]['body'], true)['orderId']);

        $order = $orders->find('CMD-2020-0042');
        $this->assertSame(['partially_refunded', 2990, 1, true, 2], [$order['status'], $order['captured'],
            $order['shipments'], $order['shipped'], $order['updates']], 'paid, shipped once, then refunded');
        $this->assertSame([1000], array_column($order['refunds'], 'amount'));
        $this->assertSame('new', $orders->find('CMD-2020-0099')['status']);

        // The next round asks nothing (the order is final); the IPN arriving late is a duplicate.
        $this->assertSame([], reconcile($this->answer['config'], $orders, $send, 3700));
        $this->assertCount(1, $sent);
        $late = Lyra::notification($this->ipn['config'], body: $this->ipn['body'],
            expected: ['order_id' => 'CMD-2020-0042', 'amount' => 2990]);
        $this->assertSame('duplicate', $orders->apply('CMD-2020-0042', $late['outcome'])['decision']);
        $order = $orders->find('CMD-2020-0042');
        $this->assertSame(['partially_refunded', 1, 2], [$order['status'], $order['shipments'], $order['updates']]);
    }

    public function testAnAnswerForAnotherOrderChangesNothing(): void
    {
        $orders = new Orders($this->file);
        $orders->open('CMD-2020-0043', 2990, 0);
        $send = fn (array $request): array => $this->answer['response']; // about CMD-2020-0042
        $log = ini_set('error_log', '/dev/null');
        try {
            $this->assertSame(['CMD-2020-0043'], reconcile($this->answer['config'], $orders, $send, 3600));
            $this->assertSame(['CMD-2020-0043'], reconcile($this->answer['config'], $orders, $send, 3900),
                'still pending: asked again at the next round');
        } finally {
            ini_set('error_log', (string) $log);
        }
        $order = $orders->find('CMD-2020-0043');
        $this->assertSame(['new', 0, 0], [$order['status'], $order['shipments'], $order['updates']]);
    }
}
