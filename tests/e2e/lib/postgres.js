'use strict';
// A throwaway PostgreSQL cluster for the shops that run on PostgreSQL: Debian's server binaries
// (/usr/lib/postgresql/<version>/bin), a fresh data directory under target/, 127.0.0.1 on a free port, trust
// authentication, no fsync. initdb and the server refuse to run as root: as root they run as the `postgres`
// user Debian's package creates (setpriv execs, so the pid we stop is the server's own).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { TARGET, freePort, start, stop, waitFor } = require('./procs');

function binDir() {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql; make test-e2e does it)');
  }
  return path.join(base, versions[0], 'bin');
}

function asUser(command, args) {
  if (process.getuid && process.getuid() === 0) {
    return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
  }
  return [command, args];
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

class Postgres {
  static async start() {
    const bin = binDir();
    // Clusters left by runs that were killed (their pid is gone) go first.
    for (const old of fs.existsSync(TARGET) ? fs.readdirSync(TARGET) : []) {
      const pid = Number((/^e2e-pg-(\d+)$/.exec(old) || [])[1]);
      if (pid && !alive(pid)) fs.rmSync(path.join(TARGET, old), { recursive: true, force: true });
    }
    let dir = path.join(TARGET, `e2e-pg-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const root = process.getuid && process.getuid() === 0;
    if (root) {
      execFileSync('chown', ['postgres:postgres', dir]);
      // A checkout under a private directory (/root/…) is out of the postgres user's reach: use /tmp then.
      try {
        execFileSync(...asUser('test', ['-w', dir]));
      } catch {
        fs.rmSync(dir, { recursive: true, force: true });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpay-e2e-pg-'));
        execFileSync('chown', ['postgres:postgres', dir]);
      }
    }
    const [initCmd, initArgs] = asUser(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    try {
      execFileSync(initCmd, initArgs, { stdio: 'pipe' });
    } catch (error) {
      throw new Error(`initdb failed: ${error.stderr ? error.stderr.toString() : error.message}`);
    }
    const port = await freePort();
    const [cmd, args] = asUser(path.join(bin, 'postgres'), [
      '-D', dir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
      '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
    ]);
    const proc = start('postgres', cmd, args);
    const pg = new Postgres(proc, port, dir, bin);
    await waitFor('PostgreSQL to accept connections', () => {
      try {
        execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
        return true;
      } catch {
        return false;
      }
    }, { proc, timeoutMs: 20000, intervalMs: 100 });
    return pg;
  }

  constructor(proc, port, dir, bin) {
    this.proc = proc;
    this.port = port;
    this.dir = dir;
    this.bin = bin;
  }

  /** A new empty database; its URL for DATABASE_URL. */
  createDatabase(name) {
    execFileSync(path.join(this.bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name], { stdio: 'pipe' });
    return `postgresql://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async stop() {
    await stop(this.proc);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { Postgres };
