// The fault suite: the four services, the provider simulator and a private Kafka / PostgreSQL /
// FerretDB (see infra-setup.js) under steady bounded load (support/workload.ts), while, in turn:
// each service is SIGKILLed and started again; Kafka is stopped and started; PostgreSQL is
// stopped and started; the provider is down, then slow; every service gets SIGTERM mid-load.
// After each fault the load drains and support/checks.ts must hold (nothing acknowledged lost
// or doubled anywhere, read models = replay, lag 0, timers once, `ops verify` clean). The time to
// recover is measured from the end of the fault until a dossier submitted then is processed end
// to end (visible in reporting with its case and due-soon alert; for the provider faults, until
// a new pickup gets its provider order). The summary is printed and written to
// .local/faults/latest.json (and one file per run). Sizes: FAULTS_RATE (lifecycles started per
// second, default 2), FAULTS_MAX_IN_FLIGHT (default 8), FAULTS_HOLD_MS (how long Kafka,
// PostgreSQL and the provider stay down or slow, default 8000), FAULTS_ONLY (a regular
// expression choosing phases by key: kill-intake, kill-processing,
// kill-postal-delivery, kill-reporting, kafka, postgres, provider-down, provider-slow, sigterm).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPlatform, ROOT, type Platform, type ServiceName } from '../support/platform';
import { waitFor } from '../support/wait';
import { checkInvariants, type CheckResult } from './support/checks';
import { startInfra, stopComponent } from './support/infra-control';
import { Simulator } from './support/simulator';
import { neverReachedServer, Workload } from './support/workload';

jest.setTimeout(1_200_000);

const SERVICES: ServiceName[] = ['intake', 'processing', 'postal-delivery', 'reporting'];
const HOLD_MS = Number(process.env.FAULTS_HOLD_MS ?? 8000);
const LOAD_AROUND_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Settings the services keep across restarts: fast timers and provider retries, so a run stays short. */
const SERVICE_ENV: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {
  // Every dossier is due soon as its case opens (80 working hours > the 3 days' budget): one timer each.
  processing: { DUE_SOON_LEAD_WORKING_HOURS: '80', TIMER_POLL_INTERVAL_MS: '200' },
  'postal-delivery': {
    PROVIDER_TIMEOUT_MS: '2000',
    PROVIDER_BREAKER_COOLDOWN_MS: '1000',
    WORK_INTERVAL_MS: '200',
    WORK_BACKOFF_BASE_MS: '200',
    WORK_BACKOFF_MAX_MS: '2000',
    POLL_INTERVAL_MS: '1500',
  },
};

interface Phase {
  /** Short name; FAULTS_ONLY=<regex> runs the phases whose key matches. */
  key: string;
  /** Faults of one group follow each other under the same load; the checks run after the group's last. */
  group?: string;
  name: string;
  /** What counts as recovered: a counter dossier processed end to end, or a pickup ordered at the provider. */
  probe: 'dossier' | 'pickup';
  inject(): Promise<void>;
  heal(): Promise<void>;
  /** Extra figures the phase reports (SIGTERM: calls in flight and how they ended). */
  notes?: () => Record<string, unknown>;
}

interface PhaseResult extends CheckResult {
  key: string;
  fault: string;
  reproduce: string;
  faultMs: number;
  recoverMs: number;
  acknowledgedCommands: number;
  retriedCalls: number;
  notes: Record<string, unknown>;
}

