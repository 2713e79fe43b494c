<?php
// The installed Composer package's runner for tests/dist/vectors.py, run in the Composer project (argv[1]):
// Composer's autoloader, no CPAY_LIB (the package finds its own libcpay); its version, then Cpay::callJson
// on each case (JSON text in and out, so that {} and [] stay apart).
declare(strict_types=1);

require $argv[1] . '/vendor/autoload.php';

echo json_encode(['version' => \Cpay\Cpay::version()]), "\n";
while (($line = fgets(STDIN)) !== false) {
    [$op, $json] = explode("\t", rtrim($line, "\n"), 2);
    try {
        $output = \Cpay\Cpay::callJson($op, $json);
        echo '{"output":', $output, "}\n";
    } catch (\Cpay\CpayException $e) {
        $error = ['code' => $e->getErrorCode(), 'number' => $e->getCode(), 'field' => $e->getField(), 'gateway_code' => $e->getGatewayCode()];
        echo json_encode(['error' => $error], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
    }
}
