<?php
/**
 * Front controller `checkout` (index.php?fc=module&module=cpaycetelem&controller=checkout in PrestaShop;
 * `/` and `POST /checkout` here): the cart with one button per way to pay, then the order and cpay's
 * auto-posting form to the gateway.
 */
declare(strict_types=1);

use CpayCetelem\Gateways;
use CpayCetelem\Response;

final class CpayCetelemCheckoutModuleFrontController
{
    public function __construct(private readonly CpayCetelem $module)
    {
    }

    /** GET: the checkout page, `?amount=N` (minor units) for another cart total. */
    public function initContent(array $query): Response
    {
        $amount = self::amount($query['amount'] ?? null);
        if ($amount === null) {
            return $this->failure('amount', 'montant invalide', 400);
        }
        return Response::html($this->module->display('front/checkout', [
            'amount' => $amount, 'options' => $this->module->hookPaymentOptions($amount),
        ]));
    }

    /** POST (`way`, `amount`): create the order (`new`) and answer the form that takes the buyer to pay. */
    public function postProcess(array $post): Response
    {
        $way = is_string($post['way'] ?? null) ? $post['way'] : '';
        $amount = self::amount($post['amount'] ?? null);
        if (!isset(Gateways::WAYS[$way])) {
            return $this->failure('way', 'moyen de paiement inconnu', 400);
        }
        if ($amount === null) {
            return $this->failure('amount', 'montant invalide', 400);
        }
        $created = $this->module->orders->create($way, Gateways::WAYS[$way]['gateway'], $amount);
        try {
            $page = $this->module->gateways->paymentForm($this->module->orders->get($created['id']), $created['counter']);
        } catch (\Cpay\CpayException $e) {
            // cpay names the field at fault (e.g. an amount outside the 3x/4x bounds).
            return $this->failure($e->getField() ?? $e->getErrorCode(), 'cpay refused the payment form: ' . $e->getMessage(), 422);
        }
        return Response::html($this->module->display('front/redirect', ['orderId' => $created['id'], 'form' => $page['html']]));
    }

    /** A page saying why the shop could not go on, `<p data-error="CODE">` (e.g. the field cpay refused). */
    private function failure(string $code, string $message, int $status): Response
    {
        return Response::html($this->module->display('front/error', ['code' => $code, 'message' => $message]), $status);
    }

    private static function amount(mixed $value): ?int
    {
        if ($value === null) {
            return CpayCetelem::DEFAULT_AMOUNT;
        }
        return is_string($value) && preg_match('/^[1-9][0-9]{0,11}$/', $value) ? (int) $value : null;
    }
}
