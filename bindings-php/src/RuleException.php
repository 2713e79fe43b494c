<?php
declare(strict_types=1);

namespace Cpay;

/** A business rule refused the operation (refund not allowed, basket not eligible). */
class RuleException extends CpayException
{
}
