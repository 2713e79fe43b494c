<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Worldline Sips 2.0: the raw Seal primitive (the typed C function), Data building and decoding, the
 * payment form and the response (the `sips.*` operations; docs/sips.md gives the shapes).
 */
final class Sips
{
    /**
     * The Seal (lowercase hex) of `$data`, the Data text exactly as posted (with `Encode=base64`, the
     * base64 text), under the secret key `$key`.
     *
     * @param string $algo "hmac-sha256" (also "HMAC-SHA-256") or "sha256" (SHA-256 of Data then key)
     * @throws CpayException UNSUPPORTED_ALGORITHM on "algo", INVALID_KEY on "key"
     */
    public static function seal(string $data, string $key, string $algo = 'hmac-sha256'): string
    {
        foreach (['data' => $data, 'key' => $key, 'algo' => $algo] as $field => $value) {
            Cpay::refuseNul($value, $field);
        }
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_sips_seal($data, $key, $algo, FFI::addr($out));
        return Cpay::take($ffi, $status, $out);
    }

    /**
     * The Data text (`key=value|…`) of `$fields`, nested objects flattened with `.`, lists joined with `,`
     * (`sips.data`).
     *
     * @param array<string, mixed> $fields
     * @throws CpayException
     */
    public static function data(array $fields): string
    {
        return (string) Cpay::call('sips.data', ['fields' => Cpay::object($fields)])['data'];
    }

    /**
     * The fields of a Data text, **unverified** (`sips.decode`): for diagnosis only; to accept a payment
     * use {@see Sips::response()}.
     *
     * @param string|null $encode "base64" when the Data was posted with `Encode=base64`
     * @return array<string, string>
     * @throws CpayException
     */
    public static function decode(string $data, ?string $encode = null): array
    {
        $input = ['data' => $data];
        if ($encode !== null) {
            $input['encode'] = $encode;
        }
        return Cpay::call('sips.decode', $input)['fields'];
    }

    /**
     * Build the Paypage POST form (`sips.form`): `['form' => [action, method, fields], 'html' => …]`.
     *
     * @param array<string, mixed> $config  {merchant_id, key_version, secret_key, environment, seal_algorithm?, …}
     * @param array<string, mixed> $payment {amount, transaction_reference, normal_return_url, automatic_response_url, …}
     * @return array<string, mixed>
     * @throws CpayException naming the Data key at fault
     */
    public static function form(array $config, array $payment, bool $autoSubmit = false, ?string $submitLabel = null): array
    {
        $input = ['config' => $config, 'payment' => $payment, 'auto_submit' => $autoSubmit];
        if ($submitLabel !== null) {
            $input['submit_label'] = $submitLabel;
        }
        return Cpay::call('sips.form', $input);
    }

    /**
     * Verify the response (normalReturnUrl or automaticResponseUrl, `sips.response`): an Outcome.
     *
     * @param array<string, mixed> $config
     * @param string|array<string, string> $received the raw url-encoded POST body, or its fields (Data, Seal, …)
     * @param array<string, mixed> $expected {transaction_reference?, order_id?, amount?}: what the shop expects
     * @return array<string, mixed>
     * @throws CpayException VerificationException when forged, tampered or misrouted
     */
    public static function response(array $config, $received, array $expected = [], bool $serverToServer = false): array
    {
        $input = ['config' => $config, 'expected' => Cpay::object($expected), 'server_to_server' => $serverToServer];
        return Cpay::call('sips.response', $input + Cpay::received($received, 'fields'));
    }
}
