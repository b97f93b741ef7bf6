// A `ledig serve` of a test's or a benchmark's own, on a fresh SQLite file
// and a free port: for what the shared e2e server cannot show (a new
// release on disk, Stripe instead of the demo payments, Lighthouse's runs).
// Node built-ins only, so the benchmark (e2e/bench, its own node_modules)
// and the tests share it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `bin serve` with `staticDir` as its dist/ and `env` on top of this
 * process's environment; resolves once /healthz answers. `url` is
 * http://localhost:{port} (the one plain-http origin passkeys and service
 * workers accept). `stop()` ends it and removes its database.
 */
export async function startLedig({ bin, staticDir, env = {}, name = 'own' }) {
  const dir = mkdtempSync(join(tmpdir(), `ledig-${name}-`));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      LEDIG_ADDR: `127.0.0.1:${port}`,
      LEDIG_PUBLIC_URL: url,
      LEDIG_DATABASE_URL: `sqlite://${join(dir, 'ledig.db')}`,
      LEDIG_STATIC_DIR: staticDir,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-20_000);
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 600 || child.exitCode !== null) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`ledig serve did not answer /healthz (exit code ${child.exitCode}):\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    /** The last of what the server wrote to stderr. */
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
