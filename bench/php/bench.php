<?php
/**
 * cpay through PHP (libcpay over FFI) beside what PHP shops run today: hash_hmac/hash for signatures and
 * phpseclib3's Blowfish (what Computop's own WooCommerce SDK ships) for Computop's Data.
 *
 * Same cases and method as bench/python (calibrate ~20 ms per repetition, 0.2 s warm-up, 25 repetitions
 * interleaved, median and quartiles); outputs are asserted equal once before timing. Typed classes
 * (Cpay\Computop, Cpay\Ogone, Cpay\Sips) are used when present and right, else Cpay\Cpay::call; the JSON
 * written says which. Usage: CPAY_LIB=…/libcpay.so php bench.php CASES_JSON OUT_JSON
 */
declare(strict_types=1);

require __DIR__ . '/../../bindings-php/autoload.php';
require '/usr/share/php/phpseclib3/autoload.php';

use Cpay\Cpay;
use Cpay\Lyra;

$C = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
[$L, $CP, $OG, $SP] = [$C['lyra'], $C['computop'], $C['ogone'], $C['sips']];
$paths = [];

function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "outputs differ: $what\n");
        exit(1);
    }
}

/** The typed function when the package has it and it gives $want, else the generic path. */
function pick(string $case, callable $typed, callable $generic, callable $norm, $want): callable
{
    global $paths;
    try {
        if ($norm($typed()) === $want) {
            $paths[$case] = 'typed';
            return $typed;
        }
    } catch (\Error $e) { // class or method missing, or another signature
        $paths[$case . '.typed_error'] = get_class($e) . ': ' . $e->getMessage();
    }
    check($norm($generic()) === $want, $case);
    $paths[$case] = 'call';
    return $generic;
}

function measure(array $impls): array
{
    $time = static function (callable $fn, int $n): int {
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) {
            $fn();
        }
        return hrtime(true) - $t;
    };
    $counts = [];
    foreach ($impls as $name => $fn) {
        $n = 1;
        while ($time($fn, $n) < 5e6) {
            $n *= 2;
        }
        $counts[$name] = $n * 4;
        $end = hrtime(true) + 2e8;
        while (hrtime(true) < $end) {
            $fn();
        }
    }
    $samples = array_fill_keys(array_keys($impls), []);
    for ($r = 0; $r < 25; $r++) {
        foreach ($impls as $name => $fn) {
            $samples[$name][] = $time($fn, $counts[$name]) / $counts[$name];
        }
    }
    $q = static function (array $s, float $p): float {
        sort($s);
        $i = $p * (count($s) - 1);
        $lo = (int) floor($i);
        return $s[$lo] + ($s[min($lo + 1, count($s) - 1)] - $s[$lo]) * ($i - $lo);
    };
    $out = [];
    foreach ($samples as $name => $s) {
        $out[$name] = ['median_ns' => $q($s, 0.5), 'q1_ns' => $q($s, 0.25), 'q3_ns' => $q($s, 0.75), 'reps' => 25,
            'calls_per_rep' => $counts[$name]];
    }
    return $out;
}

// ---- Lyra ----
$key = $L['key'];
function host_lyra_sign(array $fields, string $key): string
{
    ksort($fields, SORT_STRING);
    $values = [];
    foreach ($fields as $k => $v) {
        if (strncmp((string) $k, 'vads_', 5) === 0) {
            $values[] = $v;
        }
    }
    return base64_encode(hash_hmac('sha256', implode('+', $values) . '+' . $key, $key, true));
}
function host_lyra_verify(array $fields, string $key): bool
{
    return hash_equals(host_lyra_sign($fields, $key), $fields['signature']);
}
function host_lyra_ipn(string $body, array $L): string
{
    parse_str($body, $f);
    if (!host_lyra_verify($f, $L['key'])) {
        throw new RuntimeException('signature');
    }
    if ($f['vads_site_id'] !== $L['config']['site_id'] || $f['vads_ctx_mode'] !== $L['config']['mode']) {
        throw new RuntimeException('shop');
    }
    if ($f['vads_order_id'] !== $L['ipn_expected']['order_id'] || (int) $f['vads_amount'] !== $L['ipn_expected']['amount']) {
        throw new RuntimeException('order');
    }
    return ['AUTHORISED' => 'accepted', 'CAPTURED' => 'accepted', 'REFUSED' => 'refused',
        'ABANDONED' => 'cancelled'][$f['vads_trans_status']] ?? 'pending';
}

