// Stops the fault suite's private infrastructure and deletes its data (`infra reset` on the
// temporary directory), then the directory. FAULTS_KEEP_INFRA=1 leaves both for inspection.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function faultsInfraTeardown() {
  const infra = globalThis.__FAULTS_INFRA__;
  if (!infra) return;
  if (process.env.FAULTS_KEEP_INFRA === '1') {
    process.stderr.write(`faults: infrastructure left running in ${infra.dir} (FAULTS_KEEP_INFRA=1)\n`);
    return;
  }
  execFileSync('bash', [path.resolve(__dirname, '../../infra/bin/infra'), 'reset'], { stdio: 'inherit', env: infra.env });
  fs.rmSync(infra.dir, { recursive: true, force: true });
};
