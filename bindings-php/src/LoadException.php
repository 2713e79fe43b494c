<?php
declare(strict_types=1);

namespace Cpay;

/**
 * libcpay could not be loaded (FFI disabled, CPAY_LIB unset or wrong, header missing). Its status is 0:
 * it is not a libcpay status, and its field is "CPAY_LIB".
 */
class LoadException extends CpayException
{
    public function __construct(string $message)
    {
        parent::__construct(self::OK, $message, 'CPAY_LIB');
    }

    /** "not_loaded": there is no libcpay status for this. */
    public function getErrorCode(): string
    {
        return 'not_loaded';
    }
}
