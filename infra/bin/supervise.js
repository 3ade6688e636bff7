// Keeps a set of child processes running for `npm start`: a child that exits while the platform
// is not stopping is started again after a back-off (doubling from minDelayMs up to maxDelayMs,
// back to minDelayMs once a run lasted stableAfterMs), and the others are left alone. stop()
// sends SIGTERM to every child and SIGKILL to those still there after stopTimeoutMs.
'use strict';
const { spawn } = require('node:child_process');

class Supervisor {
  constructor({ log, minDelayMs = 1000, maxDelayMs = 30000, stableAfterMs = 30000, stopTimeoutMs = 15000 }) {
    Object.assign(this, { log, minDelayMs, maxDelayMs, stableAfterMs, stopTimeoutMs });
    this.entries = [];
    this.stopping = false;
  }

  /** Starts `command args` as `name`; onStart(child) sees every incarnation (e.g. to pipe its output). */
  add({ name, command, args = [], env = process.env, onStart = () => {} }) {
    const entry = { name, command, args, env, onStart, child: null, timer: null, restarts: 0, delay: this.minDelayMs };
    this.entries.push(entry);
    this.start(entry);
    return entry;
  }

  start(entry) {
    entry.timer = null;
    const startedAt = Date.now();
    const child = spawn(entry.command, entry.args, { env: entry.env, stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    entry.onStart(child);
    child.on('error', (e) => this.log(entry.name, `could not start: ${e.message}`));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - startedAt >= this.stableAfterMs) entry.delay = this.minDelayMs;
      const delay = entry.delay;
      entry.delay = Math.min(entry.delay * 2, this.maxDelayMs);
      entry.restarts += 1;
      this.log(
        entry.name,
        `exited (${signal || `code ${code}`}); restarting in ${delay} ms (restart ${entry.restarts}); the other services keep running`,
      );
      entry.timer = setTimeout(() => this.start(entry), delay);
    });
  }

  async stop() {
    this.stopping = true;
    await Promise.all(
      this.entries.map((entry) => {
        if (entry.timer) clearTimeout(entry.timer);
        const child = entry.child;
        return new Promise((resolve) => {
          if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }),
    );
  }
}

module.exports = { Supervisor };
