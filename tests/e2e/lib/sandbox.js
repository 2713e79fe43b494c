'use strict';
// The cpay sandbox under test: `target/debug/cpay-sandbox --port 0 --ipn-retry-delay-ms 100`, its first line
// read for the port, and the JSON API the scenarios use (`/_sandbox/api/…`).

const fs = require('node:fs');
const path = require('node:path');
const { TARGET, start, stop, waitFor } = require('./procs');

const BINARY = process.env.CPAY_SANDBOX || path.join(TARGET, 'debug', 'cpay-sandbox');

class Sandbox {
  static async start() {
    if (!fs.existsSync(BINARY)) {
      throw new Error(`no sandbox binary at ${BINARY}: build it first (cargo build -p cpay-sandbox)`);
    }
    const proc = start('cpay-sandbox', BINARY, ['--port', '0', '--ipn-retry-delay-ms', '100']);
    const url = await waitFor('the sandbox to print its address', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(proc.log);
      return match && match[1];
    }, { proc, timeoutMs: 10000 });
    return new Sandbox(proc, url);
  }

  constructor(proc, url) {
    this.proc = proc;
    this.url = url;
  }

  async stop() {
    await stop(this.proc);
  }

  get log() {
    return this.proc.log;
  }

  async api(method, route, body) {
    const response = await fetch(this.url + route, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** Every payment with its IPN attempts (`GET /_sandbox/api/payments`). */
  async payments() {
    const r = await this.api('GET', '/_sandbox/api/payments');
    if (r.status !== 200 || !r.json) throw new Error(`GET /_sandbox/api/payments answered ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json.payments;
  }

  async payment(uuid) {
    return (await this.payments()).find((p) => p.uuid === uuid);
  }

  /** The payment of a shop's order (the sandbox keeps the order id the form carried). */
  async paymentOf(orderId) {
    return (await this.payments()).find((p) => p.order_id === orderId);
  }

  /** Queue a fault for the next payment; a fault the sandbox does not know fails loudly, naming it. */
  async fault(name, extra = {}) {
    const r = await this.api('POST', '/_sandbox/api/faults', { fault: name, ...extra });
    if (r.status !== 201) {
      throw new Error(`the sandbox refused the fault ${JSON.stringify(name)} (POST /_sandbox/api/faults answered ${r.status}: ${r.text.slice(0, 300)}); this scenario needs it`);
    }
  }

  /** Decide a payment without the browser (`POST /_sandbox/api/payments/<uuid>/outcome`). */
  async outcome(uuid, outcome) {
    const r = await this.api('POST', `/_sandbox/api/payments/${uuid}/outcome`, { outcome });
    if (r.status !== 200) throw new Error(`POST /_sandbox/api/payments/${uuid}/outcome answered ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json;
  }

  /**
   * A refund made in the gateway's back office, not through the shop
   * (`POST /_sandbox/api/payments/<uuid>/back-office-refund`): its notification reaches the shop unasked.
   */
  async backOfficeRefund(uuid, amount) {
    const route = `/_sandbox/api/payments/${uuid}/back-office-refund`;
    const r = await this.api('POST', route, amount === undefined ? {} : { amount });
    if (r.status === 404 && !r.json) throw new Error(`the sandbox has no POST ${route} (it answered 404): the gateway back-office refund is not emulated by this sandbox build yet`);
    if (r.status !== 201) throw new Error(`POST ${route} answered ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json;
  }

  /**
   * Fail loudly unless the sandbox serves `method path` (a route it does not have answers 404, or 405 for a
   * method it does not take); any other status (even 400 for an empty body) means the route is there.
   */
  async requireRoute(method, route, what) {
    const r = await fetch(this.url + route, { method, body: method === 'GET' ? undefined : '' });
    if (r.status === 404 || r.status === 405) {
      throw new Error(`the sandbox has no ${method} ${route} (it answered ${r.status}): ${what} is not emulated by this sandbox build yet`);
    }
  }
}

module.exports = { Sandbox };
