<?php
/**
 * Everything the module asks cpay: the payment form of each way to pay, the notification, the browser
 * return, the back office's refund and status check. cpay builds and verifies; the module sends (PHP's
 * HTTP stream wrapper) and stores (Orders).
 */
declare(strict_types=1);

namespace CpayCetelem;

use Cpay\Computop;
use Cpay\CpayException;
use Cpay\Lyra;
use Cpay\Reply;

final class Gateways
{
    /** The ways to pay offered at checkout: the gateway, and what tells it the Cetelem method. */
    public const WAYS = [
        'lyra-cpay' => ['gateway' => 'lyra', 'label' => 'Payer avec Cpay (Cetelem) — Lyra', 'cards' => 'AURORE-MULTI'],
        'lyra-3x' => ['gateway' => 'lyra', 'label' => 'Payer en 3 fois (Cetelem 3xCB) — Lyra', 'cards' => 'FULLCB3X', 'schedule' => 'fullcb-3x'],
        'lyra-4x' => ['gateway' => 'lyra', 'label' => 'Payer en 4 fois (Cetelem 4xCB) — Lyra', 'cards' => 'FULLCB4X', 'schedule' => 'fullcb-4x'],
        // Computop's PayType for CetelemFullCB.aspx: 1 = 3xCB, 2 = 4xCB.
        'computop-3x' => ['gateway' => 'computop', 'label' => 'Payer en 3 fois (Cetelem 3xCB) — Computop', 'pay_type' => 1, 'schedule' => 'fullcb-3x'],
        'computop-4x' => ['gateway' => 'computop', 'label' => 'Payer en 4 fois (Cetelem 4xCB) — Computop', 'pay_type' => 2, 'schedule' => 'fullcb-4x'],
    ];

    public function __construct(private readonly Settings $settings, private readonly Orders $orders)
    {
    }

    /**
     * The auto-posting form (cpay's `html`) that sends the buyer to the gateway for `$order`.
     *
     * @param array<string, mixed> $order
     * @return array{form: array<string, mixed>, html: string}
     */
    public function paymentForm(array $order, int $counter): array
    {
        $way = self::WAYS[$order['way']];
        $buyer = \CpayCetelem::BUYER;
        $notify = "{$this->settings->shopUrl}/notify/{$way['gateway']}";
        $back = "{$this->settings->shopUrl}/return/{$way['gateway']}";
        if ($way['gateway'] === 'lyra') {
            return Lyra::form($this->settings->lyra(), [
                'amount' => (int) $order['amount'],
                'trans_id' => $counter,
                'trans_date' => gmdate('Y-m-d\TH:i:s\Z'),
                'payment_cards' => $way['cards'],
                'order_id' => $order['id'],
                'customer' => [
                    'first_name' => $buyer['first_name'], 'last_name' => $buyer['last_name'], 'email' => $buyer['email'],
                    'phone' => $buyer['phone'], 'address' => $buyer['street'], 'zip' => $buyer['zip'],
                    'city' => $buyer['city'], 'country' => $buyer['country'],
                ],
                'shipping' => [
                    'first_name' => $buyer['first_name'], 'last_name' => $buyer['last_name'], 'street' => $buyer['street'],
                    'zip' => $buyer['zip'], 'city' => $buyer['city'], 'country' => $buyer['country'],
                ],
                'cart' => [[
                    'label' => \CpayCetelem::CART['label'], 'amount' => (int) $order['amount'],
                    'type' => \CpayCetelem::CART['type'], 'ref' => \CpayCetelem::CART['ref'], 'qty' => 1,
                ]],
                'urls' => ['check' => $notify, 'return' => $back],
                // The signed result fields come back in the return's query string, so the return page can
                // verify which order it is about.
                'return_mode' => 'GET',
                'language' => 'fr',
            ], autoSubmit: true);
        }
        $address = [
            'first_name' => $buyer['first_name'], 'last_name' => $buyer['last_name'], 'street' => $buyer['street'],
            'zip' => $buyer['zip'], 'city' => $buyer['city'], 'country_code' => $buyer['country'],
        ];
        return Computop::form($this->settings->computop(), [
            'trans_id' => $order['trans_id'],
            'ref_nr' => $order['id'],
            'amount' => (int) $order['amount'],
            'pay_type' => $way['pay_type'],
            'url_success' => $back,
            'url_failure' => $back,
            'url_notify' => $notify,
            'customer' => [
                'salutation' => $buyer['salutation'], 'first_name' => $buyer['first_name'],
                'last_name' => $buyer['last_name'], 'email' => $buyer['email'], 'phone' => $buyer['phone'],
            ],
            'billing' => $address,
            'shipping' => $address,
            'order_desc' => \CpayCetelem::CART['label'],
        ], autoSubmit: true);
    }

