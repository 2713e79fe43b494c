<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Cpay;
use Cpay\CpayException;
use Cpay\InvalidUtf8Exception;
use Cpay\Lyra;
use Cpay\VerificationException;
use PHPUnit\Framework\TestCase;

/** Bad input gives a CpayException naming the field: never a crash, a warning or a PHP error. */
final class BadInputTest extends TestCase
{
    private const KEY = '1122334455667788';
    private const DOC = [
        'vads_action_mode' => 'INTERACTIVE', 'vads_amount' => '5124', 'vads_ctx_mode' => 'TEST',
        'vads_currency' => '978', 'vads_page_action' => 'PAYMENT', 'vads_payment_config' => 'SINGLE',
        'vads_site_id' => '12345678', 'vads_trans_date' => '20170129130025', 'vads_trans_id' => '123456',
        'vads_version' => 'V2',
    ];

    /** @param callable(): mixed $run */
    private function assertFails(callable $run, int $status, ?string $field, string $class = CpayException::class): CpayException
    {
        try {
            $run();
        } catch (CpayException $e) {
            $this->assertInstanceOf($class, $e);
            $this->assertSame($status, $e->getCode(), $e->getMessage());
            $this->assertSame($status, $e->getStatus());
            $this->assertSame($field, $e->getField(), $e->getMessage());
            $this->assertStringNotContainsString(self::KEY, $e->getMessage());
            return $e;
        }
        $this->fail('no exception');
    }

    public function testTheDocumentationExample(): void
    {
        $this->assertSame(['signature' => 'ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0='], Lyra::sign(self::DOC, self::KEY));
        $this->assertSame(['signature' => '59c96b34c74b9375c332b0b6a32e6deeec87de2b'], Lyra::sign(self::DOC, self::KEY, 'sha1'));
        $signed = self::DOC + ['signature' => 'ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0='];
        $this->assertSame(['valid' => true], Lyra::verify($signed, self::KEY));
        $this->assertSame(['valid' => false], Lyra::verify(['vads_amount' => '5125'] + $signed, self::KEY));
        $this->assertSame(['valid' => false], Lyra::verify($signed, 'wrong'));
        $this->assertSame(['valid' => false], Lyra::verify($signed, self::KEY, 'sha1'));
    }

    public function testPrimitiveBadInputs(): void
    {
        $this->assertFails(fn () => Lyra::sign(self::DOC, self::KEY, 'md5'), CpayException::UNSUPPORTED_ALGORITHM, 'algo');
        $this->assertFails(fn () => Lyra::sign(self::DOC, "k\xff"), CpayException::INVALID_UTF8, 'key', InvalidUtf8Exception::class);
        $this->assertFails(fn () => Lyra::sign(['vads_a' => "\xc3"], self::KEY), CpayException::INVALID_UTF8, 'fields_json');
        $this->assertFails(fn () => Lyra::sign(self::DOC, "1122\0bad"), CpayException::MALFORMED, 'key');
        $this->assertFails(fn () => Lyra::sign(self::DOC, self::KEY, "sha1\0"), CpayException::MALFORMED, 'algo');
        $this->assertFails(fn () => Lyra::sign(['vads_amount' => 5124], self::KEY), CpayException::INVALID_VALUE, 'fields.vads_amount');
        $this->assertFails(fn () => Lyra::sign(['a', 'b'], self::KEY), CpayException::INVALID_VALUE, 'fields');
        $this->assertFails(fn () => Lyra::verify(self::DOC, self::KEY), CpayException::SIGNATURE_MISSING, 'signature', VerificationException::class);
        $this->assertSame(40, strlen(Lyra::sign([], self::KEY, 'sha1')['signature']), 'an empty field set is an object, not a list');
    }

