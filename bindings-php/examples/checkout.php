<?php
/**
 * The checkout step of a WooCommerce / PrestaShop-style module: render the Cpay payment form, which the
 * buyer submits to the payment platform. GET checkout.php?order=CMD-2020-0042
 */
declare(strict_types=1);

require __DIR__ . '/shop.php';

use Cpay\CpayException;
use Cpay\Lyra;

$orders = new CpayExample\Orders();
$order = $orders->open((string) ($_GET['order'] ?? 'CMD-2020-0042'), 2990);

try {
    $result = Lyra::form(CpayExample\lyra_config(), [
        'amount' => $order['amount'],
        'trans_id' => $order['trans_counter'],
        'trans_date' => gmdate('Y-m-d\TH:i:s\Z'),
        'order_id' => $order['id'],
        'customer' => ['email' => 'me@example.com', 'first_name' => 'John', 'last_name' => 'Doe', 'country' => 'FR'],
    ], submitLabel: 'Payer avec Cpay');
    header('Content-Type: text/html; charset=utf-8');
    echo "<!doctype html>\n<title>Paiement</title>\n", $result['html'], "\n";
} catch (CpayException $e) {
    // A field the module sent is wrong: the message names it (never a key). Log it; show a neutral page.
    error_log('cpay form: ' . $e->getErrorCode() . ' on ' . ($e->getField() ?? '-') . ': ' . $e->getMessage());
    http_response_code(500);
    echo 'Le paiement est momentanément indisponible.';
}
