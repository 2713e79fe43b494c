'use strict';
// Child processes of the harness (the sandbox, the shops, PostgreSQL): started with a log kept in memory,
// stopped by their own pid at the end, free ports found by asking the kernel.

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
const ARTIFACTS = path.join(TARGET, 'e2e-artifacts');

/** A port nobody listens on now (the kernel's choice on 127.0.0.1). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start a process; its stdout+stderr go to `proc.log` (a string, capped). */
function start(name, command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd || ROOT,
    env: { ...process.env, ...(options.env || {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = { name, child, log: '', exited: null };
  const keep = (chunk) => {
    proc.log += chunk.toString('utf8');
    if (proc.log.length > 2_000_000) proc.log = proc.log.slice(-1_000_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  proc.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      proc.exited = { code, signal };
      resolve(proc.exited);
    });
    child.on('error', (error) => {
      proc.log += `\n[harness] cannot start ${command}: ${error.message}\n`;
      proc.exited = { code: null, signal: null, error };
      resolve(proc.exited);
    });
  });
  return proc;
}

/** Wait until `test()` is truthy (polling), or throw with `what` and the process log. */
async function waitFor(what, test, { timeoutMs = 15000, intervalMs = 50, proc } = {}) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    if (proc && proc.exited) {
      throw new Error(`${what}: ${proc.name} exited (${JSON.stringify(proc.exited)}):\n${proc.log.slice(-4000)}`);
    }
    try {
      const value = await test();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      const tail = proc ? `\n${proc.name} log:\n${proc.log.slice(-4000)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}${tail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Stop a process we started (SIGTERM, then SIGKILL after 3 s). */
async function stop(proc) {
  if (!proc || proc.exited) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.exited || proc.child.kill('SIGKILL'), 3000);
  await proc.done;
  clearTimeout(timer);
}

module.exports = { ROOT, TARGET, ARTIFACTS, freePort, start, stop, waitFor };
