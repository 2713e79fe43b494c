<?php
/**
 * The module's settings. In PrestaShop they live in `Configuration` (the module's configuration page); this
 * example reads them from the environment:
 *
 *   SHOP_URL      the shop's own base URL, as the gateway reaches it (default http://127.0.0.1:PORT)
 *   SANDBOX_URL   the cpay sandbox standing in for every gateway (default http://127.0.0.1:8099)
 *   DATABASE_URL  sqlite:///absolute/path.db (default: shop.db beside the shop)
 */
declare(strict_types=1);

namespace CpayCetelem;

final class Settings
{
    public function __construct(
        public readonly string $shopUrl,
        public readonly string $sandboxUrl,
        public readonly string $database,
    ) {
    }

    public static function fromEnvironment(): self
    {
        $port = getenv('PORT') ?: ($_SERVER['SERVER_PORT'] ?? '8083');
        $shopUrl = rtrim(getenv('SHOP_URL') ?: "http://127.0.0.1:$port", '/');
        $sandboxUrl = rtrim(getenv('SANDBOX_URL') ?: 'http://127.0.0.1:8099', '/');
        $url = getenv('DATABASE_URL') ?: 'sqlite://' . dirname(__DIR__, 3) . '/shop.db';
        if (!preg_match('#^sqlite://(/.*)$#', $url, $m)) {
            throw new \InvalidArgumentException('DATABASE_URL must be sqlite:///absolute/path.db');
        }
        return new self($shopUrl, $sandboxUrl, $m[1]);
    }

    /**
     * Lyra: the demo shop of Lyra's "Guide d'implémentation API Formulaire" and its REST TEST password,
     * with the sandbox as the platform (form URL and REST base URL).
     *
     * @return array<string, mixed>
     */
    public function lyra(): array
    {
        return [
            'platform' => ['custom' => [
                'form_url' => "{$this->sandboxUrl}/lyra/vads-payment/",
                'rest_url' => "{$this->sandboxUrl}/lyra/api-payment/",
            ]],
            'site_id' => getenv('LYRA_SITE_ID') ?: '12345678',
            'mode' => 'TEST',
            'test_key' => getenv('LYRA_TEST_KEY') ?: '1122334455667788',
            'rest_password' => getenv('LYRA_REST_PASSWORD') ?: 'testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M',
        ];
    }

    /**
     * Computop Paygate: the merchant and passwords of Computop's public Blowfish/HMAC test vectors, with the
     * sandbox as the Paygate host.
     *
     * @return array<string, mixed>
     */
    public function computop(): array
    {
        return [
            'merchant_id' => getenv('COMPUTOP_MERCHANT_ID') ?: 'cpay_demo',
            'blowfish_key' => getenv('COMPUTOP_BLOWFISH_KEY') ?: 'password',
            'mac_key' => getenv('COMPUTOP_MAC_KEY') ?: 'password',
            'host' => ['custom' => "{$this->sandboxUrl}/computop"],
        ];
    }
}
