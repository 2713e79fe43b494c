<?php
declare(strict_types=1);

namespace Cpay;

/**
 * A cpay failure: the libcpay status (also {@see getCode()}), the gateway field or parameter at fault,
 * a sentence (never a secret) and, where one exists, the gateway's own error code.
 *
 * Catch a subclass to tell the kinds apart: {@see InvalidInputException} (fix the input),
 * {@see VerificationException} (reject the message: forged, tampered or misrouted),
 * {@see GatewayException}, {@see RuleException}, {@see InternalException}.
 */
class CpayException extends \RuntimeException
{
    // The libcpay statuses (include/cpay.h): the core's stable error numbers and the FFI-only 79xx.
    public const OK = 0;
    public const MALFORMED = 7100;
    public const TOO_LARGE = 7101;
    public const MISSING_FIELD = 7102;
    public const INVALID_FORMAT = 7103;
    public const INVALID_VALUE = 7104;
    public const NOT_ALLOWED = 7105;
    public const INCONSISTENT = 7106;
    public const UNSUPPORTED_ALGORITHM = 7107;
    public const INVALID_KEY = 7108;
    public const SIGNATURE_MISSING = 7200;
    public const SIGNATURE_MISMATCH = 7201;
    public const WRONG_SHOP = 7202;
    public const WRONG_MODE = 7203;
    public const WRONG_ORDER = 7204;
    public const GATEWAY_ERROR = 7300;
    public const UNEXPECTED_RESPONSE = 7301;
    public const REFUND_NOT_ALLOWED = 7400;
    public const NOT_ELIGIBLE = 7401;
    public const NULL_PARAMETER = 7900;
    public const INVALID_UTF8 = 7901;
    public const PANIC = 7902;
    public const UNKNOWN_ERROR = 7903;

    private ?string $field;
    private ?string $gatewayCode;

    public function __construct(int $status, string $message, ?string $field = null, ?string $gatewayCode = null)
    {
        parent::__construct($message, $status);
        $this->field = $field;
        $this->gatewayCode = $gatewayCode;
    }

    /** The exception of the right kind for `$status`. */
    public static function create(int $status, string $message, ?string $field = null, ?string $gatewayCode = null): self
    {
        if ($status >= 7200 && $status < 7300) {
            return new VerificationException($status, $message, $field, $gatewayCode);
        }
        if ($status >= 7300 && $status < 7400) {
            return new GatewayException($status, $message, $field, $gatewayCode);
        }
        if ($status >= 7400 && $status < 7500) {
            return new RuleException($status, $message, $field, $gatewayCode);
        }
        if ($status === self::PANIC || $status === self::UNKNOWN_ERROR) {
            return new InternalException($status, $message, $field, $gatewayCode);
        }
        return new InvalidInputException($status, $message, $field, $gatewayCode);
    }

    /** The libcpay status (the same number as {@see getCode()}). */
    public function getStatus(): int
    {
        return $this->getCode();
    }

    /** The stable name of the status, e.g. "signature_mismatch" (the `code` of the golden vectors). */
    public function getErrorCode(): string
    {
        return Cpay::statusName($this->getCode());
    }

    /** The gateway field (`vads_cust_zip`) or parameter (`key`) at fault, if any. */
    public function getField(): ?string
    {
        return $this->field;
    }

    /** The gateway's own error code for this problem, if it has one. */
    public function getGatewayCode(): ?string
    {
        return $this->gatewayCode;
    }
}
