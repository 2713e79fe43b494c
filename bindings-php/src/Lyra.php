<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB): the raw signature primitive,
 * form building, notification (IPN) and kr-answer handling, and the REST requests (refund, cancel,
 * validate, get) with their answers. Shapes are those of the `lyra.*` operations (docs/php.md).
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
        $input = ['config' => $config, 'expected' => Cpay::object($expected)];
        return Cpay::call('lyra.notification', $input + Cpay::received($received, 'fields'));
    }

    /**
     * Verify a kr-answer IPN or browser return of the JavaScript client (`lyra.kr_answer`): an Outcome.
     * Give the key the platform hashed with: the HMAC-SHA-256 key for browser returns, the REST password
     * for IPNs (`kr-hash-key` says which).
     *
     * @param string $body the raw url-encoded body (`kr-hash=…&kr-answer=…`)
     * @return array<string, mixed>
     * @throws CpayException VerificationException when forged or tampered
     */
    public static function krAnswer(string $body, ?string $hmacKey = null, ?string $password = null): array
    {
        $input = ['body' => $body];
        if ($hmacKey !== null) {
            $input['hmac_key'] = $hmacKey;
        }
        if ($password !== null) {
            $input['password'] = $password;
        }
        return Cpay::call('lyra.kr_answer', $input);
    }

    /**
     * The REST refund request (`lyra.refund`), after the refund rules are checked: an HttpRequest
     * `{method, url, headers, body}` for the shop's HTTP client.
     *
     * @param array<string, mixed> $config {…, rest_password}
     * @param array<string, mixed> $refund {uuid, amount, option?, paid_at, now, captured, refunded?, …}
     * @return array<string, mixed>
     * @throws CpayException RuleException (REFUND_NOT_ALLOWED) when the refund is not allowed
     */
    public static function refund(array $config, array $refund): array
    {
        return Cpay::call('lyra.refund', ['config' => $config, 'refund' => $refund]);
    }

    /**
     * The REST request cancelling the transaction `$uuid` (`lyra.cancel`): an HttpRequest.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function cancel(array $config, string $uuid, ?string $comment = null): array
    {
        return Cpay::call('lyra.cancel', self::uuidInput($config, $uuid, $comment));
    }

    /**
     * The REST request validating (capturing) the transaction `$uuid` (`lyra.validate`): an HttpRequest.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function validate(array $config, string $uuid, ?string $comment = null): array
    {
        return Cpay::call('lyra.validate', self::uuidInput($config, $uuid, $comment));
    }

    /**
     * The REST request reading the transaction `$uuid` (`lyra.get`): an HttpRequest.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function get(array $config, string $uuid): array
    {
        return Cpay::call('lyra.get', self::uuidInput($config, $uuid, null));
    }

    /**
     * The `answer` of a REST response (`lyra.rest_answer`); an error envelope becomes a GatewayException.
     *
     * @param array<string, mixed> $response the HttpResponse {status, headers?, body}
     * @return array<string, mixed>
     * @throws CpayException GatewayException with the platform's error code
     */
    public static function restAnswer(array $response): array
    {
        return Cpay::call('lyra.rest_answer', ['response' => $response])['answer'];
    }

    /**
     * A `vads_trans_id` (6 digits, below 900000) from the shop's own counter (`lyra.trans_id`).
     *
     * @throws CpayException
     */
    public static function transId(int $counter): string
    {
        return (string) Cpay::call('lyra.trans_id', ['counter' => $counter])['trans_id'];
    }

    /**
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     */
    private static function uuidInput(array $config, string $uuid, ?string $comment): array
    {
        $input = ['config' => $config, 'uuid' => $uuid];
        if ($comment !== null) {
            $input['comment'] = $comment;
        }
        return $input;
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
