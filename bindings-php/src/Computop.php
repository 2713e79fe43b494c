<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * Computop (Paygate, Axepta: Cetelem 3x/4x FullCB): the raw Blowfish and MAC primitives (the typed C
 * functions; {@see Computop::cipher()} gives a Blowfish cipher keyed once and reused), and the FullCB
 * form, notification and refund (the `computop.*` operations; docs/computop.md gives the shapes of
 * `$config`, `$payment` and the results).
 */
final class Computop
{
    /**
     * Encrypt `$plaintext` (`key=value&…`) with the Blowfish password `$key` (1 to 72 bytes) as Computop's
     * reference does. The raw primitive: the text is not checked against FullCB's field rules.
     *
     * @return array{data: string, len: int} the hex `Data` and the `Len` to send with it
     * @throws CpayException INVALID_KEY on "key", TOO_LARGE on "Data"
     */
    public static function encrypt(string $plaintext, string $key): array
    {
        Cpay::refuseNul($plaintext, 'plaintext');
        Cpay::refuseNul($key, 'key');
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $len = $ffi->new('size_t');
        $status = $ffi->cpay_computop_encrypt($plaintext, $key, FFI::addr($out), FFI::addr($len));
        $data = Cpay::take($ffi, $status, $out);
        return ['data' => $data, 'len' => (int) $len->cdata];
    }

    /**
     * Decrypt the hex `$data` (either case) with the Blowfish password `$key`, cut at `$len` bytes.
     *
     * @throws CpayException MALFORMED on "Data", INCONSISTENT on "Len", INVALID_KEY on "key"
     */
    public static function decrypt(string $data, int $len, string $key): string
    {
        Cpay::refuseNul($data, 'data');
        Cpay::refuseNul($key, 'key');
        if ($len < 0) {
            throw CpayException::create(CpayException::INCONSISTENT, 'Len must not be negative', 'Len');
        }
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_computop_decrypt($data, $len, $key, FFI::addr($out));
        return Cpay::take($ffi, $status, $out);
    }

    /**
     * A cipher keyed once with the Blowfish password `$key`, to encrypt and decrypt many messages without
     * paying the key schedule each time (see {@see ComputopCipher} for when that helps).
     *
     * @throws CpayException INVALID_KEY on "key"
     */
    public static function cipher(string $key): ComputopCipher
    {
        return new ComputopCipher($key);
    }

    /**
     * The Paygate MAC of `$message` (e.g. `*TransID*MerchantID*Amount*Currency`): uppercase hex
     * HMAC-SHA-256 under the HMAC password `$key` (not the Blowfish one).
     *
     * @throws CpayException INVALID_KEY on "key"
     */
    public static function mac(string $message, string $key): string
    {
        Cpay::refuseNul($message, 'message');
        Cpay::refuseNul($key, 'key');
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_computop_mac($message, $key, FFI::addr($out));
        return Cpay::take($ffi, $status, $out);
    }

    /**
     * Build the FullCB 3x/4x payment form (`computop.form`): `['form' => …, 'redirect_url' => …, 'mac' => …,
     * 'html' => …]`.
     *
     * @param array<string, mixed> $config  {merchant_id, blowfish_key, mac_key, host, …}
     * @param array<string, mixed> $payment {trans_id, amount, pay_type, url_success, url_failure, url_notify, …}
     * @return array<string, mixed>
     * @throws CpayException naming the Computop field at fault
     */
    public static function form(array $config, array $payment, bool $autoSubmit = false, ?string $submitLabel = null): array
    {
        $input = ['config' => $config, 'payment' => $payment, 'auto_submit' => $autoSubmit];
        if ($submitLabel !== null) {
            $input['submit_label'] = $submitLabel;
        }
        return Cpay::call('computop.form', $input);
    }

    /**
     * Verify and decode a notify or browser return (`computop.notification`): an Outcome.
     *
     * @param array<string, mixed> $config
     * @param string $body the raw POST body or GET query string (`Len=…&Data=…`)
     * @param array<string, mixed> $expected {trans_id?, pay_id?}: what the shop expects
     * @return array<string, mixed>
     * @throws CpayException VerificationException when forged, tampered or misrouted
     */
    public static function notification(array $config, string $body, array $expected = [], bool $serverToServer = false): array
    {
        return Cpay::call('computop.notification', [
            'config' => $config,
            'body' => $body,
            'expected' => Cpay::object($expected),
            'server_to_server' => $serverToServer,
        ]);
    }

    /**
     * The credit (refund) request to send (`computop.refund`): an HttpRequest {method, url, headers, body}.
     *
     * @param array<string, mixed> $config
     * @param array<string, mixed> $refund {pay_id, trans_id, amount, captured, credited?, req_id?, …}
     * @return array<string, mixed>
     * @throws CpayException RuleException (REFUND_NOT_ALLOWED) when the refund is not allowed
     */
    public static function refund(array $config, array $refund): array
    {
        return Cpay::call('computop.refund', ['config' => $config, 'refund' => $refund]);
    }

    /**
     * Verify and decode the answer to a credit request (`computop.refund_answer`): an Outcome.
     *
     * @param array<string, mixed> $config
     * @param array<string, mixed> $response the HttpResponse {status, headers?, body}
     * @param array<string, mixed> $expected
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function refundAnswer(array $config, array $response, array $expected = []): array
    {
        return Cpay::call('computop.refund_answer', [
            'config' => $config,
            'response' => $response,
            'expected' => Cpay::object($expected),
        ]);
    }
}
