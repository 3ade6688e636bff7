// The stock validators CI runs over infra/ (promtool, kubeconform, kustomize) and the schemas they
// check against, found where `.ci/install-prereqs` puts them (.local/bin, .local/schemas). A test
// that needs a missing one fails saying how to install it — never skips.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const LOCAL = path.join(ROOT, '.local');

const INSTALL = 'bash .ci/install-prereqs (it installs the validators into .local/)';

/** A validator binary in .local/bin, then $(go env GOPATH)/bin, then PATH. */
export function tool(name: 'promtool' | 'kubeconform' | 'kustomize'): string {
  const dirs = [path.join(LOCAL, 'bin'), goBin(), ...(process.env.PATH ?? '').split(path.delimiter)];
  const found = dirs
    .filter((d): d is string => Boolean(d))
    .map((d) => path.join(d, name))
    .find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${name} not found in .local/bin, GOPATH/bin or PATH; run ${INSTALL}`);
  return found;
}

/** A schema file or folder under .local/schemas. */
export function schemaPath(relative: string): string {
  const p = path.join(LOCAL, 'schemas', relative);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing; run ${INSTALL}`);
  return p;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(bin: string, args: string[], input?: string): Run {
  const r = spawnSync(bin, args, { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function goBin(): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    return gopath ? path.join(gopath, 'bin') : undefined;
  } catch {
    return undefined;
  }
}
