<?php
/**
 * Front controller `notification` (`POST /notify/<gateway>`): the gateway's server-to-server message (Lyra
 * IPN, Computop URLNotify). The raw body goes to cpay, the verified outcome to `plan.order_state` inside one
 * transaction, and the gateway gets cpay's reply.
 */
declare(strict_types=1);

use CpayCetelem\Response;

final class CpayCetelemNotificationModuleFrontController
{
    public function __construct(private readonly CpayCetelem $module)
    {
    }

    public function postProcess(string $gateway, string $body): Response
    {
        return Response::reply($this->module->gateways->notify($gateway, $body));
    }
}
