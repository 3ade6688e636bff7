// Type-checks and bundles the web app (web/ → dist/web) unless the bundle is newer than every
// source file, so `npm run build` stays quick when nothing in web/ changed.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'web');
const stamp = path.join(root, 'dist/web/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs > newest(web) && process.env.FORCE_WEB_BUILD !== '1') {
  process.stdout.write('front-office web: up to date\n');
  process.exit(0);
}
const bin = (file) => {
  const [pkg, ...rest] = file.split('/');
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })), ...rest);
};
execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', path.join(web, 'tsconfig.json')], { stdio: 'inherit' });
execFileSync(process.execPath, [bin('vite/bin/vite.js'), 'build', '--config', path.join(web, 'vite.config.mjs')], {
  stdio: 'inherit',
  cwd: web,
});
process.stdout.write('front-office web: built dist/web\n');
