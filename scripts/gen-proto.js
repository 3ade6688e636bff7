// Generates libs/contracts/src/gen from proto/ with buf + ts-proto (both from npm, offline).
// The generated code is not committed: proto/ is the single source, and this runs in `npm run build`.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'libs/contracts/src/gen');
fs.rmSync(out, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules/.bin/buf'), ['generate', 'proto', '--template', 'proto/buf.gen.yaml'], {
  cwd: root,
  stdio: 'inherit',
});
