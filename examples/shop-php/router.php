<?php
/**
 * The shop's front door for `php -S 127.0.0.1:PORT router.php` (start.sh): it plays PrestaShop's
 * dispatcher, mapping each URL to the module's controller. Nothing else is served.
 *
 *   GET  /?amount=N                  checkout (front controller `checkout`)
 *   POST /checkout                   the order and cpay's form to the gateway
 *   POST /notify/<gateway>           the gateway's notification (front controller `notification`)
 *   GET|POST /return/<gateway>       the buyer back from the gateway (front controller `return`)
 *   GET  /admin/orders               back office (AdminCpayCetelemOrdersController)
 *   POST /admin/orders/<id>/<action> refund | status
 *   GET  /api/orders/<id>            the order as JSON (front controller `api`)
 */
declare(strict_types=1);

use CpayCetelem\Response;

const MAX_BODY = 64 * 1024;

$moduleDir = __DIR__ . '/modules/cpaycetelem';
require_once $moduleDir . '/cpaycetelem.php';

$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH));

/** The controller class of `$file` (relative to the module), loaded on demand. */
$controller = static function (string $file, string $class, CpayCetelem $module) use ($moduleDir): object {
    require_once "$moduleDir/controllers/$file";
    return new $class($module);
};

try {
    $module = new CpayCetelem();
    if ($path === '/' && $method === 'GET') {
        $response = $controller('front/checkout.php', CpayCetelemCheckoutModuleFrontController::class, $module)->initContent($_GET);
    } elseif ($path === '/checkout' && $method === 'POST') {
        $response = $controller('front/checkout.php', CpayCetelemCheckoutModuleFrontController::class, $module)->postProcess($_POST);
    } elseif (preg_match('#^/notify/([a-z]+)$#', $path, $m) && $method === 'POST') {
        // The raw body, as received: cpay parses and verifies it. A genuine notification is a few kilobytes.
        $body = (string) file_get_contents('php://input', false, null, 0, MAX_BODY + 1);
        $response = strlen($body) > MAX_BODY ? Response::text('KO too large', 413)
            : $controller('front/notification.php', CpayCetelemNotificationModuleFrontController::class, $module)
                ->postProcess($m[1], $body);
    } elseif (preg_match('#^/return/([a-z]+)$#', $path, $m) && ($method === 'GET' || $method === 'POST')) {
        $response = $controller('front/return.php', CpayCetelemReturnModuleFrontController::class, $module)
            ->initContent($m[1], $_POST + $_GET);
    } elseif ($path === '/admin/orders' && $method === 'GET') {
        $response = $controller('admin/AdminCpayCetelemOrdersController.php', AdminCpayCetelemOrdersController::class, $module)
            ->initContent(is_string($_GET['message'] ?? null) ? $_GET['message'] : '');
    } elseif (preg_match('#^/admin/orders/([A-Za-z0-9_-]+)/(refund|status)$#', $path, $m) && $method === 'POST') {
        $response = $controller('admin/AdminCpayCetelemOrdersController.php', AdminCpayCetelemOrdersController::class, $module)
            ->postProcess($m[1], $m[2]);
    } elseif (preg_match('#^/api/orders/([A-Za-z0-9_-]+)$#', $path, $m) && $method === 'GET') {
        $response = $controller('front/api.php', CpayCetelemApiModuleFrontController::class, $module)->initContent($m[1]);
    } elseif ($path === '/health') {
        $response = Response::json(['status' => 'ok']);
    } else {
        $response = Response::text('not found', 404);
    }
} catch (\Throwable $e) {
    // No stack trace to the client; the server log has it.
    error_log('cpaycetelem: ' . $e::class . ': ' . $e->getMessage() . "\n" . $e->getTraceAsString());
    $response = Response::text('error', 500);
}
$response->send();