$form = Lyra::form($L['config'], $L['payment']);
$formFields = $form['form']['fields'];
$signature = $formFields['signature'];
unset($formFields['signature']);
check(count($formFields) === 26 && host_lyra_sign($formFields, $key) === $signature, 'lyra sign');
$ipn = $L['ipn_fields'];
check(Lyra::verify($ipn, $key)['valid'] === true && host_lyra_verify($ipn, $key), 'lyra verify');
$body = $L['ipn_body'];
check(Lyra::notification($L['config'], $body, expected: $L['ipn_expected'])['outcome']['status'] === 'accepted', 'ipn');
check(host_lyra_ipn($body, $L) === 'accepted', 'host ipn');
$paths['lyra_sign_25'] = $paths['lyra_verify_60'] = $paths['lyra_ipn_60'] = 'typed';
// Accented names and JSON escapes (quote, backslash, apostrophe) in 25 fields: json_encode leaves UTF-8 as is
// (JSON_UNESCAPED_UNICODE), so libcpay borrows it like ASCII.
[$acc, $accSig] = [$C['lyra_accented']['fields'], $C['lyra_accented']['signature']];
$accSigned = $acc + ['signature' => $accSig];
check(host_lyra_sign($acc, $key) === $accSig && Lyra::sign($acc, $key)['signature'] === $accSig, 'lyra sign accented');
check(Lyra::verify($accSigned, $key)['valid'] === true && host_lyra_verify($accSigned, $key), 'lyra verify accented');
$paths['lyra_sign_25_accented'] = $paths['lyra_verify_25_accented'] = 'typed';
$cases = [
    'lyra_sign_25' => [fn () => Lyra::sign($formFields, $key), fn () => host_lyra_sign($formFields, $key)],
    'lyra_sign_25_accented' => [fn () => Lyra::sign($acc, $key), fn () => host_lyra_sign($acc, $key)],
    'lyra_verify_25_accented' => [fn () => Lyra::verify($accSigned, $key), fn () => host_lyra_verify($accSigned, $key)],
    'lyra_verify_60' => [fn () => Lyra::verify($ipn, $key), fn () => host_lyra_verify($ipn, $key)],
    'lyra_ipn_60' => [fn () => Lyra::notification($L['config'], $body, expected: $L['ipn_expected']),
        fn () => host_lyra_ipn($body, $L)],
];

// ---- Computop ----
[$bf, $mk, $plain, $msg] = [$CP['blowfish_key'], $CP['mac_key'], $CP['request_plaintext'], $CP['request_mac_message']];
function host_cipher(string $key): \phpseclib3\Crypt\Blowfish
{
    $c = new \phpseclib3\Crypt\Blowfish('ecb');
    $c->setKey($key);
    $c->disablePadding();
    return $c;
}
function host_encrypt(string $plaintext, string $key): array
{
    return host_encrypt_with(host_cipher($key), $plaintext);
}
function host_encrypt_with(\phpseclib3\Crypt\Blowfish $cipher, string $plaintext): array
{
    $padded = str_pad($plaintext, intdiv(strlen($plaintext) + 7, 8) * 8, "\0");
    // Len counts characters, as Computop's reference PHP (mb_strlen) does.
    return [bin2hex($cipher->encrypt($padded)), mb_strlen($plaintext, 'UTF-8')];
}
function host_mac(string $message, string $key): string
{
    return strtoupper(hash_hmac('sha256', $message, $key));
}
$normEnc = static function ($v): array {
    if (is_array($v) && array_key_exists('data', $v)) {
        return [$v['data'], (int) $v['len']];
    }
    if (is_array($v)) {
        return [$v[0], (int) $v[1]];
    }
    return [$v->data, (int) $v->len];
};
$field = static fn (string $k) => static fn ($v) => is_array($v) ? $v[$k] : $v;
$encrypt = pick('computop_encrypt', fn () => \Cpay\Computop::encrypt($plain, $bf),
    fn () => Cpay::call('computop.encrypt', ['plaintext' => $plain, 'key' => $bf]), $normEnc, host_encrypt($plain, $bf));
