<?php
declare(strict_types=1);

namespace Cpay;

use FFI;

/**
 * A Computop Blowfish cipher keyed once with one password (libcpay's `cpay_computop_cipher`), for many
 * {@see ComputopCipher::encrypt()} / {@see ComputopCipher::decrypt()} calls.
 *
 * {@see Computop::encrypt()} and {@see Computop::decrypt()} run the Blowfish key schedule (521 block
 * encryptions) on every call, which costs more than enciphering a whole FullCB request. Keep one cipher
 * for as long as the process handles messages under that password: a CLI worker, a queue consumer, a
 * batch of notifications. Under PHP-FPM an object lives for one request, so it helps only when that
 * request encrypts or decrypts several messages. The results are the same bytes as the static methods.
 *
 * The native cipher holds key-derived material until this object is destroyed (the memory is wiped then).
 * It cannot be cloned or serialized, and var_dump() shows no state.
 */
final class ComputopCipher
{
    private FFI $ffi;
    private ?FFI\CData $cipher;
    /** The out-parameters, allocated once: each call overwrites them before reading (a saving per call). */
    private FFI\CData $out;
    private FFI\CData $len;

    /**
     * Key the cipher with the Blowfish password `$key` (1 to 72 bytes).
     *
     * @throws CpayException INVALID_KEY on "key"
     */
    public function __construct(string $key)
    {
        Cpay::refuseNul($key, 'key');
        $ffi = Cpay::ffi();
        $cipher = $ffi->new('struct cpay_computop_cipher *');
        $status = $ffi->cpay_computop_cipher_new($key, FFI::addr($cipher));
        if ($status !== CpayException::OK) {
            throw Cpay::lastError($ffi, $status);
        }
        $this->ffi = $ffi;
        $this->cipher = $cipher;
        $this->out = $ffi->new('char *');
        $this->len = $ffi->new('size_t');
    }

    /**
     * Encrypt `$plaintext` (`key=value&…`) as {@see Computop::encrypt()} does with this cipher's password.
     *
     * @return array{data: string, len: int} the hex `Data` and the `Len` to send with it
     * @throws CpayException TOO_LARGE on "Data", INVALID_UTF8 on "plaintext"
     */
    public function encrypt(string $plaintext): array
    {
        Cpay::refuseNul($plaintext, 'plaintext');
        $status = $this->ffi->cpay_computop_cipher_encrypt(
            $this->native(),
            $plaintext,
            FFI::addr($this->out),
            FFI::addr($this->len)
        );
        $data = Cpay::take($this->ffi, $status, $this->out);
        return ['data' => $data, 'len' => (int) $this->len->cdata];
    }

    /**
     * Decrypt the hex `$data` (either case) as {@see Computop::decrypt()} does, cut after `$len` characters.
     *
     * @throws CpayException MALFORMED on "Data", INCONSISTENT on "Len"
     */
    public function decrypt(string $data, int $len): string
    {
        Cpay::refuseNul($data, 'data');
        if ($len < 0) {
            throw CpayException::create(CpayException::INCONSISTENT, 'Len must not be negative', 'Len');
        }
        $status = $this->ffi->cpay_computop_cipher_decrypt($this->native(), $data, $len, FFI::addr($this->out));
        return Cpay::take($this->ffi, $status, $this->out);
    }

    /** Release the native cipher, wiping its key-derived state. */
    public function __destruct()
    {
        if ($this->cipher !== null) {
            $this->ffi->cpay_computop_cipher_free($this->cipher);
            $this->cipher = null;
        }
    }

    /** @return array<string, string> no key-derived state for var_dump() and print_r() */
    public function __debugInfo(): array
    {
        return ['cipher' => '***'];
    }

    /**
     * Serializing would copy a native pointer, not a cipher.
     *
     * @return array<string, mixed>
     * @throws \LogicException always
     */
    public function __serialize(): array
    {
        throw new \LogicException('a Cpay\ComputopCipher cannot be serialized; keep the key and make a new one');
    }

    /** A clone would share, then free twice, the one native cipher. */
    private function __clone()
    {
    }

    /** @throws CpayException once destroyed (only reachable by calling __destruct() by hand) */
    private function native(): FFI\CData
    {
        if ($this->cipher === null) {
            throw CpayException::create(CpayException::NULL_PARAMETER, 'this cipher was released', 'cipher');
        }
        return $this->cipher;
    }
}
