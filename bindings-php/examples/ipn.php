<?php
/**
 * The IPN endpoint (URL de notification instantanée) of the module: the platform POSTs the payment's
 * result here, server to server, and may repeat it. Verify it with cpay, update the order once, and
 * answer the platform with the reply cpay gives.
 */
declare(strict_types=1);

require __DIR__ . '/shop.php';

use Cpay\CpayException;
use Cpay\Lyra;

$body = (string) file_get_contents('php://input');
header('Content-Type: text/plain; charset=utf-8');

// Find the order the (not yet verified) notification names; cpay then checks that it is really about
// this order and this amount, signed with the shop's key, for this shop and mode.
parse_str($body, $claimed);
$orders = new CpayExample\Orders();
$order = $orders->find(is_string($claimed['vads_order_id'] ?? null) ? $claimed['vads_order_id'] : '');
if ($order === null) {
    http_response_code(400);
    echo "KO unknown order\n";
    return;
}

try {
    $result = Lyra::notification(
        CpayExample\lyra_config(),
        body: $body,
        expected: ['order_id' => $order['id'], 'amount' => $order['amount']]
    );
} catch (CpayException $e) {
    // Forged, tampered, misrouted or malformed: refuse it with the reply cpay attached (400 naming the
    // rule; 500 for an internal error, so that the platform retries).
    error_log('cpay IPN refused: ' . $e->getErrorCode() . ' (' . ($e->getField() ?? '-') . ') ' . $e->getMessage());
    $reply = $e->getReply() ?? ['status' => 500, 'body' => 'KO'];
    http_response_code($reply['status']);
    echo $reply['body'], "\n";
    return;
}

// Once per payment: the stored status and idempotency key decide (a repeated IPN changes nothing).
$decision = $orders->apply($order['id'], $result['outcome']);
if ($decision['decision'] === 'conflict') {
    error_log('cpay IPN conflicts with the order: ' . $decision['reason']);
}
http_response_code($result['reply']['status']);
echo $result['reply']['body'], "\n";
