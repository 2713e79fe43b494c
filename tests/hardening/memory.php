<?php
// 1,000,000 calls through the PHP package (PHP FFI over libcpay) with resident memory flat (issue 10,
// `make memory`). Half are Cpay\Lyra::sign, half Cpay\Cpay::call('lyra.notification', …) on the golden IPN;
// every tenth notification is tampered so the error path (an exception) is looped too. RSS at start, after
// warm-up, at the end; fails when the end exceeds warm-up by more than 8 MiB. Needs CPAY_LIB.
declare(strict_types=1);

require __DIR__ . '/../../bindings-php/autoload.php';

const SLACK_KIB = 8 * 1024;
$calls = (int) ($argv[1] ?? 1000000);
$warmUp = intdiv($calls, 20);

function rssKib(): int
{
    preg_match('/^VmRSS:\s+(\d+)/m', (string) file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}

$vectors = json_decode((string) file_get_contents(__DIR__ . '/../vectors/lyra.json'), true);
$find = function (string $op) use ($vectors): array {
    foreach ($vectors['cases'] as $c) {
        if ($c['op'] === $op && isset($c['output'])) {
            return $c['input'];
        }
    }
    throw new RuntimeException("no $op case");
};
$sign = $find('lyra.sign');
$ipn = $find('lyra.notification');
$tampered = $ipn;
$tampered['body'] = preg_replace('/vads_amount=/', 'vads_amount=1', $ipn['body'], 1);

$start = rssKib();
$warm = null;
$errors = 0;
for ($i = 0; $i < $calls; $i++) {
    if ($i === $warmUp) {
        $warm = rssKib();
    }
    if ($i % 2 === 0) {
        Cpay\Lyra::sign($sign['fields'], $sign['key']);
    } elseif ($i % 20 === 1) {
        try {
            Cpay\Cpay::call('lyra.notification', $tampered);
        } catch (Cpay\CpayException $e) {
            $errors++;
        }
    } else {
        Cpay\Cpay::call('lyra.notification', $ipn);
    }
}
$end = rssKib();
printf("php: %d calls (%d errors): RSS start %d KiB, after warm-up %d KiB, end %d KiB\n", $calls, $errors, $start, $warm, $end);
exit($end - $warm > SLACK_KIB ? 1 : 0);
