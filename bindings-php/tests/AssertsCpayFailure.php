<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\CpayException;

/**
 * `assertFails()`: the call throws the CpayException subclass `$class` with status `$status`, naming `$field`.
 * Shared by the test cases that check typed failures (not a test case itself: PHPUnit loads `*Test.php`).
 */
trait AssertsCpayFailure
{
    /** @param callable(): mixed $run */
    private function assertFails(callable $run, int $status, ?string $field, string $class = CpayException::class): void
    {
        try {
            $run();
        } catch (CpayException $e) {
            $this->assertInstanceOf($class, $e);
            $this->assertSame($status, $e->getCode(), $e->getMessage());
            $this->assertSame($field, $e->getField(), $e->getMessage());
            return;
        }
        $this->fail('no exception');
    }
}
