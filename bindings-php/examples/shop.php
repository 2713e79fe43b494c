<?php
/**
 * What a WooCommerce / PrestaShop module would get from its platform: the module's settings and the
 * shop's orders. Both are stand-ins here (settings from the environment, orders in a JSON file), so that
 * checkout.php and ipn.php run as they are with php-cgi or `php -S`.
 *
 * `reconcile()` is the lost-notification recipe (docs/plans.md, "Lost notifications"): for each order still
 * pending N minutes after the buyer left for the payment page, ask the platform (`Lyra::orderStatus` →
 * `Lyra::orderStatusAnswer`) and give each verified outcome to the same `Orders::apply` as an IPN.
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
        // The REST API password of the mode, for status queries (Back Office, "Clés d'API REST").
        'rest_password' => getenv('CPAY_REST_PASSWORD') ?: null,
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

    /**
     * The order `$id`, created pending with `$amount` (minor units) when the shop does not have it yet;
     * `$createdAt` (seconds since the epoch, default now) is when the buyer left for the payment page.
     */
    public function open(string $id, int $amount, ?int $createdAt = null): array
    {
        return $this->locked(static function (array $orders) use ($id, $amount, $createdAt) {
            $orders[$id] = $orders[$id] ?? [
                'id' => $id,
                'amount' => $amount,
                'trans_counter' => count($orders) + 1,
                'status' => 'new',
                'key' => null,
                'captured' => null,
                'refunds' => [],
                'shipped' => false,
                'shipments' => 0,
                'updates' => 0,
                'created_at' => $createdAt ?? time(),
            ];
            return [$orders, $orders[$id]];
        });
    }

    /**
     * The ids of the orders still `new` or `pending` `$minutes` after they were opened.
     *
     * @return list<string>
     */
    public function stillPending(int $now, int $minutes): array
    {
        return $this->locked(static fn (array $orders) => [$orders, array_values(array_map(
            static fn (array $order) => $order['id'],
            array_filter($orders, static fn (array $order) => in_array($order['status'], ['new', 'pending'], true)
                && $now - ($order['created_at'] ?? 0) >= $minutes * 60)
        ))]);
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
            $current = [
                'status' => $order['status'], 'key' => $order['key'], 'amount' => $order['amount'],
                'currency' => 'EUR', 'captured' => $order['captured'] ?? null, 'refunds' => $order['refunds'] ?? [],
                'shipped' => (bool) $order['shipped'],
            ];
            $decision = \Cpay\Plan::orderState($current, $outcome);
            if ($decision['decision'] === 'apply') {
                // Store everything the decision returns: a refund is checked against what was captured.
                $orders[$id]['status'] = $decision['status'];
                $orders[$id]['key'] = $decision['key'] ?? null;
                $orders[$id]['captured'] = $decision['captured'] ?? null;
                $orders[$id]['refunds'] = $decision['refunds'];
                $orders[$id]['shipped'] = $decision['shipped'];
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

/**
 * The lost-notification round: ask the platform about every order still pending after `$minutes`.
 *
 * The IPN never came (a wrong notification URL, an https redirect, a firewall): the shop knows its order id,
 * not the transaction's uuid, so it asks `V4/Order/Get`. The answer is verified like a notification (shop,
 * mode, order) and gives one outcome per transaction, payments and refunds, which go through the same
 * `Orders::apply` as an IPN; an IPN arriving later is a duplicate. Run it from cron every few minutes.
 *
 * @param callable(array{method: string, url: string, headers: array<string, string>, body: string}): array{status: int, headers?: array<string, string>, body: string} $send
 *        the shop's HTTP client (`http_send` below, or Guzzle, Symfony HttpClient…)
 * @return list<string> the ids of the orders asked about
 */
function reconcile(array $config, Orders $orders, callable $send, int $now, int $minutes = 30): array
{
    $asked = $orders->stillPending($now, $minutes);
    foreach ($asked as $id) {
        $request = \Cpay\Lyra::orderStatus($config, $id);
        try {
            $answer = \Cpay\Lyra::orderStatusAnswer($config, $send($request), expected: ['order_id' => $id]);
        } catch (\Cpay\CpayException $e) {
            // E.g. the platform does not know the order yet (`gateway_error`): ask again at the next round.
            error_log("cpay reconcile $id: " . $e->getErrorCode() . ' ' . $e->getMessage());
            continue;
        }
        foreach ($answer['outcomes'] as $outcome) {
            $orders->apply($id, $outcome);
        }
    }
    return $asked;
}

/**
 * Send a request cpay built with PHP's own HTTP stream wrapper (no extension needed) and hand back the answer.
 *
 * @param array{method: string, url: string, headers: array<string, string>, body: string} $request
 * @return array{status: int, headers: array<string, string>, body: string}
 */
function http_send(array $request): array
{
    $headers = [];
    foreach ($request['headers'] as $name => $value) {
        $headers[] = "$name: $value";
    }
    $context = stream_context_create(['http' => [
        'method' => $request['method'], 'header' => $headers, 'content' => $request['body'],
        'timeout' => 20, 'ignore_errors' => true, // hand 4xx/5xx answers to cpay too: it names the error
    ]]);
    $body = @file_get_contents($request['url'], false, $context);
    $lines = function_exists('http_get_last_response_headers') ? (http_get_last_response_headers() ?? [])
        : ($http_response_header ?? []);
    if ($body === false || $lines === []) {
        throw new \RuntimeException("no answer from {$request['url']}");
    }
    $status = preg_match('#^HTTP/\S+ (\d{3})#', $lines[0], $m) ? (int) $m[1] : 0;
    $answer = [];
    foreach (array_slice($lines, 1) as $line) {
        [$name, $value] = array_map('trim', explode(':', $line, 2) + [1 => '']);
        $answer[strtolower($name)] = $value;
    }
    return ['status' => $status, 'headers' => $answer, 'body' => $body];
}
