'use strict';
// The shop's settings, from the environment (a real shop keeps the keys in its secret store, never in code).
//
//   PORT          port to listen on (127.0.0.1), default 8082; 0 picks a free one (printed on the first line)
//   SHOP_URL      the shop's own base URL, as the gateway reaches it (default http://127.0.0.1:PORT)
//   SANDBOX_URL   the cpay sandbox standing in for every gateway (default http://127.0.0.1:8099)
//   DATABASE_URL  sqlite:///absolute/path.db (default: shop.db beside this example)

const path = require('node:path');

/** The demo shops the cpay sandbox always has (docs/sandbox.md), with the sandbox as each gateway's host. */
function gatewayConfigs(sandboxUrl) {
  const base = sandboxUrl.replace(/\/+$/, '');
  return {
    // Lyra's "Guide d'implémentation API Formulaire" demo shop and its REST TEST password.
    lyra: {
      platform: { custom: { form_url: `${base}/lyra/vads-payment/`, rest_url: `${base}/lyra/api-payment/` } },
      site_id: process.env.LYRA_SITE_ID ?? '12345678',
      mode: 'TEST',
      test_key: process.env.LYRA_TEST_KEY ?? '1122334455667788',
      rest_password: process.env.LYRA_REST_PASSWORD ?? 'testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M',
    },
    // Computop Paygate: the merchant and passwords of Computop's public Blowfish/HMAC test vectors.
    computop: {
      merchant_id: process.env.COMPUTOP_MERCHANT_ID ?? 'cpay_demo',
      blowfish_key: process.env.COMPUTOP_BLOWFISH_KEY ?? 'password',
      mac_key: process.env.COMPUTOP_MAC_KEY ?? 'password',
      host: { custom: `${base}/computop` },
    },
  };
}

/** The SQLite file named by a `sqlite:///abs/path.db` URL (`sqlite:///:memory:` for a throwaway one). */
function sqlitePath(url) {
  const match = /^sqlite:\/\/(\/.*)$/.exec(url);
  if (!match) throw new Error(`DATABASE_URL must be sqlite:///absolute/path.db, not ${url}`);
  return match[1] === '/:memory:' ? ':memory:' : match[1];
}

function load(env = process.env) {
  const port = Number(env.PORT ?? 8082);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const sandboxUrl = env.SANDBOX_URL ?? 'http://127.0.0.1:8099';
  return {
    port,
    // Filled in once listening when PORT is 0 and SHOP_URL is not given.
    shopUrl: env.SHOP_URL ? env.SHOP_URL.replace(/\/+$/, '') : null,
    sandboxUrl,
    database: sqlitePath(env.DATABASE_URL ?? `sqlite://${path.join(__dirname, '..', 'shop.db')}`),
    gateways: gatewayConfigs(sandboxUrl),
  };
}

module.exports = { load, sqlitePath };
