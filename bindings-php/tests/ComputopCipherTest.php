<?php
declare(strict_types=1);

namespace Cpay\Tests;

require_once __DIR__ . '/AssertsCpayFailure.php';

use Cpay\Computop;
use Cpay\ComputopCipher;
use Cpay\CpayException;
use Cpay\InvalidKeyException;
use PHPUnit\Framework\TestCase;

/**
 * Cpay\ComputopCipher: every computop.encrypt / computop.decrypt golden vector through one reused cipher
 * per key, the same bytes as Computop::encrypt/decrypt, and bad input.
 */
final class ComputopCipherTest extends TestCase
{
    use AssertsCpayFailure;

    public function testGoldenVectorsThroughReusedCiphers(): void
    {
        $doc = json_decode((string) file_get_contents(dirname(__DIR__, 2) . '/tests/vectors/computop.json'), true, 512, JSON_THROW_ON_ERROR);
        $ciphers = [];
        $run = 0;
        foreach ($doc['cases'] as $case) {
            if ($case['op'] !== 'computop.encrypt' && $case['op'] !== 'computop.decrypt') {
                continue;
            }
            $in = $case['input'];
            // AES vectors (algorithm 'aes', or AES-shaped Data 'IV-ciphertext') are not for the Blowfish cipher.
            if (($in['algorithm'] ?? 'blowfish') === 'aes' || str_contains($in['data'] ?? '', '-')) {
                continue;
            }
            try {
                $cipher = $ciphers[$in['key']] ??= new ComputopCipher($in['key']);
                $actual = $case['op'] === 'computop.encrypt'
                    ? $cipher->encrypt($in['plaintext'])
                    : ['plaintext' => $cipher->decrypt($in['data'], $in['len'])];
            } catch (CpayException $e) {
                $this->assertArrayHasKey('error', $case, "{$case['name']}: {$e->getMessage()}");
                $this->assertSame($case['error']['code'], $e->getErrorCode(), $case['name']);
                if (isset($case['error']['field'])) {
                    $this->assertSame($case['error']['field'], $e->getField(), $case['name']);
                }
                $run++;
                continue;
            }
            $this->assertArrayHasKey('output', $case, "{$case['name']}: expected an error");
            $this->assertSame($case['output'], $actual, $case['name']);
            $run++;
        }
        $this->assertGreaterThanOrEqual(80, $run);
        $this->assertLessThan($run, count($ciphers), 'ciphers were reused');
    }

    public function testSameBytesAsTheStaticMethodsAcrossMessages(): void
    {
        $cipher = new ComputopCipher('password');
        $this->assertSame(['data' => '14ec7a6da0fbb3e50a84b47302443328', 'len' => 9], $cipher->encrypt('plaintext'));
        for ($n = 0; $n < 50; $n++) {
            $text = str_repeat("MerchantID=cpay_test&TransID=CMD$n&Ville=Créteil&", $n % 4 + 1);
            $out = $cipher->encrypt($text);
            $this->assertSame(Computop::encrypt(plaintext: $text, key: 'password'), $out);
            $this->assertSame($text, $cipher->decrypt(strtoupper($out['data']), $out['len']));
        }
        $this->assertSame(['data' => '', 'len' => 0], $cipher->encrypt(''));
    }

    public function testBadInput(): void
    {
        $this->assertFails(fn () => new ComputopCipher(''), CpayException::INVALID_KEY, 'key', InvalidKeyException::class);
        $this->assertFails(fn () => new ComputopCipher(str_repeat('k', 73)), CpayException::INVALID_KEY, 'key');
        $this->assertFails(fn () => new ComputopCipher("pass\0word"), CpayException::MALFORMED, 'key');
        $this->assertFails(fn () => new ComputopCipher("pass\xff"), CpayException::INVALID_UTF8, 'key');
        $cipher = new ComputopCipher('k');
        $this->assertFails(fn () => $cipher->encrypt("x\xff"), CpayException::INVALID_UTF8, 'plaintext');
        $this->assertFails(fn () => $cipher->encrypt("x\0y"), CpayException::MALFORMED, 'plaintext');
        $this->assertFails(fn () => $cipher->encrypt(str_repeat('x', 65537)), CpayException::TOO_LARGE, 'Data');
        $this->assertFails(fn () => $cipher->decrypt('zz', 1), CpayException::MALFORMED, 'Data');
        $this->assertFails(fn () => $cipher->decrypt('14ec7a6da0fbb3e5', 30), CpayException::INCONSISTENT, 'Len');
        $this->assertFails(fn () => $cipher->decrypt('14ec7a6da0fbb3e5', -1), CpayException::INCONSISTENT, 'Len');
        // Still usable after failures.
        $this->assertSame('x', $cipher->decrypt($cipher->encrypt('x')['data'], 1));
    }

    public function testNoStateLeaksAndNoCopies(): void
    {
        $cipher = new ComputopCipher('password');
        $this->assertSame(['cipher' => '***'], $cipher->__debugInfo());
        $this->assertStringNotContainsString('password', print_r($cipher, true));
        try {
            serialize($cipher);
            $this->fail('serialized');
        } catch (\LogicException $e) {
            $this->assertStringContainsString('cannot be serialized', $e->getMessage());
        }
        $this->expectException(\Error::class);
        $copy = clone $cipher;
        unset($copy);
    }

    public function testReleasedCipherIsRefused(): void
    {
        $cipher = new ComputopCipher('password');
        $cipher->__destruct();
        $cipher->__destruct();
        $this->assertFails(fn () => $cipher->encrypt('x'), CpayException::NULL_PARAMETER, 'cipher');
    }
}