$mac = pick('computop_mac', fn () => \Cpay\Computop::mac($msg, $mk),
    fn () => Cpay::call('computop.mac', ['message' => $msg, 'key' => $mk]), $field('mac'), host_mac($msg, $mk));
$cases['computop_encrypt_mac'] = [fn () => [$encrypt(), $mac()], fn () => [host_encrypt($plain, $bf), host_mac($msg, $mk)]];

[$ndata, $nlen] = host_encrypt($CP['notify_plaintext'], $bf);
check($normEnc(Cpay::call('computop.encrypt', ['plaintext' => $CP['notify_plaintext'], 'key' => $bf])) === [$ndata, $nlen], 'notify');
$nbody = "Len=$nlen&Data=$ndata";
$nconfig = $CP['form']['config'];
function host_notify(string $body, array $cfg, string $bf, string $mk): string
{
    parse_str($body, $outer);
    $plain = mb_substr(host_cipher($bf)->decrypt(hex2bin($outer['Data'])), 0, (int) $outer['Len'], 'UTF-8');
    parse_str($plain, $f);
    $message = "{$f['PayID']}*{$f['TransID']}*{$f['mid']}*{$f['Status']}*{$f['Code']}";
    if (!hash_equals(host_mac($message, $mk), strtoupper($f['MAC']))) {
        throw new RuntimeException('mac');
    }
    if ($f['mid'] !== $cfg['merchant_id'] || $f['TransID'] !== 'CMD20260042') {
        throw new RuntimeException('order');
    }
    return $f['Code'] === '00000000' && $f['Status'] === 'OK' ? 'accepted' : 'refused';
}
$notifyIn = ['config' => $nconfig, 'body' => $nbody, 'expected' => ['trans_id' => 'CMD20260042'], 'server_to_server' => true];
check(Cpay::call('computop.notification', $notifyIn)['outcome']['status'] === 'accepted', 'notification');
check(host_notify($nbody, $nconfig, $bf, $mk) === 'accepted', 'host notification');
$paths['computop_notify'] = 'call (computop.notification)';
$cases['computop_notify'] = [fn () => Cpay::call('computop.notification', $notifyIn),
    fn () => host_notify($nbody, $nconfig, $bf, $mk)];
$decrypt = pick('computop_decrypt', fn () => \Cpay\Computop::decrypt($ndata, $nlen, $bf),
    fn () => Cpay::call('computop.decrypt', ['data' => $ndata, 'len' => $nlen, 'key' => $bf]), $field('plaintext'),
    $CP['notify_plaintext']);
$cases['computop_decrypt_mac'] = [fn () => [$decrypt(), $mac()],
    fn () => [mb_substr(host_cipher($bf)->decrypt(hex2bin($ndata)), 0, $nlen, 'UTF-8'), host_mac($msg, $mk)]];