    /**
     * A gateway's notification (raw body): verified by cpay against the order it names, then applied once.
     *
     * @return array{status: int, content_type: string, body: string} cpay's reply for the gateway
     */
    public function notify(string $gateway, string $body): array
    {
        try {
            if ($gateway === 'lyra') {
                // The order id is read only to know what to expect; cpay checks it against the signed fields.
                parse_str($body, $claimed);
                $order = $this->orders->get(is_string($claimed['vads_order_id'] ?? null) ? $claimed['vads_order_id'] : '');
                if ($order === null || $order['gateway'] !== 'lyra') {
                    return Reply::rejected('wrong_order', 'unknown order');
                }
                $result = Lyra::notification($this->settings->lyra(), body: $body,
                    expected: ['order_id' => $order['id'], 'amount' => (int) $order['amount']]);
            } elseif ($gateway === 'computop') {
                // Paygate's notify is encrypted: decrypt and check it first, then find the order by its TransID
                // (this shop's TransID is its order id) and check it again against that order
                // (plan.order_state also checks a payment's amount).
                $first = Computop::notification($this->settings->computop(), $body, serverToServer: true);
                $order = $this->orders->get((string) ($first['outcome']['transaction_id'] ?? ''));
                if ($order === null || $order['gateway'] !== 'computop') {
                    return Reply::rejected('wrong_order', 'unknown order');
                }
                $result = Computop::notification($this->settings->computop(), $body,
                    expected: ['trans_id' => $order['trans_id']], serverToServer: true);
            } else {
                return Reply::rejected('not_allowed', "no gateway $gateway in this shop");
            }
        } catch (CpayException $e) {
            // Forged, tampered, misrouted or malformed: the reply cpay attached (400 naming the rule; 500 for
            // an internal error, so that the gateway retries).
            return $e->getReply() ?? Reply::rejected($e->getErrorCode(), $e->getMessage());
        }
        $decision = $this->orders->apply($order['id'], $result['outcome'], true);
        if ($decision['decision'] === 'conflict') {
            error_log("cpaycetelem: order {$order['id']}: conflict: {$decision['reason']}");
        }
        return $result['reply'];
    }

    /**
     * The browser return: which order it is about (verified by cpay), never a status change.
     *
     * @param array<string, mixed> $fields the query string and posted fields
     */
    public function browserReturn(string $gateway, array $fields): ?string
    {
        try {
            if ($gateway === 'lyra') {
                $given = array_filter($fields, static fn ($v, $k) => is_string($v) && (str_starts_with((string) $k, 'vads_') || $k === 'signature'), ARRAY_FILTER_USE_BOTH);
                return Lyra::notification($this->settings->lyra(), fields: $given)['outcome']['order_id'] ?? null;
            }
            if ($gateway === 'computop') {
                $strings = array_filter($fields, 'is_string');
                $outcome = Computop::notification($this->settings->computop(), http_build_query($strings))['outcome'];
                $order = $this->orders->get((string) ($outcome['transaction_id'] ?? ''));
                // The PayID is kept for the status check (inquire.aspx needs it) when the notify never comes.
                if ($order !== null && isset($outcome['gateway_reference'])) {
                    $this->orders->remember($order['id'], $outcome['gateway_reference']);
                }
                return $order['id'] ?? null;
            }
        } catch (CpayException) {
            return null;
        }
        return null;
    }

