<?php
/**
 * Front controller `return` (`GET|POST /return/<gateway>`): the buyer back from the gateway. It shows the
 * order as stored; only a verified notification changes it.
 */
declare(strict_types=1);

use CpayCetelem\Response;

final class CpayCetelemReturnModuleFrontController
{
    public function __construct(private readonly CpayCetelem $module)
    {
    }

    /** @param array<string, mixed> $fields the query string and the posted fields */
    public function initContent(string $gateway, array $fields): Response
    {
        $id = $this->module->gateways->browserReturn($gateway, $fields);
        $order = $id === null ? null : $this->module->orders->get($id);
        return Response::html($this->module->display('front/return', ['order' => $order]), $order === null ? 400 : 200);
    }
}
