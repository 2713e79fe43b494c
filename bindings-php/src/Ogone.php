<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Ogone e-Commerce (ePDQ, PostFinance): the raw SHASIGN primitive (the typed C function), the signed
 * payment form and the feedback (the `ogone.*` operations; docs/ogone.md gives the shapes).
 */
final class Ogone
{
    /**
     * SHASIGN (uppercase hex) of `$params` (name → string value; names in any case; parameters off the
     * direction's list and empty values are not signed) with `$passphrase`.
     *
     * @param array<string, string> $params
     * @param string $algo      "sha1", "sha256" or "sha512"
     * @param string $direction "in" (SHA-IN, requests), "out" (SHA-OUT, feedback) or "legacy_out"
     * @param string $charset   "utf-8" (the `_utf8` page) or "iso-8859-1" (the other page)
     * @throws CpayException UNSUPPORTED_ALGORITHM on "algo", INVALID_VALUE on "direction", INVALID_KEY on
     *                       "passphrase"
     */
    public static function sign(
        array $params,
        string $passphrase,
        string $algo = 'sha256',
        string $direction = 'in',
        string $charset = 'utf-8'
    ): string {
        foreach (['passphrase' => $passphrase, 'algo' => $algo, 'direction' => $direction] as $field => $value) {
            Cpay::refuseNul($value, $field);
        }
        if (strtolower($charset) !== 'utf-8') {
            // The typed C function hashes UTF-8; the ISO-8859-1 page goes through the operation, with the
            // same refusal of an empty passphrase.
            if ($passphrase === '') {
                throw CpayException::create(CpayException::INVALID_KEY, 'passphrase is empty', 'passphrase');
            }
            $input = ['params' => Cpay::object($params), 'passphrase' => $passphrase, 'algo' => $algo,
                'direction' => $direction, 'charset' => $charset];
            return (string) Cpay::call('ogone.sign', $input)['shasign'];
        }
        $json = Cpay::encode(Cpay::object($params), 'params_json');
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_ogone_sign($json, $passphrase, $algo, $direction, FFI::addr($out));
        return Cpay::take($ffi, $status, $out);
    }

    /**
     * Build the signed payment form (`ogone.form`): `['form' => [action, method, fields], 'html' => …]`.
     *
     * @param array<string, mixed> $config  {pspid, environment, algorithm, sha_in_passphrase, sha_out_passphrase?, charset?}
     * @param array<string, mixed> $payment {order_id, amount, currency?, language?, …}
     * @return array<string, mixed>
     * @throws CpayException naming the Ogone parameter at fault
     */
    public static function form(array $config, array $payment, bool $autoSubmit = false, ?string $submitLabel = null): array
    {
        $input = ['config' => $config, 'payment' => $payment, 'auto_submit' => $autoSubmit];
        if ($submitLabel !== null) {
            $input['submit_label'] = $submitLabel;
        }
        return Cpay::call('ogone.form', $input);
    }

    /**
     * Verify the feedback (browser return or server-to-server, `ogone.response`): an Outcome.
     *
     * @param array<string, mixed> $config
     * @param string|array<string, string> $received the raw url-encoded feedback, or the decoded parameters
     * @param array<string, mixed> $expected {order_id?, amount?, currency?}: what the shop expects
     * @return array<string, mixed>
     * @throws CpayException VerificationException when forged, tampered or misrouted
     */
    public static function response(array $config, $received, array $expected = [], bool $serverToServer = false): array
    {
        $input = ['config' => $config, 'expected' => Cpay::object($expected), 'server_to_server' => $serverToServer];
        $input += Cpay::received($received, 'params');
        return Cpay::call('ogone.response', $input);
    }
}
