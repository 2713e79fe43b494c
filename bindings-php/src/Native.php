<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * The typed C functions of the hot primitives, for the generated methods that name them (`Lyra::sign`,
 * `Lyra::verify`, `Computop::encrypt`/`decrypt`/`mac`, `Sips::seal`, `Ogone::sign`): the same parameters and results as
 * their operations, without the JSON envelope around the input and the output.
 *
 * @internal marshalling only; the rules are the core's.
 */
final class Native
{
    /**
     * @param array<string, string> $fields
     * @return array{signature: string}
     * @throws CpayException
     */
    public static function lyraSign(array $fields, string $key, string $algo): array
    {
        $ffi = Cpay::ffi();
        $json = self::fields($fields, $key, $algo);
        $out = $ffi->new('char *');
        $status = $ffi->cpay_lyra_sign($json, $key, $algo, FFI::addr($out));
        return ['signature' => Cpay::take($ffi, $status, $out)];
    }

    /**
     * @param array<string, string> $fields
     * @return array{valid: bool}
     * @throws CpayException
     */
    public static function lyraVerify(array $fields, string $key, string $algo): array
    {
        $ffi = Cpay::ffi();
        $status = $ffi->cpay_lyra_verify(self::fields($fields, $key, $algo), $key, $algo);
        if ($status !== CpayException::OK && $status !== CpayException::SIGNATURE_MISMATCH) {
            throw Cpay::lastError($ffi, $status);
        }
        return ['valid' => $status === CpayException::OK];
    }

    /**
     * @return array{data: string, len: int}
     * @throws CpayException
     */
    public static function computopEncrypt(string $plaintext, string $key): array
    {
        self::refuseNul(['plaintext' => $plaintext, 'key' => $key]);
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $len = $ffi->new('size_t');
        $status = $ffi->cpay_computop_encrypt($plaintext, $key, FFI::addr($out), FFI::addr($len));
        return ['data' => Cpay::take($ffi, $status, $out), 'len' => (int) $len->cdata];
    }

    /**
     * @return array{plaintext: string}
     * @throws CpayException
     */
    public static function computopDecrypt(string $data, int $len, string $key): array
    {
        if ($len < 0) {
            return Cpay::call('computop.decrypt', ['data' => $data, 'key' => $key, 'len' => $len]);
        }
        self::refuseNul(['data' => $data, 'key' => $key]);
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_computop_decrypt($data, $len, $key, FFI::addr($out));
        return ['plaintext' => Cpay::take($ffi, $status, $out)];
    }

    /**
     * @return array{mac: string}
     * @throws CpayException
     */
    public static function computopMac(string $message, string $key): array
    {
        self::refuseNul(['message' => $message, 'key' => $key]);
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_computop_mac($message, $key, FFI::addr($out));
        return ['mac' => Cpay::take($ffi, $status, $out)];
    }

    /**
     * @return array{seal: string}
     * @throws CpayException
     */
    public static function sipsSeal(string $data, string $key, string $algo): array
    {
        self::refuseNul(['data' => $data, 'key' => $key, 'algo' => $algo]);
        $ffi = Cpay::ffi();
        $out = $ffi->new('char *');
        $status = $ffi->cpay_sips_seal($data, $key, $algo, FFI::addr($out));
        return ['seal' => Cpay::take($ffi, $status, $out)];
    }

    /**
     * @param array<string, string> $fields
     * @return array{shasign: string}
     * @throws CpayException
     */
    public static function ogoneSign(array $fields, string $passphrase, string $algo, string $direction, string $charset): array
    {
        if ($charset !== 'utf-8') {
            // cpay_ogone_sign hashes UTF-8; the operation converts for the ISO-8859-1 page.
            return Cpay::call('ogone.sign', ['fields' => Cpay::object($fields), 'passphrase' => $passphrase,
                'algo' => $algo, 'direction' => $direction, 'charset' => $charset]);
        }
        self::refuseNul(['passphrase' => $passphrase, 'direction' => $direction]);
        $ffi = Cpay::ffi();
        $json = self::fields($fields, $passphrase, $algo);
        $out = $ffi->new('char *');
        $status = $ffi->cpay_ogone_sign($json, $passphrase, $algo, $direction, FFI::addr($out));
        return ['shasign' => Cpay::take($ffi, $status, $out)];
    }

    /**
     * `fields_json` for the Lyra and Ogone functions: UTF-8 as is (accented text is not escaped, so libcpay borrows
     * it), `/` unescaped.
     *
     * @param array<string, string> $fields
     * @throws CpayException
     */
    private static function fields(array $fields, string $key, string $algo): string
    {
        self::refuseNul(['key' => $key, 'algo' => $algo]);
        return Cpay::encode($fields === [] ? new \stdClass() : $fields, 'fields_json');
    }

    /**
     * @param array<string, string> $values parameter name => value
     * @throws CpayException
     */
    private static function refuseNul(array $values): void
    {
        foreach ($values as $field => $value) {
            Cpay::refuseNul($value, $field);
        }
    }
}
