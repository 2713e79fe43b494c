<?php
declare(strict_types=1);

namespace Cpay\Tests;

require_once __DIR__ . '/AssertsCpayFailure.php';

use Cpay\Computop;
use Cpay\CpayException;
use Cpay\InvalidInputException;
use Cpay\Lyra;
use Cpay\Ogone;
use Cpay\Payline;
use Cpay\Plan;
use Cpay\RuleException;
use Cpay\Sips;
use Cpay\VerificationException;
use PHPUnit\Framework\TestCase;

/**
 * One test per gateway class: its primitives on the specs' public vectors (with the default arguments),
 * a checked path, and bad input giving an exception that carries the status and the field at fault.
 */
final class GatewayClassesTest extends TestCase
{
    private const OGONE_DOC = ['AMOUNT' => '1500', 'CURRENCY' => 'EUR', 'LANGUAGE' => 'en_US', 'ORDERID' => '1234', 'PSPID' => 'MyPSPID'];
    private const OGONE_PASS = 'Mysecretsig1875!?';

    use AssertsCpayFailure;

    public function testComputop(): void
    {
        $this->assertSame(['data' => '14ec7a6da0fbb3e50a84b47302443328', 'len' => 9], Computop::encrypt('plaintext', 'password'));
        $this->assertSame('plaintext', Computop::decrypt('14EC7A6DA0FBB3E50A84B47302443328', 9, 'password'));
        $this->assertSame('18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A', Computop::mac('value', 'password'));
        $round = Computop::encrypt('MerchantID=cpay_test&TransID=é', 'k');
        $this->assertSame('MerchantID=cpay_test&TransID=é', Computop::decrypt($round['data'], $round['len'], 'k'));

        $this->assertFails(fn () => Computop::encrypt('x', ''), CpayException::INVALID_KEY, 'key', InvalidInputException::class);
        $this->assertFails(fn () => Computop::encrypt('x', str_repeat('k', 73)), CpayException::INVALID_KEY, 'key');
        $this->assertFails(fn () => Computop::encrypt("x\xff", 'k'), CpayException::INVALID_UTF8, 'plaintext');
        $this->assertFails(fn () => Computop::mac('value', "pass\0word"), CpayException::MALFORMED, 'key');
        $this->assertFails(fn () => Computop::mac('value', ''), CpayException::INVALID_KEY, 'key');
        $this->assertFails(fn () => Computop::decrypt('zz', 1, 'k'), CpayException::MALFORMED, 'Data');
        $this->assertFails(fn () => Computop::decrypt('14ec7a6da0fbb3e5', 30, 'k'), CpayException::INCONSISTENT, 'Len');
        $this->assertFails(fn () => Computop::decrypt('14ec7a6da0fbb3e5', -1, 'k'), CpayException::INCONSISTENT, 'Len');
        $config = ['merchant_id' => 'cpay_test', 'blowfish_key' => 'bf', 'mac_key' => 'mac', 'host' => 'test'];
        $this->assertFails(fn () => Computop::notification($config, 'Len=9&Data=14ec7a6da0fbb3e50a84b47302443328'),
            CpayException::SIGNATURE_MISSING, 'MAC', VerificationException::class);
    }

    public function testOgone(): void
    {
        $this->assertSame('F4CC376CD7A834D997B91598FA747825A238BE0A', Ogone::sign(self::OGONE_DOC, self::OGONE_PASS, 'sha1'));
        $this->assertSame('E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F',
            Ogone::sign(self::OGONE_DOC, self::OGONE_PASS), 'sha256 and SHA-IN by default');
        $this->assertSame(Ogone::sign(self::OGONE_DOC, self::OGONE_PASS), Ogone::sign(self::OGONE_DOC, self::OGONE_PASS, 'sha256', 'in', 'iso-8859-1'),
            'ASCII values hash the same in both charsets');
        $config = ['pspid' => 'MyPSPID', 'environment' => 'test', 'algorithm' => 'sha1', 'sha_in_passphrase' => self::OGONE_PASS];
        $form = Ogone::form($config, ['order_id' => '1234', 'amount' => 1500, 'language' => 'en_US']);
        $this->assertSame('F4CC376CD7A834D997B91598FA747825A238BE0A', $form['form']['fields']['SHASIGN']);

        $this->assertFails(fn () => Ogone::sign(self::OGONE_DOC, self::OGONE_PASS, 'md5'), CpayException::UNSUPPORTED_ALGORITHM, 'algo');
        $this->assertFails(fn () => Ogone::sign(self::OGONE_DOC, self::OGONE_PASS, 'sha1', 'up'), CpayException::INVALID_VALUE, 'direction');
        $this->assertFails(fn () => Ogone::sign(self::OGONE_DOC, ''), CpayException::INVALID_KEY, 'passphrase');
        $this->assertFails(fn () => Ogone::sign(self::OGONE_DOC, '', 'sha1', 'in', 'iso-8859-1'), CpayException::INVALID_KEY, 'passphrase');
        $this->assertFails(fn () => Ogone::sign(['AMOUNT' => 1500], self::OGONE_PASS), CpayException::INVALID_VALUE, 'params_json');
        $this->assertFails(fn () => Ogone::sign(['CN' => "\xe9"], self::OGONE_PASS), CpayException::INVALID_UTF8, 'params_json');
        $this->assertFails(fn () => Ogone::response($config, 42), CpayException::INVALID_VALUE, 'body');
    }

