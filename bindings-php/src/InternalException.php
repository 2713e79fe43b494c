<?php
declare(strict_types=1);

namespace Cpay;

/** A bug in cpay (a caught panic, or libcpay and the core disagree): please report it. */
class InternalException extends CpayException
{
}