describe('faults under steady load', () => {
  let platform: Platform;
  let simulator: Simulator;
  let workload: Workload;

  /** Services that exited by themselves (they should wait for what failed, not exit), and when. */
  const crashes: string[] = [];
  let currentFault = 'start-up';
  const restart = async (name: ServiceName) => {
    const running = await platform.start(name, SERVICE_ENV[name] ?? {});
    running.process.once('exit', (code, signal) => {
      if (platform.services.get(name) !== running) return; // stopped by the suite
      crashes.push(`${name} exited (${signal ?? `code ${code}`}) during "${currentFault}"`);
      // As the launcher would: started again after its first back-off, so the run goes on.
      setTimeout(() => void restart(name).catch((e: unknown) => crashes.push(`${name} did not start again: ${String(e)}`)), 1000);
    });
    return running;
  };

  beforeAll(async () => {
    platform = await createPlatform();
    simulator = new Simulator(platform.env.PROVIDER_BASE_URL!);
    await platform.start('postal-simulator');
    await waitFor('the simulator', async () =>
      (await fetch(`${simulator.baseUrl}/_admin/health`).catch(() => undefined))?.ok ? true : undefined,
    );
    for (const name of SERVICES) await restart(name);
    workload = new Workload(platform, simulator, {
      ratePerSecond: Number(process.env.FAULTS_RATE ?? 2),
      maxInFlight: Number(process.env.FAULTS_MAX_IN_FLIGHT ?? 8),
      postalEvery: 5,
      keepEvery: 4,
    });
    await workload.init();
  });

  afterAll(async () => {
    workload?.halt();
    workload?.close();
    await platform?.stopAll();
  });

  it('loses nothing, doubles nothing and recovers from every fault by itself', async () => {
    const sigterm = {
      inFlight: 0,
      finishedOk: 0,
      /** Sent as the server began to shut down, never received by it (see neverReachedServer). */
      notReceived: 0,
      cut: [] as string[],
      exitCodes: {} as Record<string, number | null>,
    };
    const phases: Phase[] = [
      ...SERVICES.map((name): Phase => ({
        key: `kill-${name}`,
        name: `SIGKILL ${name}, restarted`,
        probe: 'dossier',
        inject: async () => {
          await platform.stop(name, 'SIGKILL');
          await sleep(1000); // the launcher's first back-off
        },
        heal: async () => void (await restart(name)),
      })),
      {
        key: 'kafka',
        name: 'Kafka stopped and started',
        probe: 'dossier',
        inject: async () => {
          await stopComponent('kafka', 'SIGTERM');
          await sleep(HOLD_MS);
        },
        heal: startInfra,
      },
      {
        key: 'postgres',
        name: 'PostgreSQL stopped and started',
        probe: 'dossier',
        inject: async () => {
          await stopComponent('postgres', 'SIGINT');
          await sleep(HOLD_MS);
        },
        heal: startInfra,
      },
      {
        key: 'provider-down',
        group: 'provider',
        name: 'provider down',
        probe: 'pickup',
        inject: async () => {
          await simulator.faults({ down: true });
          await sleep(HOLD_MS);
        },
        heal: async () => void (await simulator.faults({})),
      },
      {
        key: 'provider-slow',
        group: 'provider',
        name: 'provider slow (answers after 2.5 s, client timeout 2 s)',
        probe: 'pickup',
        inject: async () => {
          await simulator.faults({ latency_ms: 2500 });
          await sleep(HOLD_MS);
        },
        heal: async () => void (await simulator.faults({})),
      },
      ...SERVICES.map((name): Phase => ({
        key: `sigterm-${name}`,
        group: 'sigterm',
        name: `SIGTERM ${name} mid-load, restarted`,
        probe: 'dossier',
        inject: async () => {
          const inFlight = workload.inFlight(name);
          sigterm.exitCodes[name] = await platform.stop(name, 'SIGTERM');
          const outcomes = await Promise.all(inFlight.map((a) => a.outcome));
          sigterm.inFlight += inFlight.length;
          sigterm.finishedOk += outcomes.filter((o) => o.code === 0).length;
          sigterm.notReceived += outcomes.filter(neverReachedServer).length;
          sigterm.cut.push(
            ...outcomes.filter((o) => o.code !== 0 && !neverReachedServer(o)).map((o) => `${name}: gRPC status ${o.code} (${o.details})`),
          );
        },
        heal: async () => void (await restart(name)),
        notes: () => ({ sigterm: { ...sigterm, cut: [...sigterm.cut] } }),
      })),
    ];
    const only = process.env.FAULTS_ONLY ? new RegExp(process.env.FAULTS_ONLY, 'i') : undefined;
    const results: PhaseResult[] = [];
    const suiteStarted = Date.now();

    const selected = phases.filter((p) => !only || only.test(p.key));
    let pending: Omit<PhaseResult, keyof CheckResult>[] = [];
    let aborted: string | undefined;
    for (const [i, phase] of selected.entries()) {
      try {
        currentFault = phase.name;
        const commandsBefore = workload.acknowledgedCommands;
        const retriesBefore = workload.retries;
        workload.start();
        await sleep(LOAD_AROUND_MS);
        const injected = Date.now();
        await phase.inject();
        const healing = Date.now();
        await phase.heal();
        const healed = Date.now();
        const probe = phase.probe === 'dossier' ? await workload.probe(phase.key) : undefined;
        if (phase.probe === 'pickup') await workload.probePickup(phase.key);
        const recovered = Date.now();
        await sleep(LOAD_AROUND_MS);
        pending.push({
          key: phase.key,
          fault: phase.name,
          reproduce: `FAULTS_ONLY='^${phase.key}$' npm run test:faults`,
          faultMs: healing - injected,
          recoverMs: recovered - healing,
          acknowledgedCommands: workload.acknowledgedCommands - commandsBefore,
          retriedCalls: workload.retries - retriesBefore,
          notes: { ...(probe ? { probeSubmitAcknowledgedMs: healed - healing + probe.acknowledgedAfterMs } : {}), ...phase.notes?.() },
        });
        if (phase.group !== undefined && selected[i + 1]?.group === phase.group) continue;
        // The group's faults are over: the load drains, then everything acknowledged so far is checked.
        await workload.drain();
        // The last fault of the group also counts what the drain acknowledged.
        const last = pending[pending.length - 1];
        last.acknowledgedCommands = workload.acknowledgedCommands - commandsBefore;
        last.retriedCalls = workload.retries - retriesBefore;
        const checked = await checkInvariants(platform, workload, simulator);
        for (const r of pending) {
          const result: PhaseResult = { ...r, ...checked };
          results.push(result);
          process.stdout.write(
            `faults: ${r.fault}: recovered in ${r.recoverMs} ms; group checks: lost ${checked.lost.length}, ` +
              `duplicated ${checked.duplicated.length}, verify ${checked.verify.problems} problems\n`,
          );
        }
        pending = [];
      } catch (err) {
        // The platform did not recover from this fault: the run stops here, with what it measured.
        aborted = `${phase.name}: ${err instanceof Error ? err.message : String(err)}`;
        await workload.drain().catch(() => undefined);
        break;
      }
    }

    const summary = writeSummary(results, platform, Date.now() - suiteStarted, workload, crashes, aborted);
    process.stdout.write(summary.table);

    expect({ aborted }).toEqual({ aborted: undefined });
    expect(crashes).toEqual([]);
    expect(workload.failures).toEqual([]);
    for (const r of results) {
      expect({ fault: r.fault, lost: r.lost, duplicated: r.duplicated, deadLetters: r.deadLetters }).toEqual({
        fault: r.fault,
        lost: [],
        duplicated: [],
        deadLetters: 0,
      });
      expect({
        fault: r.fault,
        verify: r.verify.exitCode,
        problems: r.verify.problems,
        unpublished: r.verify.unpublished,
        output: r.verify.output,
      }).toEqual({ fault: r.fault, verify: 0, problems: 0, unpublished: 0, output: '' });
      expect({
        fault: r.fault,
        replayCheck: r.replayCheck.exitCode,
        output: r.replayCheck.exitCode === 0 ? '' : r.replayCheck.output,
      }).toEqual({
        fault: r.fault,
        replayCheck: 0,
        output: '',
      });
    }
    expect(sigterm.cut).toEqual([]);
    expect(Object.values(sigterm.exitCodes).every((c) => c === 0)).toBe(true);
  });
});

