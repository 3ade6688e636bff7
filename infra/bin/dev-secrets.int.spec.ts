// Per-installation secrets of `npm start` (issue 15 §12) and `npm run token` signing with them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jwtVerify } from 'jose';
import { loadDevSecrets, parse } from './dev-secrets';

const root = resolve(__dirname, '../..');
const DEV_DEFAULTS = ['local-development-secret-change-me-0123456789', 'local-postal-webhook-secret'];

describe('loadDevSecrets', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onestop-secrets-'));
    file = join(dir, '.local', 'secrets.env');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates both secrets once, in a file only its owner can read, and keeps them', () => {
    const first = loadDevSecrets({ root: dir, file, env: {} });
    expect(first.generated).toEqual(['AUTH_JWT_SECRET', 'PROVIDER_WEBHOOK_SECRET']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.values.AUTH_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.values.PROVIDER_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(DEV_DEFAULTS).not.toContain(first.values.AUTH_JWT_SECRET);
    expect(parse(readFileSync(file, 'utf8'))).toEqual(first.values);

    const again = loadDevSecrets({ root: dir, file, env: {} });
    expect(again.generated).toEqual([]);
    expect(again.values).toEqual(first.values);
  });

  it('differs between installations', () => {
    const a = loadDevSecrets({ root: dir, file, env: {} });
    const b = loadDevSecrets({ root: dir, file: join(dir, 'other.env'), env: {} });
    expect(b.values.AUTH_JWT_SECRET).not.toBe(a.values.AUTH_JWT_SECRET);
  });

  it('lets the environment win and says so', () => {
    const r = loadDevSecrets({ root: dir, file, env: { AUTH_JWT_SECRET: 'x'.repeat(40) } });
    expect(r.values.AUTH_JWT_SECRET).toBe('x'.repeat(40));
    expect(r.fromEnv).toEqual(['AUTH_JWT_SECRET']);
    expect(parse(readFileSync(file, 'utf8')).AUTH_JWT_SECRET).not.toBe('x'.repeat(40));
  });

  it('rotates on request', () => {
    const before = loadDevSecrets({ root: dir, file, env: {} });
    const after = loadDevSecrets({ root: dir, file, env: {}, rotate: true });
    expect(after.values.AUTH_JWT_SECRET).not.toBe(before.values.AUTH_JWT_SECRET);
    expect(after.values.PROVIDER_WEBHOOK_SECRET).not.toBe(before.values.PROVIDER_WEBHOOK_SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens a readable file to 600 and completes a file that lacks a secret', () => {
    loadDevSecrets({ root: dir, file, env: {} });
    writeFileSync(file, 'AUTH_JWT_SECRET=' + 'k'.repeat(43) + '\n');
    chmodSync(file, 0o644);
    const r = loadDevSecrets({ root: dir, file, env: {} });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(r.values.AUTH_JWT_SECRET).toBe('k'.repeat(43));
    expect(r.generated).toEqual(['PROVIDER_WEBHOOK_SECRET']);
  });

  it('is what `npm run token` signs with when AUTH_JWT_SECRET is not set', async () => {
    const { values } = loadDevSecrets({ root: dir, file, env: {} });
    const env: NodeJS.ProcessEnv = { ...process.env, ONESTOP_SECRETS_FILE: file };
    delete env.AUTH_JWT_SECRET;
    const r = spawnSync(
      process.execPath,
      [join(root, 'libs/grpc-kit/dist/cli/issue-token.js'), '--officer', 'desk01', '--role', 'desk_officer', '--unit', 'TRUCNINH'],
      { env, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const { payload } = await jwtVerify(r.stdout.trim(), new TextEncoder().encode(values.AUTH_JWT_SECRET));
    expect(payload.sub).toBe('desk01');
  });
});
