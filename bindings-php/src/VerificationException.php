<?php
declare(strict_types=1);

namespace Cpay;

/** The message failed verification (signature missing or wrong, another shop, mode or order): reject it. */
class VerificationException extends CpayException
{
}