function writeSummary(
  results: PhaseResult[],
  platform: Platform,
  totalMs: number,
  workload: Workload,
  crashes: string[],
  aborted: string | undefined,
): { table: string } {
  const dir = path.join(ROOT, '.local/faults');
  fs.mkdirSync(dir, { recursive: true });
  const summary = {
    runId: platform.runId,
    finishedAt: new Date().toISOString(),
    totalMs,
    dossiersAcknowledged: workload.dossiers.length,
    commandsAcknowledged: workload.acknowledgedCommands,
    commandsByRpc: Object.fromEntries(workload.commands),
    lifecycleFailures: workload.failures,
    serviceCrashes: crashes,
    aborted,
    phases: results,
  };
  const json = JSON.stringify(summary, null, 2);
  fs.writeFileSync(path.join(dir, `summary-${platform.runId}.json`), json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  const rows = results.map(
    (r) =>
      `| ${r.fault} | ${r.acknowledgedCommands} | ${r.lost.length} | ${r.duplicated.length} | ${(r.recoverMs / 1000).toFixed(1)} s | ${r.verify.problems} | ${r.replayCheck.exitCode === 0 ? 'same' : 'DIFFERENT'} | ${(r.lagSettledMs / 1000).toFixed(1)} s |`,
  );
  const table = [
    '',
    `Fault suite ${platform.runId}: ${workload.dossiers.length} dossiers, ${workload.acknowledgedCommands} commands acknowledged in ${Math.round(totalMs / 1000)} s`,
    '| fault | commands acknowledged | lost | duplicated | time to recover | verify problems | replay-check | lag to 0 after drain |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    ...(crashes.length ? [`services that exited by themselves: ${crashes.join('; ')}`] : []),
    ...(aborted ? [`STOPPED: ${aborted}`] : []),
    `(written to ${path.relative(ROOT, path.join(dir, 'latest.json'))})`,
    '',
  ].join('\n');
  return { table };
}
