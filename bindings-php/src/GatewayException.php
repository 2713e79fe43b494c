<?php
declare(strict_types=1);

namespace Cpay;

/** The gateway answered with an error or with something the protocol does not allow. */
class GatewayException extends CpayException
{
}
