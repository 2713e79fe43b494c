'use strict';
// Debian's Chromium, headless, driven by playwright-core (which downloads nothing). One browser for the whole
// run; each scenario gets its own context (cookies, storage), so scenarios of different shops run side by side.

const fs = require('node:fs');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

// `--user-data-dir` is not passed: playwright-core refuses it in `launch` and gives every launch a fresh
// temporary profile directory of its own, deleted on close, which is what the flag would do.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function launch() {
  if (!fs.existsSync(EXECUTABLE)) {
    throw new Error(`no Chromium at ${EXECUTABLE}: apt-get install chromium (make test-e2e does it)`);
  }
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
}

module.exports = { launch };
