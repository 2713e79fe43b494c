<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB): the raw signature primitive,
 * form building and notification (IPN) handling. Shapes are those of the `lyra.*` operations (docs/php.md).
 */
final class Lyra
{
    /**
     * The signature of `$fields` (name → string value; non-`vads_` fields are ignored) with `$key`.
     * The raw primitive, without format or shop checks.
     *
     * @param array<string, string> $fields
     * @param string $algo "hmac-sha256" or "sha1"
     * @throws CpayException e.g. UNSUPPORTED_ALGORITHM on "algo"
     */
    public static function sign(array $fields, string $key, string $algo = 'hmac-sha256'): string
    {
        [$ffi, $json] = self::prepare($fields, $key, $algo);
        $out = $ffi->new('char *');
        $status = $ffi->cpay_lyra_sign($json, $key, $algo, FFI::addr($out));
        return Cpay::take($ffi, $status, $out);
    }

    /**
     * Whether the `signature` member of `$fields` matches the other fields (constant-time comparison).
     * The raw primitive: to accept a payment use {@see Lyra::notification()}, which also checks shop,
     * mode and order.
     *
     * @param array<string, string> $fields
     * @throws CpayException for bad input, and VerificationException (SIGNATURE_MISSING) without signature
     */
    public static function verify(array $fields, string $key, string $algo = 'hmac-sha256'): bool
    {
        [$ffi, $json] = self::prepare($fields, $key, $algo);
        $status = $ffi->cpay_lyra_verify($json, $key, $algo);
        if ($status === CpayException::SIGNATURE_MISMATCH) {
            return false;
        }
        if ($status !== CpayException::OK) {
            throw Cpay::lastError($ffi, $status);
        }
        return true;
    }

    /**
     * Build the signed payment form (`lyra.form`): `['form' => [action, method, fields], 'html' => …]`.
     *
     * @param array<string, mixed> $config  {platform, site_id, mode, test_key?, production_key?, algorithm?}
     * @param array<string, mixed> $payment {amount, currency?, trans_id, trans_date, order_id?, customer?, …}
     * @return array<string, mixed>
     * @throws CpayException naming the vads_ field at fault
     */
    public static function form(array $config, array $payment, bool $autoSubmit = false, ?string $submitLabel = null): array
    {
        $input = ['config' => $config, 'payment' => $payment, 'auto_submit' => $autoSubmit];
        if ($submitLabel !== null) {
            $input['submit_label'] = $submitLabel;
        }
        return Cpay::call('lyra.form', $input);
    }

    /**
     * Verify an IPN or browser return (`lyra.notification`): `['outcome' => Outcome, 'reply' => [status, body]]`.
     *
     * @param string|array<string, string> $received the raw url-encoded body (file_get_contents('php://input'))
     *                                               or the already decoded fields ($_POST)
     * @param array<string, mixed> $expected {order_id?, trans_id?, amount?}: what the shop expects
     * @return array<string, mixed>
     * @throws CpayException VerificationException when forged, tampered or misrouted
     */
    public static function notification(array $config, $received, array $expected = []): array
    {
        $input = ['config' => $config, 'expected' => $expected === [] ? new \stdClass() : $expected];
        if (is_string($received)) {
            $input['body'] = $received;
        } elseif (is_array($received)) {
            $input['fields'] = $received === [] ? new \stdClass() : $received;
        } else {
            throw CpayException::create(CpayException::INVALID_VALUE, 'received must be the body or the fields', 'body');
        }
        return Cpay::call('lyra.notification', $input);
    }

    /**
     * @param array<string, string> $fields
     * @return array{0: FFI, 1: string}
     * @throws CpayException
     */
    private static function prepare(array $fields, string $key, string $algo): array
    {
        Cpay::refuseNul($key, 'key');
        Cpay::refuseNul($algo, 'algo');
        return [Cpay::ffi(), Cpay::encode($fields === [] ? new \stdClass() : $fields, 'fields_json')];
    }
}
