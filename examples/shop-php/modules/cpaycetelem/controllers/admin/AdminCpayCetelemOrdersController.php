<?php
/**
 * Back-office controller (a ModuleAdminController in PrestaShop, under the Orders tab; `/admin/orders` here):
 * the orders, each with a refund and a status-check button that call the gateway's API through cpay.
 */
declare(strict_types=1);

use CpayCetelem\Response;

final class AdminCpayCetelemOrdersController
{
    public function __construct(private readonly CpayCetelem $module)
    {
    }

    public function initContent(string $message): Response
    {
        return Response::html($this->module->display('admin/orders', [
            'orders' => $this->module->orders->all(), 'message' => $message,
        ]));
    }

    /** `refund` or `status` on order `$id`; back to the list with what happened. */
    public function postProcess(string $id, string $action): Response
    {
        $message = match ($action) {
            'refund' => $this->module->gateways->refund($id),
            'status' => $this->module->gateways->statusCheck($id),
            default => 'unknown action',
        };
        return Response::redirect('/admin/orders?message=' . rawurlencode($message));
    }
}
