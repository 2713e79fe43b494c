<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Computop;
use Cpay\Cpay;
use Cpay\CpayException;
use Cpay\Lyra;
use Cpay\Ogone;
use Cpay\Payline;
use Cpay\Plan;
use Cpay\Sips;
use PHPUnit\Framework\TestCase;

/**
 * Every golden vector again, through the gateway classes instead of Cpay::call: each case's input is
 * spread over the facade method's parameters and its result put back in the operation's shape. The
 * primitives (Computop, Ogone::sign, Sips::seal, Lyra::sign/verify) so run on the typed C functions.
 * A case the facade cannot express (a deliberately unknown field, a value of the wrong type) is left to
 * VectorsTest; at least 90% of the cases must run here, and every operation must have its method.
 */
final class FacadeVectorsTest extends TestCase
{
    private const ACCOUNT = ['merchant_id', 'environment', 'access_key', 'version'];

    /** @return iterable<string, array{string, object}> */
    public static function cases(): iterable
    {
        $files = glob(dirname(__DIR__, 2) . '/tests/vectors/*.json') ?: [];
        sort($files);
        foreach ($files as $file) {
            $doc = json_decode((string) file_get_contents($file), false, 512, JSON_THROW_ON_ERROR);
            foreach ($doc->cases as $case) {
                yield basename($file) . ' / ' . $case->name => [$case->op, $case];
            }
        }
    }

    /** @dataProvider cases */
    public function testVector(string $op, object $case): void
    {
        $expected = json_decode((string) json_encode($case), true);
        $input = (array) $case->input;
        $facade = self::facade($op, $input);
        if ($facade === null) {
            $this->addToAssertionCount(1);
            return;
        }
        try {
            $actual = $facade();
        } catch (\TypeError $e) {
            $this->addToAssertionCount(1); // a wrong type on purpose: PHP refuses it before cpay
            return;
        } catch (CpayException $e) {
            $this->assertArrayHasKey('error', $expected, "unexpected error {$e->getErrorCode()}: {$e->getMessage()}");
            $this->assertSame($expected['error']['code'], $e->getErrorCode(), $e->getMessage());
            if (array_key_exists('field', $expected['error'])) {
                $this->assertSame($expected['error']['field'], $e->getField(), $e->getMessage());
            }
            return;
        }
        $this->assertArrayHasKey('output', $expected, 'expected an error, got ' . json_encode($actual));
        $this->assertSame(self::normalize($expected['output']), self::normalize(self::pick($expected['output'], $actual)));
    }

    public function testEveryOperationHasAFacade(): void
    {
        $missing = array_values(array_diff(Cpay::operations(), array_keys(self::map([]))));
        $this->assertSame([], $missing, 'operations without a gateway class method (add one, and map it here)');
    }

    public function testMostCasesRunThroughTheFacades(): void
    {
        $total = 0;
        $run = 0;
        foreach (self::cases() as [$op, $case]) {
            $total++;
            $run += self::facade($op, (array) $case->input) === null ? 0 : 1;
        }
        $this->assertGreaterThan(10, $total);
        $this->assertGreaterThanOrEqual(0.9, $run / $total, "$run of $total");
    }

    /**
     * The facade call for `$op` on `$input`, returning the operation's output shape; null when the input
     * has a member the facade has no parameter for.
     *
     * @param array<string, mixed> $input
     */
    private static function facade(string $op, array $input): ?\Closure
    {
        $map = self::map($input);
        if (!isset($map[$op])) {
            return null; // testEveryOperationHasAFacade names it
        }
        [$keys, $call] = $map[$op];
        return array_diff(array_keys($input), $keys) === [] ? $call : null;
    }

