<?php
// The PHP runner of the cross-language test (tests/cross/driver.py): \Cpay\Cpay::call($op, $array) on every
// case. First line: the error table; then for each stdin line "op<TAB>input_json" one line {"output": …} or
// {"error": {code, number, field}}. Prints {"skip": reason} when libcpay cannot be loaded (CPAY_LIB).
declare(strict_types=1);

require dirname(__DIR__, 2) . '/bindings-php/autoload.php';

try {
    \Cpay\Cpay::load(getenv('CPAY_LIB') ?: null);
} catch (\Throwable $e) {
    echo json_encode(['skip' => 'cannot load libcpay (' . $e->getMessage() . ')']), "\n";
    exit(0);
}

/** @return list<array{name: string, number: int, verification_failure: bool}> */
function errorTable(): array
{
    if (defined('\Cpay\CpayException::ERRORS')) {
        return array_values(\Cpay\CpayException::ERRORS);
    }
    $rows = [];
    foreach ((new \ReflectionClass(\Cpay\CpayException::class))->getConstants() as $name => $number) {
        if (is_int($number) && $number !== 0) {
            $verification = \Cpay\CpayException::create($number, '') instanceof \Cpay\VerificationException;
            $rows[] = ['name' => strtolower($name), 'number' => $number, 'verification_failure' => $verification];
        }
    }
    return $rows;
}

$flags = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION;
echo json_encode(['errors' => errorTable()], $flags), "\n";
while (($line = fgets(STDIN)) !== false) {
    [$op, $json] = explode("\t", rtrim($line, "\n"), 2);
    // Nested JSON objects stay objects (stdClass), as a shop passing decoded JSON would give them.
    $input = json_decode($json, false, 512, JSON_THROW_ON_ERROR);
    try {
        $result = ['output' => \Cpay\Cpay::call($op, (array) $input)];
    } catch (\Cpay\CpayException $e) {
        $result = ['error' => ['code' => $e->getErrorCode(), 'number' => $e->getCode(), 'field' => $e->getField()]];
    } catch (\Throwable $e) {
        $result = ['error' => ['code' => 'not a CpayException: ' . get_class($e) . ': ' . $e->getMessage(), 'number' => null, 'field' => null]];
    }
    echo json_encode($result, $flags), "\n";
}
