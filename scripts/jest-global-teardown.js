'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalTeardown() {
  for (const c of globalThis.__ONESTOP_CONTAINERS__ || []) await c.stop();
  if (globalThis.__ONESTOP_STARTED_INFRA__ && process.env.ONESTOP_KEEP_INFRA !== '1') {
    execFileSync('bash', [path.resolve(__dirname, '../infra/bin/infra'), 'down'], { stdio: 'inherit' });
  }
};