    public function testCallBadInputs(): void
    {
        $this->assertFails(fn () => Cpay::call('nope.sign', []), CpayException::INVALID_VALUE, 'operation');
        $this->assertFails(fn () => Cpay::call("lyra.sign\0x", []), CpayException::MALFORMED, 'operation');
        // A missing key is invalid_key on the key's field, in every operation.
        $this->assertFails(fn () => Cpay::call('lyra.sign', ['fields' => new \stdClass()]), CpayException::INVALID_KEY, 'key');
        $this->assertFails(fn () => Cpay::call('lyra.sign', ['fields' => new \stdClass(), 'key' => 'k', 'x' => 1]), CpayException::INVALID_VALUE, 'x');
        $this->assertFails(fn () => Cpay::call('lyra.sign', ['fields' => NAN]), CpayException::MALFORMED, 'input_json');
        $this->assertFails(fn () => Cpay::call('lyra.sign', ['key' => "\xff"]), CpayException::INVALID_UTF8, 'input_json');
        $this->assertFails(fn () => Cpay::callJson('lyra.sign', '{'), CpayException::MALFORMED, null);
        $this->assertFails(fn () => Cpay::callJson('lyra.sign', "{\"key\":\"\xff\"}"), CpayException::INVALID_UTF8, 'input_json');
        $huge = ['fields' => ['vads_x' => str_repeat('a', 5 * 1024 * 1024)], 'key' => 'k'];
        $this->assertFails(fn () => Cpay::call('lyra.sign', $huge), CpayException::TOO_LARGE, null);
    }

    public function testFormAndNotificationErrorsNameTheGatewayField(): void
    {
        $config = ['platform' => 'sogecommerce', 'site_id' => '12345678', 'mode' => 'TEST', 'test_key' => self::KEY];
        $payment = ['amount' => 2990, 'trans_id' => 362812, 'trans_date' => '2020-07-10T10:14:07Z',
            'customer' => ['last_name' => "Doe\r\nX"]];
        $this->assertFails(fn () => Lyra::form($config, $payment), CpayException::INVALID_FORMAT, 'vads_cust_last_name');
        $payment['customer']['last_name'] = 'Doe';
        $form = Lyra::form($config, $payment, true);
        $this->assertSame('362812', $form['form']['fields']['vads_trans_id']);
        $this->assertStringContainsString('name="vads_trans_id" value="362812"', $form['html']);

        $fields = ['vads_amount' => '1'] + $form['form']['fields'];
        $e = $this->assertFails(fn () => Lyra::notification($config, fields: $fields), CpayException::SIGNATURE_MISMATCH, 'signature', VerificationException::class);
        $this->assertTrue($e->isVerificationFailure());
        $this->assertSame(400, $e->getReply()['status'] ?? null, 'the reply to give the platform is attached');
        unset($fields['signature']);
        $this->assertFails(fn () => Lyra::notification($config, fields: $fields), CpayException::SIGNATURE_MISSING, 'signature');
        $e = $this->assertFails(fn () => Lyra::notification($config, body: 'a=%zz'), CpayException::MALFORMED, 'a');
        $this->assertFalse($e->isVerificationFailure());
        $this->assertFails(fn () => Lyra::notification($config), CpayException::MISSING_FIELD, 'body');
    }

    public function testStatusConstantsAreTheLibrarysNumbers(): void
    {
        $constants = [];
        foreach ((new \ReflectionClass(CpayException::class))->getReflectionConstants() as $constant) {
            if ($constant->isPublic()) {
                $constants[$constant->getName()] = $constant->getValue();
            }
        }
        $this->assertCount(23, $constants);
        foreach ($constants as $name => $value) {
            $this->assertSame(strtolower($name), Cpay::statusName($value), $name);
            // CPAY_PANIC is the C name of the core's `internal`.
            $this->assertSame($value, Cpay::ffi()->{'CPAY_' . ($name === 'INTERNAL' ? 'PANIC' : $name)}, $name);
            $e = CpayException::create($value, 'x');
            $this->assertSame(strtolower($name) === 'ok' ? 'unknown_error' : strtolower($name), $e->getErrorCode(), $name);
        }
        $this->assertSame('unknown_error', Cpay::statusName(-1));
    }

    public function testOperationsAndVersion(): void
    {
        $this->assertContains('lyra.notification', Cpay::operations());
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Cpay::version());
    }
}
