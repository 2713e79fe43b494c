'use strict';
// One example shop under test: two server processes of it on one database (the concurrency scenario sends
// notifications to both), each on a free port, and the shop's JSON order API.

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, TARGET, freePort, start, stop, waitFor } = require('./procs');

class Shop {
  /**
   * Start `processes` servers of a shops.js entry, pointed at `sandboxUrl`, on one database (`databaseUrl`,
   * or a fresh SQLite file under target/).
   */
  static async start(entry, { sandboxUrl, databaseUrl, processes = 2 }) {
    let dbUrl = databaseUrl;
    if (!dbUrl) {
      const dir = path.join(TARGET, 'e2e-db');
      fs.mkdirSync(dir, { recursive: true });
      // This shop's databases of earlier runs go; this run's stays after it, for a look at what happened.
      for (const old of fs.readdirSync(dir).filter((f) => f.startsWith(`${entry.name}-`))) fs.rmSync(path.join(dir, old), { force: true });
      const file = path.join(dir, `${entry.name}-${process.pid}.db`);
      dbUrl = `sqlite://${file}`; // sqlite:///abs/path.db
    }
    const servers = [];
    try {
      for (let i = 0; i < processes; i += 1) {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const env = { ...(entry.env || {}), PORT: String(port), SHOP_URL: url, SANDBOX_URL: sandboxUrl, DATABASE_URL: dbUrl };
        const proc = start(`${entry.name}#${i + 1}`, entry.command, entry.args, { cwd: path.resolve(ROOT, entry.cwd), env });
        servers.push({ proc, url });
        // The first process creates the schema before the second starts.
        await waitFor(`${entry.name} (process ${i + 1}) to answer GET /`, async () => (await fetch(url + '/')).status === 200, { proc, timeoutMs: 20000 });
      }
    } catch (error) {
      await Promise.all(servers.map((s) => stop(s.proc)));
      throw error;
    }
    return new Shop(entry, servers, dbUrl);
  }

  constructor(entry, servers, databaseUrl) {
    this.entry = entry;
    this.name = entry.name;
    this.servers = servers;
    this.url = servers[0].url;
    this.databaseUrl = databaseUrl;
  }

  get log() {
    return this.servers.map((s) => `==== ${s.proc.name} (${s.url})\n${s.proc.log}`).join('\n');
  }

  async stop() {
    await Promise.all(this.servers.map((s) => stop(s.proc)));
  }

  /** `GET /api/orders/<id>`: {id, status, gateway, amount, refunded, paid_transitions}. */
  async order(id) {
    const response = await fetch(`${this.url}/api/orders/${encodeURIComponent(id)}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET /api/orders/${id} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }

  /** Wait until the order's status is `status`; the last order read is in the error otherwise. */
  async waitForStatus(id, status, timeoutMs = 8000) {
    let last;
    try {
      return await waitFor(`order ${id} to become ${status}`, async () => {
        last = await this.order(id);
        return last.status === status && last;
      }, { timeoutMs, intervalMs: 50 });
    } catch (error) {
      throw new Error(`${error.message}; the shop says ${JSON.stringify(last)}`);
    }
  }
}

module.exports = { Shop };