    /**
     * Operation name → [the input members the facade takes, the call].
     *
     * @param array<string, mixed> $input
     * @return array<string, array{list<string>, \Closure}>
     */
    private static function map(array $input): array
    {
        $a = static fn ($v) => $v instanceof \stdClass ? (array) $v : $v;
        $i = static fn (string $k, $default = null) => array_key_exists($k, $input) ? $a($input[$k]) : $default;
        $account = array_intersect_key($input, array_flip(self::ACCOUNT));
        $rest = array_diff_key($input, $account);
        $received = static function (string $name) use ($input, $a) {
            return array_key_exists('body', $input) ? $input['body'] : $a($input[$name] ?? null);
        };
        return [
            'computop.encrypt' => [['plaintext', 'key'], fn () => Computop::encrypt($i('plaintext'), $i('key'))],
            'computop.decrypt' => [['data', 'len', 'key'], fn () => ['plaintext' => Computop::decrypt($i('data'), $i('len'), $i('key'))]],
            'computop.mac' => [['message', 'key'], fn () => ['mac' => Computop::mac($i('message'), $i('key'))]],
            'computop.form' => [['config', 'payment', 'auto_submit', 'submit_label'],
                fn () => Computop::form($i('config'), $i('payment'), $i('auto_submit', false), $i('submit_label'))],
            'computop.notification' => [['config', 'body', 'expected', 'server_to_server'],
                fn () => Computop::notification($i('config'), $i('body'), $i('expected', []), $i('server_to_server', false))],
            'computop.refund' => [['config', 'refund'], fn () => Computop::refund($i('config'), $i('refund'))],
            'computop.refund_answer' => [['config', 'response', 'expected'],
                fn () => Computop::refundAnswer($i('config'), $i('response'), $i('expected', []))],
            'lyra.sign' => [['fields', 'key', 'algo'], fn () => ['signature' => Lyra::sign($i('fields'), $i('key'), $i('algo', 'hmac-sha256'))]],
            'lyra.verify' => [['fields', 'key', 'algo'], fn () => ['valid' => Lyra::verify($i('fields'), $i('key'), $i('algo', 'hmac-sha256'))]],
            'lyra.form' => [['config', 'payment', 'auto_submit', 'submit_label'],
                fn () => Lyra::form($i('config'), $i('payment'), $i('auto_submit', false), $i('submit_label'))],
            'lyra.notification' => [['config', 'body', 'fields', 'expected'],
                fn () => Lyra::notification($i('config'), $received('fields'), $i('expected', []))],
            'lyra.kr_answer' => [['body', 'hmac_key', 'password'], fn () => Lyra::krAnswer($i('body'), $i('hmac_key'), $i('password'))],
            'lyra.refund' => [['config', 'refund'], fn () => Lyra::refund($i('config'), $i('refund'))],
            'lyra.cancel' => [['config', 'uuid', 'comment'], fn () => Lyra::cancel($i('config'), $i('uuid'), $i('comment'))],
            'lyra.validate' => [['config', 'uuid', 'comment'], fn () => Lyra::validate($i('config'), $i('uuid'), $i('comment'))],
            'lyra.get' => [['config', 'uuid'], fn () => Lyra::get($i('config'), $i('uuid'))],
            'lyra.rest_answer' => [['response'], fn () => ['answer' => Lyra::restAnswer($i('response'))]],
            'lyra.trans_id' => [['counter'], fn () => ['trans_id' => Lyra::transId($i('counter'))]],
            'ogone.sign' => [['params', 'passphrase', 'algo', 'direction', 'charset'],
                fn () => ['shasign' => Ogone::sign($i('params'), $i('passphrase'), $i('algo'), $i('direction'), $i('charset', 'utf-8'))]],
            'ogone.form' => [['config', 'payment', 'auto_submit', 'submit_label'],
                fn () => Ogone::form($i('config'), $i('payment'), $i('auto_submit', false), $i('submit_label'))],
            'ogone.response' => [['config', 'body', 'params', 'expected', 'server_to_server'],
                fn () => Ogone::response($i('config'), $received('params'), $i('expected', []), $i('server_to_server', false))],
            'sips.seal' => [['data', 'key', 'algo'], fn () => ['seal' => Sips::seal($i('data'), $i('key'), $i('algo', 'hmac-sha256'))]],
            'sips.data' => [['fields'], fn () => ['data' => Sips::data($i('fields'))]],
            'sips.decode' => [['data', 'encode'], fn () => ['fields' => Sips::decode($i('data'), $i('encode'))]],
            'sips.form' => [['config', 'payment', 'auto_submit', 'submit_label'],
                fn () => Sips::form($i('config'), $i('payment'), $i('auto_submit', false), $i('submit_label'))],
            'sips.response' => [['config', 'body', 'fields', 'expected', 'server_to_server'],
                fn () => Sips::response($i('config'), $received('fields'), $i('expected', []), $i('server_to_server', false))],
            'payline.web_payment' => [array_keys($input), fn () => Payline::webPayment($account, $rest)],
            'payline.web_payment_answer' => [['body'], fn () => Payline::webPaymentAnswer($i('body'))],
            'payline.notification' => [['query', 'stored_token'], fn () => Payline::notification($i('query'), $i('stored_token'))],
            'payline.details' => [array_merge(self::ACCOUNT, ['token']), fn () => Payline::details($account, $i('token'))],
            'payline.outcome' => [['body', 'token', 'expected'], fn () => Payline::outcome($i('body'), $i('token'), $i('expected', []))],
            'payline.capture' => [array_keys($input), fn () => Payline::capture($account, $rest)],
            'payline.capture_answer' => [['body'], fn () => Payline::captureAnswer($i('body'))],
            'payline.refund' => [array_keys($input), fn () => Payline::refund($account, $rest)],
            'payline.refund_answer' => [['body'], fn () => Payline::refundAnswer($i('body'))],
            'plan.schedule' => [array_keys($input), fn () => Plan::schedule($input)],
            'plan.eligible' => [array_keys($input), fn () => Plan::eligible($input)],
            'plan.refund' => [array_keys($input), fn () => Plan::refund($input)],
            'plan.split' => [array_keys($input), fn () => Plan::split($input)],
            'plan.three_ds' => [array_keys($input), fn () => Plan::threeDs($input)],
            'plan.order_state' => [['current', 'outcome'], fn () => Plan::orderState($i('current'), $i('outcome'))],
        ];
    }

    /**
     * The members of `$actual` that `$expected` names, recursively (the vectors' subset rule).
     *
     * @param mixed $expected
     * @param mixed $actual
     * @return mixed
     */
    private static function pick($expected, $actual)
    {
        if (!is_array($expected) || $expected === [] || array_is_list($expected) || !is_array($actual)) {
            return $actual;
        }
        $picked = [];
        foreach ($expected as $key => $value) {
            $picked[$key] = array_key_exists($key, $actual) ? self::pick($value, $actual[$key]) : '(missing)';
        }
        return $picked;
    }

    /**
     * @param mixed $value
     * @return mixed
     */
    private static function normalize($value)
    {
        if (is_array($value) && !array_is_list($value)) {
            ksort($value);
            return array_map([self::class, 'normalize'], $value);
        }
        return $value;
    }
}
