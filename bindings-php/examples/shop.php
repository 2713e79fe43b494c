<?php
/**
 * What a WooCommerce / PrestaShop module would get from its platform: the module's settings and the
 * shop's orders. Both are stand-ins here (settings from the environment, orders in a JSON file), so that
 * checkout.php and ipn.php run as they are with php-cgi or `php -S`.
 */
declare(strict_types=1);

namespace CpayExample;

require_once __DIR__ . '/../autoload.php';

/** The module's Lyra settings (in a real module: its configuration page; keys never in the code). */
function lyra_config(): array
{
    return [
        'platform' => 'sogecommerce',
        'site_id' => getenv('CPAY_SITE_ID') ?: '12345678',
        'mode' => 'TEST',
        // The platform documentation's public TEST key, for the example only.
        'test_key' => getenv('CPAY_TEST_KEY') ?: '1122334455667788',
    ];
}

/** The shop's orders: a JSON file, updated under an exclusive lock (two IPNs may arrive at once). */
final class Orders
{
    private string $file;

    public function __construct(?string $file = null)
    {
        $this->file = $file ?? (getenv('CPAY_EXAMPLE_ORDERS') ?: sys_get_temp_dir() . '/cpay-example-orders.json');
    }

    /** @return array<string, mixed>|null */
    public function find(string $id): ?array
    {
        return $this->locked(static fn (array $orders) => [$orders, $orders[$id] ?? null]);
    }

    /** The order `$id`, created pending with `$amount` (minor units) when the shop does not have it yet. */
    public function open(string $id, int $amount): array
    {
        return $this->locked(static function (array $orders) use ($id, $amount) {
            $orders[$id] = $orders[$id] ?? [
                'id' => $id,
                'amount' => $amount,
                'trans_counter' => count($orders) + 1,
                'status' => 'new',
                'key' => null,
                'shipped' => false,
                'shipments' => 0,
                'updates' => 0,
            ];
            return [$orders, $orders[$id]];
        });
    }

    /**
     * Apply a verified outcome once, as cpay's `plan.order_state` decides from the stored status and
     * idempotency key: a repeated or stale notification changes nothing, and `ship` is true only on the
     * first accepted outcome. Returns the decision.
     *
     * @param array<string, mixed> $outcome
     * @return array{decision: string, status: string, ship: bool, reason: string, key?: string|null}
     */
    public function apply(string $id, array $outcome): array
    {
        return $this->locked(static function (array $orders) use ($id, $outcome) {
            $order = $orders[$id];
            $current = ['status' => $order['status'], 'key' => $order['key'], 'amount' => $order['amount']];
            $decision = \Cpay\Plan::orderState($current, $outcome);
            if ($decision['decision'] === 'apply') {
                $orders[$id]['status'] = $decision['status'];
                $orders[$id]['key'] = $decision['key'] ?? null;
                $orders[$id]['updates']++;
            }
            if ($decision['ship']) {
                $orders[$id]['shipped'] = true; // a real module hands the order to its warehouse here
                $orders[$id]['shipments'] = ($orders[$id]['shipments'] ?? 0) + 1;
            }
            return [$orders, $decision];
        });
    }

    /** Run `$change` on the orders under an exclusive lock; it returns [orders to save, result]. */
    private function locked(callable $change)
    {
        $handle = fopen($this->file, 'c+');
        if ($handle === false || !flock($handle, LOCK_EX)) {
            throw new \RuntimeException("cannot open the order file {$this->file}");
        }
        try {
            $orders = json_decode(stream_get_contents($handle) ?: '{}', true) ?: [];
            [$orders, $result] = $change($orders);
            ftruncate($handle, 0);
            rewind($handle);
            fwrite($handle, json_encode($orders, JSON_PRETTY_PRINT));
            return $result;
        } finally {
            flock($handle, LOCK_UN);
            fclose($handle);
        }
    }
}