    /**
     * Back office: refund what is left of order `$id` (`<gw>.refund` → the gateway → `<gw>.refund_answer` →
     * `plan.order_state`). Returns a sentence for the page.
     */
    public function refund(string $id): string
    {
        $order = $this->orders->get($id);
        if ($order === null) {
            return 'unknown order';
        }
        $refunded = Orders::refunded($order);
        $captured = (int) ($order['captured'] ?? 0);
        if ($order['gateway_ref'] === null || $captured - $refunded <= 0) {
            return "nothing to refund on $id ({$order['status']})";
        }
        try {
            if ($order['gateway'] === 'lyra') {
                $config = $this->settings->lyra();
                $request = Lyra::refund($config, [
                    'uuid' => $order['gateway_ref'], 'amount' => $captured - $refunded, 'paid_at' => $order['paid_at'],
                    'now' => gmdate('Y-m-d\TH:i:s\Z'), 'captured' => $captured, 'refunded' => $refunded,
                    'comment' => "remboursement $id",
                ]);
                $outcome = Lyra::refundAnswer($config, self::send($request), ['order_id' => $id])['outcome'];
            } else {
                $config = $this->settings->computop();
                $request = Computop::refund($config, [
                    'pay_id' => $order['gateway_ref'], 'trans_id' => $order['trans_id'], 'amount' => $captured - $refunded,
                    'captured' => $captured, 'credited' => $refunded, 'notify_answered' => (int) $order['notify_answered'] === 1,
                ]);
                $outcome = Computop::refundAnswer($config, self::send($request),
                    ['pay_id' => $order['gateway_ref'], 'trans_id' => $order['trans_id']]);
            }
        } catch (CpayException $e) {
            return "refund of $id refused: {$e->getErrorCode()}: {$e->getMessage()}";
        } catch (\RuntimeException $e) {
            return "refund of $id failed: {$e->getMessage()}";
        }
        $decision = $this->orders->apply($id, $outcome);
        return "refund of $id: {$outcome['status']} → {$decision['decision']}, order {$decision['status']}";
    }

    /**
     * Back office: ask the gateway what became of order `$id` (the lost-notification recovery) and apply each
     * verified outcome as a notification would be. Returns a sentence for the page.
     */
    public function statusCheck(string $id): string
    {
        $order = $this->orders->get($id);
        if ($order === null) {
            return 'unknown order';
        }
        try {
            if ($order['gateway'] === 'lyra') {
                // V4/Order/Get by the shop's own order id: the transaction's uuid came with the lost IPN.
                $config = $this->settings->lyra();
                $answer = Lyra::orderStatusAnswer($config, self::send(Lyra::orderStatus($config, $id)), ['order_id' => $id]);
                $outcomes = $answer['outcomes'];
            } else {
                // inquire.aspx needs the PayID: the notify brings it, and so does the verified browser return.
                if ($order['gateway_ref'] === null) {
                    return "status of $id: no PayID known yet (neither the notify nor the return came)";
                }
                $config = $this->settings->computop();
                $request = Computop::status($config, $order['gateway_ref'], $order['trans_id']);
                $answer = Computop::statusAnswer($config, self::send($request),
                    ['pay_id' => $order['gateway_ref'], 'trans_id' => $order['trans_id']]);
                $outcomes = [$answer['outcome']];
            }
        } catch (CpayException $e) {
            return "status of $id: {$e->getErrorCode()}: {$e->getMessage()}";
        } catch (\RuntimeException $e) {
            return "status of $id failed: {$e->getMessage()}";
        }
        $status = $order['status'];
        foreach ($outcomes as $outcome) {
            $status = $this->orders->apply($id, $outcome)['status'];
        }
        return sprintf('status of %s: %d transaction(s), order %s', $id, count($outcomes), $status);
    }

    /**
     * Send a request cpay built with PHP's own HTTP stream wrapper and hand back what came, for cpay to read.
     *
     * @param array{method: string, url: string, headers: array<string, string>, body: string} $request
     * @return array{status: int, headers: array<string, string>, body: string}
     */
    public static function send(array $request): array
    {
        $headers = [];
        foreach ($request['headers'] as $name => $value) {
            $headers[] = "$name: $value";
        }
        $context = stream_context_create(['http' => [
            'method' => $request['method'], 'header' => $headers, 'content' => $request['body'],
            'timeout' => 20, 'ignore_errors' => true, // 4xx/5xx answers go to cpay too: it names the error
        ]]);
        $body = @file_get_contents($request['url'], false, $context);
        // PHP 8.4 deprecates the magic $http_response_header in favour of this function.
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
}
