// The stock gRPC client a new user reaches for: the grpcurl binary (protobuf-go underneath, like
// grpcui, Evans and Kreya), found where `.ci/install-prereqs` puts it, and the README's examples
// that call it.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './platform';

export const GRPCURL_INSTALL = 'GOBIN="$PWD/.local/bin" go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3';

function goBin(): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    return gopath ? path.join(gopath, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

/** The grpcurl binary: $GRPCURL, .local/bin, $(go env GOPATH)/bin, then PATH. Throws how to install it. */
export function findGrpcurl(): string {
  const candidates = [
    process.env.GRPCURL,
    path.join(ROOT, '.local/bin/grpcurl'),
    ...[goBin(), ...(process.env.PATH ?? '').split(path.delimiter)]
      .filter((d): d is string => Boolean(d))
      .map((d) => path.join(d, 'grpcurl')),
  ];
  const found = candidates.find((c): c is string => Boolean(c) && fs.existsSync(c!));
  if (!found) {
    throw new Error(
      `grpcurl not found (looked at $GRPCURL, .local/bin, $(go env GOPATH)/bin and PATH). Install it from the repository root with:\n  ${GRPCURL_INSTALL}\nor run bash .ci/install-prereqs`,
    );
  }
  return found;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: options.env ?? process.env, cwd: options.cwd ?? ROOT, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function grpcurl(binary: string, args: string[]): Promise<Run> {
  return run(binary, args);
}

/** Runs a shell snippet as a user would paste it (bash, stop at the first failure). */
export function bash(script: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return run('bash', ['-euo', 'pipefail', '-c', script], { env });
}

/** The README's ```bash blocks that call grpcurl, verbatim. */
export function readmeGrpcurlExamples(readme = path.join(ROOT, 'README.md')): string[] {
  const blocks = [...fs.readFileSync(readme, 'utf8').matchAll(/^```(?:bash|sh|shell)\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks.filter((b) => /^\s*grpcurl\b/m.test(b));
}