    public function testSips(): void
    {
        $data = 'YW1vdW50PTI5OTB8Y3VycmVuY3lDb2RlPTk3OHxtZXJjaGFudElkPTAwMjAwMTAwMDAwMDAwMQ==';
        $this->assertSame('5fcdb4a71545894c8c16fdb01e7360fd9634789c4ffb825819e96000e15dc3c0', Sips::seal($data, '002001000000001_KEY1'),
            'HMAC-SHA-256 by default');
        $this->assertSame('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
            Sips::seal('what do ya want for nothing?', 'Jefe', 'HMAC-SHA-256'));
        $this->assertSame(hash('sha256', 'a=1k'), Sips::seal('a=1', 'k', 'sha256'));
        $this->assertSame('amount=2990|currencyCode=978|merchantId=002001000000001', base64_decode($data));
        $this->assertSame(['amount' => '2990', 'currencyCode' => '978', 'merchantId' => '002001000000001'], Sips::decode($data, 'base64'));
        $this->assertSame('a.b=1|c=x,y', Sips::data(['a' => ['b' => 1], 'c' => ['x', 'y']]));

        $this->assertFails(fn () => Sips::seal('a=1', 'k', 'md5'), CpayException::UNSUPPORTED_ALGORITHM, 'algo');
        $this->assertFails(fn () => Sips::seal('a=1', ''), CpayException::INVALID_KEY, 'key');
        $this->assertFails(fn () => Sips::seal("a=\xff", 'k'), CpayException::INVALID_UTF8, 'data');
        $this->assertFails(fn () => Sips::seal('a=1', "k\0"), CpayException::MALFORMED, 'key');
    }

    public function testPayline(): void
    {
        $account = ['merchant_id' => '111111111', 'environment' => 'homologation', 'access_key' => 'AFju9XHplQzvamffO72L'];
        $request = Payline::details($account, '1aLkI8xoWWWWmQVfA2931434983528796');
        $this->assertSame('POST', $request['method']);
        $this->assertStringContainsString('1aLkI8xoWWWWmQVfA2931434983528796', $request['body']);
        $this->assertStringNotContainsString('AFju9XHplQzvamffO72L', $request['body'], 'the key is only in the Basic auth header');

        $this->assertFails(fn () => Payline::details(['environment' => 'homologation', 'access_key' => 'k'], 't'), CpayException::MISSING_FIELD, 'merchant_id');
        $this->assertFails(fn () => Payline::details($account + ['token' => 'x'], 't'), CpayException::INCONSISTENT, 'token');
        $this->assertFails(fn () => Payline::webPaymentAnswer('<not xml'), CpayException::MALFORMED, null);
    }

    public function testPlan(): void
    {
        $schedule = Plan::schedule(['method' => 'fullcb-3x', 'total' => 10000, 'first_date' => '2026-01-31']);
        $this->assertSame([3334, 3333, 3333], array_column($schedule['installments'], 'amount'));
        $this->assertTrue(Plan::threeDs(['policy' => 'always', 'payment_date' => '2026-05-01'])['three_ds']);
        $refund = Plan::refund(['gateway' => 'lyra', 'method' => 'cpay', 'option' => 'Comptant', 'paid_at' => '2026-03-10T10:00:00Z',
            'now' => '2026-09-01T10:00:00Z', 'captured' => 10000, 'refunded' => 2500, 'amount' => 7500]);
        $this->assertTrue($refund['allowed']);

        $this->assertFails(fn () => Plan::schedule(['method' => 'fullcb-3x', 'total' => 0, 'first_date' => '2026-01-31']),
            CpayException::INVALID_VALUE, 'total');
        $this->assertFails(fn () => Plan::eligible(['method' => 'fullcb-3x']), CpayException::MISSING_FIELD, 'gateway');
    }

    public function testLyraRest(): void
    {
        $config = ['platform' => 'sogecommerce', 'site_id' => '12345678', 'mode' => 'TEST', 'test_key' => '1122334455667788',
            'rest_password' => 'testpassword_DEMO'];
        $uuid = '9f3c2a1b4d5e6f708192a3b4c5d6e7f8';
        foreach (['cancel', 'validate', 'get'] as $verb) {
            $request = Lyra::$verb($config, $uuid);
            $this->assertSame('POST', $request['method'], $verb);
            $this->assertStringContainsString($uuid, $request['body'], $verb);
        }
        $this->assertStringContainsString('out of stock', Lyra::cancel($config, $uuid, 'out of stock')['body']);
        $answer = Lyra::restAnswer(['status' => 200, 'body' => '{"status": "SUCCESS", "answer": {"uuid": "' . $uuid . '"}}']);
        $this->assertSame($uuid, $answer['uuid']);
        $this->assertSame('362812', Lyra::transId(362812));
        $this->assertSame(6, strlen(Lyra::transId(1262812)));

        $this->assertFails(fn () => Lyra::get(['rest_password' => 'p'] + $config, ''), CpayException::INVALID_FORMAT, 'uuid');
        $this->assertFails(fn () => Lyra::refund($config, ['uuid' => $uuid, 'amount' => 1000, 'option' => 'comptant',
            'paid_at' => '2026-01-10T10:00:00Z', 'now' => '2026-06-01T09:00:00Z', 'captured' => 500]),
            CpayException::REFUND_NOT_ALLOWED, 'amount', RuleException::class);
        $this->assertFails(fn () => Lyra::krAnswer('kr-answer=%7B%7D'), CpayException::SIGNATURE_MISSING, 'kr-hash', VerificationException::class);
    }
}
