'use strict';
// The shop's orders in SQLite (better-sqlite3): the order as cpay's `plan.orderState` reads and returns it,
// the gateway references needed later (refund, status check), and an `order_events` log of every change.
//
// Several server processes may share the file (two IPN copies at once on two processes): each change is
// read-decide-write inside one `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock before the
// read, so the second copy reads what the first one stored and `plan.orderState` calls it a duplicate.

const Database = require('better-sqlite3');
const crypto = require('node:crypto');
const { plan } = require('cpay');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,             -- the shop's order reference, sent to the gateway
  way TEXT NOT NULL,               -- lyra-cpay, lyra-3x, lyra-4x, computop-3x, computop-4x
  gateway TEXT NOT NULL,           -- lyra, computop
  amount INTEGER NOT NULL,         -- minor units (cents)
  currency TEXT NOT NULL DEFAULT 'EUR',
  status TEXT NOT NULL,            -- plan.orderState's status
  key TEXT,                        -- idempotency key of the payment that set the status
  captured INTEGER,
  refunds TEXT NOT NULL DEFAULT '[]',
  shipped INTEGER NOT NULL DEFAULT 0,
  trans_id TEXT NOT NULL,          -- Lyra vads_trans_id / Computop TransID
  gateway_ref TEXT,                -- Lyra vads_trans_uuid / Computop PayID, once known
  notify_answered INTEGER NOT NULL DEFAULT 0,
  paid_at TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES orders(id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  idempotency_key TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS order_events_order ON order_events(order_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** cpay's name of the paid status (`plan.orderState`); `paid_transitions` counts changes to it. */
const PAID = 'accepted';

function open(file) {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return new Orders(db);
}

const now = () => new Date().toISOString();

class Orders {
  constructor(db) {
    this.db = db;
  }

  /**
   * A new order (`new`), with the creation logged. `vads_trans_id` must be unique per shop and day: the
   * counter starts at a random point of Lyra's 0-899999 range when the database is created, so a fresh
   * database against a long-running sandbox does not reuse the morning's ids.
   */
  create({ way, gateway, amount }) {
    return this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)').run('trans', crypto.randomInt(0, 800_000));
      const { value } = this.db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'trans' RETURNING value").get();
      const id = `CMD${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
      const at = now();
      this.db.prepare(`INSERT INTO orders (id, way, gateway, amount, status, trans_id, created_at)
        VALUES (?, ?, ?, ?, 'new', ?, ?)`).run(id, way, gateway, amount, gateway === 'computop' ? id : String(value), at);
      this.db.prepare('INSERT INTO order_events (order_id, from_status, to_status, idempotency_key, at) VALUES (?, NULL, ?, NULL, ?)')
        .run(id, 'new', at);
      return { id, counter: value };
    }).immediate();
  }

  get(id) {
    return this.db.prepare('SELECT * FROM orders WHERE id = ?').get(id) ?? null;
  }

  all() {
    return this.db.prepare('SELECT * FROM orders ORDER BY created_at DESC').all();
  }

  /** The API view of an order: what the browser tests read. */
  view(id) {
    const order = this.get(id);
    if (!order) return null;
    const paid = this.db.prepare('SELECT count(*) AS n FROM order_events WHERE order_id = ? AND to_status = ?').get(id, PAID).n;
    return {
      id: order.id,
      status: order.status,
      gateway: order.gateway,
      way: order.way,
      amount: order.amount,
      refunded: JSON.parse(order.refunds).reduce((sum, r) => sum + r.amount, 0),
      paid_transitions: paid,
    };
  }

  events(id) {
    return this.db.prepare('SELECT from_status, to_status, idempotency_key, at FROM order_events WHERE order_id = ? ORDER BY id').all(id);
  }

  /** Record a gateway reference (PayID, uuid) learnt from a verified message; never changes the status. */
  remember(id, gatewayRef) {
    this.db.prepare('UPDATE orders SET gateway_ref = coalesce(gateway_ref, ?) WHERE id = ?').run(gatewayRef, id);
  }

  /**
   * Apply one verified outcome to order `id` as `plan.orderState` decides, atomically (BEGIN IMMEDIATE):
   * read, decide, store what the decision returns, log the change. `serverToServer` marks the gateway's
   * notification as answered (Computop requires it before a credit). Returns the decision.
   */
  apply(id, outcome, { serverToServer = false } = {}) {
    return this.db.transaction(() => {
      const order = this.get(id);
      if (!order) throw new Error(`unknown order ${id}`);
      const decision = plan.orderState({
        status: order.status,
        key: order.key,
        amount: order.amount,
        currency: order.currency,
        captured: order.captured,
        refunds: JSON.parse(order.refunds),
        shipped: order.shipped === 1,
      }, outcome);
      const ref = outcome.gateway_reference ?? null;
      if (decision.decision === 'apply') {
        const at = now();
        const operation = outcome.operation ?? 'payment';
        const paidNow = decision.status === PAID && order.status !== PAID && (operation === 'payment' || operation === 'capture');
        this.db.prepare(`UPDATE orders SET status = ?, key = ?, captured = ?, refunds = ?, shipped = ?,
            gateway_ref = CASE WHEN ? IN ('payment', 'capture') AND ? IS NOT NULL THEN ? ELSE gateway_ref END,
            paid_at = CASE WHEN ? THEN ? ELSE paid_at END WHERE id = ?`)
          .run(decision.status, decision.key ?? null, decision.captured ?? null, JSON.stringify(decision.refunds),
            decision.shipped || decision.ship ? 1 : 0, operation, ref, ref, paidNow ? 1 : 0, at, id);
        if (decision.status !== order.status) {
          this.db.prepare('INSERT INTO order_events (order_id, from_status, to_status, idempotency_key, at) VALUES (?, ?, ?, ?, ?)')
            .run(id, order.status, decision.status, outcome.idempotency_key, at);
        }
      }
      if (serverToServer) this.db.prepare('UPDATE orders SET notify_answered = 1 WHERE id = ?').run(id);
      // A real shop hands the order to its warehouse when decision.ship is true (exactly once per order).
      return decision;
    }).immediate();
  }
}

module.exports = { open, PAID };
