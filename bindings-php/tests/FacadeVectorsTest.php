<?php
declare(strict_types=1);

namespace Cpay\Tests;

use Cpay\Cpay;
use Cpay\CpayException;
use PHPUnit\Framework\TestCase;

/**
 * Every golden vector again, through the generated gateway classes instead of Cpay::call: each case's
 * input members become the method's named arguments (`submit_label` → `submitLabel:`). A case the typed
 * signature cannot express (a deliberately unknown member, a value of the wrong type, a required member left out) is detected before
 * the call and left to VectorsTest; a TypeError during a call fails the test. At least 90% of the cases
 * must run here, and every operation must have its method.
 */
final class FacadeVectorsTest extends TestCase
{
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
        $call = self::facade($op, (array) $case->input);
        if ($call === null) {
            $this->addToAssertionCount(1); // not expressible through the typed signature: VectorsTest runs it
            return;
        }
        try {
            $actual = $call();
        } catch (CpayException $e) {
            $this->assertArrayHasKey('error', $expected, "unexpected error {$e->getErrorCode()}: {$e->getMessage()}");
            $this->assertSame($expected['error']['code'], $e->getErrorCode(), $e->getMessage());
            if (array_key_exists('field', $expected['error'])) {
                $this->assertSame($expected['error']['field'], $e->getField(), $e->getMessage());
            }
            if (str_ends_with($op, '.notification')) {
                $reply = $e->getReply();
                $this->assertNotNull($reply, 'a notification error carries the reply to give the gateway');
                $this->assertSame($e->getErrorCode() === 'internal' ? 500 : 400, $reply['status']);
            }
            return;
        }
        $this->assertArrayHasKey('output', $expected, 'expected an error, got ' . json_encode($actual));
        $this->assertSame(self::normalize($expected['output']), self::normalize(self::pick($expected['output'], $actual)));
    }

    public function testEveryOperationHasAMethod(): void
    {
        $missing = array_values(array_filter(Cpay::operations(), static fn (string $op): bool => self::method($op) === null));
        $this->assertSame([], $missing, 'operations without a gateway class method (run make generate)');
    }

    public function testMostCasesRunThroughTheClasses(): void
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

    private static function method(string $op): ?\ReflectionMethod
    {
        [$gateway, $verb] = explode('.', $op, 2);
        $class = 'Cpay\\' . ucfirst($gateway);
        $name = lcfirst(str_replace('_', '', ucwords($verb, '_')));
        return class_exists($class) && method_exists($class, $name) ? new \ReflectionMethod($class, $name) : null;
    }

    /**
     * The call of `$op`'s method with `$input` as named arguments; null when a member has no parameter
     * or a value its parameter's type refuses.
     *
     * @param array<string, mixed> $input
     */
    private static function facade(string $op, array $input): ?\Closure
    {
        $method = self::method($op);
        if ($method === null) {
            return null; // testEveryOperationHasAMethod names it
        }
        $parameters = [];
        $required = [];
        foreach ($method->getParameters() as $parameter) {
            $parameters[$parameter->getName()] = $parameter->getType();
            if (!$parameter->isOptional()) {
                $required[] = $parameter->getName();
            }
        }
        $args = [];
        foreach ($input as $key => $value) {
            $name = lcfirst(str_replace('_', '', ucwords((string) $key, '_')));
            $value = $value instanceof \stdClass ? (array) $value : $value;
            $type = $parameters[$name] ?? null;
            if (!$type instanceof \ReflectionNamedType || !self::accepts($type, $value)) {
                return null;
            }
            $args[$name] = $value;
        }
        if (array_diff($required, array_keys($args)) !== []) {
            return null; // a required member left out on purpose
        }
        $callable = [$method->getDeclaringClass()->getName(), $method->getName()];
        return static fn () => $callable(...$args);
    }

    /** @param mixed $value */
    private static function accepts(\ReflectionNamedType $type, $value): bool
    {
        if ($value === null) {
            return $type->allowsNull();
        }
        switch ($type->getName()) {
            case 'string': return is_string($value);
            case 'int': return is_int($value);
            case 'bool': return is_bool($value);
            case 'float': return is_float($value) || is_int($value);
            case 'array': return is_array($value);
            default: return true;
        }
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
