<?php
declare(strict_types=1);

namespace Cpay;

/** The input is wrong (malformed, missing, out of format, not allowed, not UTF-8): fix it and retry. */
class InvalidInputException extends CpayException
{
}
