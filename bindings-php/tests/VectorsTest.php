<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Cpay;
use Cpay\CpayException;
use Cpay\VerificationException;
use PHPUnit\Framework\TestCase;

/** Every golden vector (tests/vectors/*.json, all files) through Cpay::call, as tests/vectors/README.md says. */
final class VectorsTest extends TestCase
{
    /** @return iterable<string, array{string, object}> */
    public static function cases(): iterable
    {
        $files = glob(dirname(__DIR__, 2) . '/tests/vectors/*.json') ?: [];
        sort($files);
        foreach ($files as $file) {
            // Objects stay objects, so an empty {} in an input is sent as {} and not as [].
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
        try {
            $actual = Cpay::call($op, (array) $case->input);
        } catch (CpayException $e) {
            $this->assertArrayHasKey('error', $expected, "unexpected error {$e->getErrorCode()}: {$e->getMessage()}");
            $error = ['code' => $e->getErrorCode(), 'message' => $e->getMessage()];
            if ($e->getField() !== null) {
                $error['field'] = $e->getField();
            }
            if ($e->getGatewayCode() !== null) {
                $error['gateway_code'] = $e->getGatewayCode();
            }
            $this->assertSubset($expected['error'], $error);
            $verification = in_array($e->getCode(), [7200, 7201, 7202, 7203, 7204], true);
            $this->assertSame($verification, $e instanceof VerificationException);
            return;
        }
        $this->assertArrayHasKey('output', $expected, 'expected an error, got ' . json_encode($actual));
        $this->assertSubset($expected['output'], $actual);
    }

    public function testThereAreVectors(): void
    {
        $this->assertGreaterThan(10, iterator_count(self::cases()));
    }

    /**
     * `$expected` is a subset of `$actual`: objects key by key, lists and scalars whole.
     *
     * @param mixed $expected
     * @param mixed $actual
     */
    private function assertSubset($expected, $actual, string $path = ''): void
    {
        if (is_array($expected) && $expected !== [] && !array_is_list($expected)) {
            $this->assertIsArray($actual, "$path is not an object");
            foreach ($expected as $key => $value) {
                $this->assertArrayHasKey($key, $actual, "$path.$key is missing");
                $this->assertSubset($value, $actual[$key], "$path.$key");
            }
            return;
        }
        $this->assertSame($expected, $actual, "$path differs");
    }
}
