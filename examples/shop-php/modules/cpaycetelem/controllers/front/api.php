<?php
/**
 * Front controller `api` (`GET /api/orders/<id>`): the order as JSON, `paid_transitions` counting its
 * changes to the paid status in `order_events`.
 */
declare(strict_types=1);

use CpayCetelem\Response;

final class CpayCetelemApiModuleFrontController
{
    public function __construct(private readonly CpayCetelem $module)
    {
    }

    public function initContent(string $id): Response
    {
        $view = $this->module->orders->view($id);
        return $view === null ? Response::json(['error' => 'unknown order'], 404) : Response::json($view);
    }
}