// The Blowfish primitive alone (the phpseclib3 goal): cpay's encrypt vs phpseclib3's, same bytes.
$cases['computop_blowfish'] = [$encrypt, fn () => host_encrypt($plain, $bf)];
$paths['computop_blowfish'] = $paths['computop_encrypt'];
// Blowfish with the key scheduled once: Cpay\ComputopCipher and a phpseclib3 Blowfish('ecb') object with its
// key set (setKey + disablePadding), each created once and reused.
if (method_exists(\Cpay\Computop::class, 'cipher')) {
    $cpayCipher = \Cpay\Computop::cipher($bf);
    $hostCipher = host_cipher($bf);
    check($normEnc($cpayCipher->encrypt($plain)) === host_encrypt_with($hostCipher, $plain), 'blowfish reused');
    check(host_encrypt_with($hostCipher, $plain) === host_encrypt($plain, $bf), 'host blowfish reused');
    $paths['computop_blowfish_reused'] = 'typed (Computop::cipher)';
    $cases['computop_blowfish_reused'] = [fn () => $cpayCipher->encrypt($plain), fn () => host_encrypt_with($hostCipher, $plain)];
}

// ---- Ogone SHA-OUT and Sips seal ----
$shaOut = array_fill_keys($OG['sha_out_list'], true);
function host_ogone(array $params, string $pass, array $list): string
{
    $up = [];
    foreach ($params as $k => $v) {
        if ($v !== '') {
            $up[strtoupper((string) $k)] = $v;
        }
    }
    ksort($up, SORT_STRING);
    $msg = '';
    foreach ($up as $k => $v) {
        if (isset($list[$k])) {
            $msg .= "$k=$v$pass";
        }
    }
    return strtoupper(hash('sha256', $msg));
}
[$P, $PP] = [$OG['fields'], $OG['passphrase']];
check(host_ogone($P, $PP, $shaOut) === $OG['shasign'], 'host ogone');
$osign = pick('ogone_sha_out_22', fn () => \Cpay\Ogone::sign($P, $PP, 'sha256', 'out'),
    fn () => Cpay::call('ogone.sign', ['fields' => $P, 'passphrase' => $PP, 'algo' => 'sha256', 'direction' => 'out']),
    $field('shasign'), $OG['shasign']);
$cases['ogone_sha_out_22'] = [$osign, fn () => host_ogone($P, $PP, $shaOut)];
[$D, $SK] = [$SP['data'], $SP['key']];
check(hash_hmac('sha256', $D, $SK) === $SP['seal'], 'host seal');
$seal = pick('sips_seal', fn () => \Cpay\Sips::seal($D, $SK, 'hmac-sha256'),
    fn () => Cpay::call('sips.seal', ['data' => $D, 'key' => $SK, 'algo' => 'hmac-sha256']), $field('seal'), $SP['seal']);
$cases['sips_seal'] = [$seal, fn () => hash_hmac('sha256', $D, $SK)];

$results = [];
foreach ($cases as $name => [$ours, $host]) {
    foreach (measure(['cpay' => $ours, 'host' => $host]) as $impl => $stats) {
        $results[] = ['case' => $name, 'impl' => $impl] + $stats;
        fprintf(STDERR, "%-22s %-5s median %9.2f us\n", $name, $impl, $stats['median_ns'] / 1000);
    }
}
$jit = function_exists('opcache_get_status') ? (opcache_get_status(false)['jit']['on'] ?? false) : false;
file_put_contents($argv[2], json_encode([
    'language' => 'php', 'runtime' => 'PHP ' . PHP_VERSION . ($jit ? ' (opcache JIT on)' : ' (JIT off)'),
    'cpay' => Cpay::version(),
    'host' => ['default' => 'hash_hmac/hash (PHP ext/hash)', 'blowfish' => 'phpseclib3 ' . phpseclib_version()],
    'paths' => $paths, 'results' => $results,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));

function phpseclib_version(): string
{
    $f = '/usr/share/doc/php-phpseclib3/changelog.Debian.gz';
    $line = is_file($f) ? (gzfile($f)[0] ?? '') : '';
    return preg_match('/\(([^)]+)\)/', $line, $m) ? $m[1] : '3';
}
