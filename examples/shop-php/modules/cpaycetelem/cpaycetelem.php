<?php
/**
 * The module's main file, as PrestaShop lays a payment module out (modules/<name>/<name>.php, a class named
 * after the module): it installs its tables and lists the ways to pay it offers at checkout
 * (`hookPaymentOptions`). In PrestaShop the class extends PaymentModule; this example has no PrestaShop
 * underneath, so router.php plays the dispatcher and the class stands alone.
 */
declare(strict_types=1);

require_once __DIR__ . '/autoload.php';

use CpayCetelem\Gateways;
use CpayCetelem\Orders;
use CpayCetelem\Settings;

final class CpayCetelem
{
    public const NAME = 'cpaycetelem';

    /** The demo cart and buyer (a French shop's usual hard case: accents, apostrophes, long address). */
    public const CART = ['label' => "Canapé d'angle « Lévis » en velours côtelé", 'ref' => 'LEVIS-ANGLE-01', 'type' => 'HOME_AND_GARDEN'];
    public const BUYER = [
        'salutation' => 'Mme',
        'first_name' => 'Renée',
        'last_name' => "L'Hôte-Lefèvre",
        'email' => 'renee.lhote-lefevre@example.fr',
        'phone' => '0612345678',
        'street' => "12, rue de l'Église — Bâtiment « Les Érables »",
        'zip' => '42000',
        'city' => 'Saint-Étienne',
        'country' => 'FR',
    ];
    public const DEFAULT_AMOUNT = 124990;

    public readonly Settings $settings;
    public readonly Orders $orders;
    public readonly Gateways $gateways;

    public function __construct(?Settings $settings = null)
    {
        $this->settings = $settings ?? Settings::fromEnvironment();
        $this->orders = new Orders($this->settings->database); // install(): creates the tables when missing
        $this->gateways = new Gateways($this->settings, $this->orders);
    }

    /**
     * `hookPaymentOptions`: the ways to pay, each with its Cetelem 3x/4x schedule (`plan.schedule`, first part
     * today) or the reason the plan refuses the amount.
     *
     * @return array<string, array{label: string, gateway: string, schedule: list<array<string, mixed>>|null, error: string|null}>
     */
    public function hookPaymentOptions(int $amount): array
    {
        $options = [];
        foreach (Gateways::WAYS as $way => $w) {
            $schedule = null;
            $error = null;
            if (isset($w['schedule'])) {
                try {
                    $schedule = \Cpay\Plan::schedule($w['schedule'], $amount, gmdate('Y-m-d'), gateway: $w['gateway'])['instalments'];
                } catch (\Cpay\CpayException $e) {
                    $error = $e->getMessage();
                }
            }
            $options[$way] = ['label' => $w['label'], 'gateway' => $w['gateway'], 'schedule' => $schedule, 'error' => $error];
        }
        return $options;
    }

    /**
     * Render a template of views/templates/ with `$vars` (each template escapes what it prints with `e()`).
     *
     * @param array<string, mixed> $vars
     */
    public function display(string $template, array $vars): string
    {
        extract($vars, EXTR_SKIP);
        $module = $this;
        ob_start();
        require __DIR__ . "/views/templates/$template.php";
        return (string) ob_get_clean();
    }
}

/** HTML-escape a value for a template. */
function e(mixed $value): string
{
    return htmlspecialchars((string) $value, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
}

/** Minor units as French euros: 124990 → "1 249,90 €". */
function euros(int $cents): string
{
    return number_format($cents / 100, 2, ',', "\u{202F}") . ' €';
}
