// `npm run demo` as a user runs it, shortened: the scenario's script on its own simulated clock
// and its own services, with the modern channels (online, and the post's pickups and deliveries,
// so postal-delivery and the provider's simulator take part), in an environment without
// ONESTOP_ENV — as on a server or in CI. It must end with the platform's own report matching the
// generator's plan and `ops verify` finding every stored event on Kafka. The full nine months are
// the same code with the default sizes (README "The 2020 scenario").
import { spawn } from 'node:child_process';
import * as path from 'node:path';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, 'scripts/demo/main.js');

interface Run {
  code: number | null;
  out: string;
}

function demo(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_LOG_LEVEL: 'warn' };
  delete env.ONESTOP_ENV;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('npm run demo', () => {
  it('plays a short period with online and postal channels and ends with the report matching and verify clean', async () => {
    const run = await demo(['--dossiers', '40', '--in-progress', '2', '--channels', 'modern', '--seed', '7']);
    expect({ code: run.code, tail: run.code === 0 ? '' : run.out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(run.out).toMatch(/received 40, resolved 38, in progress 2, overdue 0/);
    expect(run.out).toContain('matches the scenario');
    expect(run.out).toMatch(/\d+ received by post/);
    const verified = /verified (\d+) stored events and (\d+) Kafka messages .*: 0 problem\(s\)/.exec(run.out);
    expect(verified).not.toBeNull();
    expect(Number(verified![1])).toBeGreaterThan(0);
    expect(verified![2]).toBe(verified![1]);
  });

  it("plays the 21 communes' own 2020 desks beside the district's, each receiving on the map of that year", async () => {
    const run = await demo(['--communes', '--commune-dossiers', '1', '--dossiers', '10', '--in-progress', '1', '--seed', '7']);
    expect({ code: run.code, tail: run.code === 0 ? '' : run.out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(run.out).toContain('21 commune desks: 21 dossiers (1 each)');
    expect(run.out).toMatch(/district desk: received 10, resolved 9, in progress 1, overdue 0/);
    expect(run.out).toContain('matches the scenario');
    expect(run.out).toMatch(/verified (\d+) stored events and \1 Kafka messages .*: 0 problem\(s\)/);
  });

  it('prints its options on --help, and names an unknown option instead of failing with a stack trace', async () => {
    const help = await demo(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--channels C');
    const bad = await demo(['--dosiers', '40']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("Unknown option '--dosiers'");
    expect(bad.out).not.toMatch(/\n\s+at /);
  });
});
