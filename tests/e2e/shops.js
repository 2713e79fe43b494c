'use strict';
// The example shops under test. Each follows the example-shop contract (examples/shop-python/README.md, "Pages"; tests/e2e/README.md):
// configured by PORT, SHOP_URL, SANDBOX_URL and DATABASE_URL; pages `/`, `/checkout`, `/notify/<gw>`,
// `/return/<gw>`, `/admin/orders`, `/api/orders/<id>` with their data-* selectors.
//
// An entry: `name`; `cwd` (relative to the repository); `command` and `args`; `env` (more variables);
// `database`: 'sqlite' (a fresh file under target/) or 'postgres' (a fresh database in the harness's
// throwaway cluster). The harness picks the ports and starts two processes of each shop on one database.

const path = require('node:path');
const { TARGET } = require('./lib/procs');

const python = process.env.E2E_PYTHON || path.join(TARGET, 'python-venv', 'bin', 'python');

module.exports = [
  {
    name: 'python-sqlite',
    cwd: 'examples/shop-python',
    command: python,
    args: ['app.py'],
    env: { PYTHONUNBUFFERED: '1' },
    database: 'sqlite',
  },
  {
    name: 'python-postgres',
    cwd: 'examples/shop-python',
    command: python,
    args: ['app.py'],
    env: { PYTHONUNBUFFERED: '1' },
    database: 'postgres',
  },
  {
    name: 'node-sqlite',
    cwd: 'examples/shop-node',
    command: 'node',
    args: ['server.js'],
    env: {},
    database: 'sqlite',
  },
  {
    // start.sh runs `php -S` with libcpay preloaded (examples/shop-php/README.md); CPAY_LIB names the library
    // `make test-e2e` built.
    name: 'php-sqlite',
    cwd: 'examples/shop-php',
    command: 'sh',
    args: ['start.sh'],
    env: process.env.CPAY_LIB ? { CPAY_LIB: process.env.CPAY_LIB } : {},
    database: 'sqlite',
  },
];
