// Where the machine's CPU goes during a row: /proc/stat for the whole machine, /proc/<pid>/stat for
// each process, every process put in a group (a service, the bench's own client, PostgreSQL's
// backends by database, Kafka, FerretDB). The rest is what no live process accounts for: the
// kernel's own threads, and processes that ended during the row.
import * as fs from 'node:fs';

/** The services' processes by pid, named as the row should call them (intake, intake-2, …). */
export type NamedPids = ReadonlyMap<number, string>;

interface MachineTicks {
  busy: number;
  all: number;
  cores: number;
}

interface CpuSnapshot {
  machine: MachineTicks;
  /** CPU seconds (user + system, all threads) of every live process, with its group. */
  processes: Map<number, { group: string; seconds: number }>;
}

export interface CpuSpent {
  /** Busy milliseconds of all cores together, per item. */
  msPerItem: number;
  /** Busy share of all cores over the span (0–1). */
  busyShare: number;
  cores: number;
  /** Milliseconds per item by group, largest first; `rest` is the machine's busy time no group accounts for. */
  byGroup: [string, number][];
}

const TICKS_PER_SECOND = 100;

function machineTicks(): MachineTicks {
  const stat = fs.readFileSync('/proc/stat', 'utf8');
  const ticks = stat.split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const all = ticks.reduce((sum, t) => sum + t, 0);
  const idle = ticks[3] + ticks[4];
  const cores = stat.split('\n').filter((line) => /^cpu\d+ /.test(line)).length;
  return { busy: (all - idle) / TICKS_PER_SECOND, all: all / TICKS_PER_SECOND, cores };
}

/** The database a PostgreSQL backend serves, from its title `postgres: <user> <database> <client> …`. */
function postgresGroup(cmdline: string, eventStoreDb: string | undefined): string {
  const backend = /^postgres: (\S+) (\S+) \d/.exec(cmdline);
  if (!backend) return 'PostgreSQL, its own processes';
  return backend[2] === eventStoreDb ? 'PostgreSQL, event store' : 'PostgreSQL, other databases (FerretDB’s)';
}

function groupOf(pid: number, named: NamedPids, eventStoreDb: string | undefined): string | undefined {
  const name = named.get(pid);
  if (name) return name;
  if (pid === process.pid) return 'bench client';
  let comm: string;
  let cmdline: string;
  try {
    comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined; // ended meanwhile
  }
  if (comm === 'postgres' || cmdline.startsWith('postgres:')) return postgresGroup(cmdline, eventStoreDb);
  if (comm === 'ferretdb') return 'FerretDB';
  if (comm === 'java' && cmdline.includes('kafka.Kafka')) return 'Kafka';
  return undefined;
}

function processSeconds(pid: number): number | undefined {
  try {
    // Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The database name in a postgres:// URL, if any. */
function databaseOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
}

/** Every process's CPU so far, and the machine's. */
function cpuSnapshot(named: NamedPids, eventStoreDb: string | undefined): CpuSnapshot {
  const processes = new Map<number, { group: string; seconds: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const group = groupOf(pid, named, eventStoreDb);
    if (group === undefined) continue;
    const seconds = processSeconds(pid);
    if (seconds !== undefined) processes.set(pid, { group, seconds });
  }
  return { machine: machineTicks(), processes };
}

const SAMPLE_MS = 250;

/** Stops the meter sampling now: rows run one after another, and a row that failed never stopped its own. */
let stopSampling: (() => void) | undefined;

/**
 * Measures the CPU spent from now until `stop`, per item. Every process is looked at again every
 * 250 ms, so one that ends during the span (a pool's PostgreSQL backend) keeps what it had spent by
 * its last look; one that starts during the span counts from zero.
 */
export class CpuMeter {
  private readonly start: CpuSnapshot;
  private readonly last = new Map<number, { group: string; seconds: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly named: () => NamedPids = () => new Map(),
    private readonly eventStoreDb = databaseOf(process.env.PG_URL),
  ) {
    this.start = cpuSnapshot(this.named(), this.eventStoreDb);
    stopSampling?.();
    stopSampling = () => this.cancel();
    this.timer = setInterval(() => this.look(), SAMPLE_MS);
    this.timer.unref();
  }

  /** Stops sampling without a result. */
  cancel(): void {
    clearInterval(this.timer);
  }

  private look(): CpuSnapshot {
    const now = cpuSnapshot(this.named(), this.eventStoreDb);
    for (const [pid, p] of now.processes) this.last.set(pid, p);
    return now;
  }

  stop(items: number): CpuSpent {
    this.cancel();
    const end = this.look();
    const perItem = (seconds: number) => (seconds * 1000) / Math.max(1, items);
    const busy = end.machine.busy - this.start.machine.busy;
    const groups = new Map<string, number>();
    let accounted = 0;
    for (const [pid, now] of this.last) {
      const before = this.start.processes.get(pid);
      // A pid reused by another kind of process counts from zero.
      const spent = now.seconds - (before && before.group === now.group ? before.seconds : 0);
      if (spent <= 0) continue;
      groups.set(now.group, (groups.get(now.group) ?? 0) + spent);
      accounted += spent;
    }
    groups.set('rest', Math.max(0, busy - accounted));
    return {
      msPerItem: perItem(busy),
      busyShare: busy / Math.max(1e-9, end.machine.all - this.start.machine.all),
      cores: end.machine.cores,
      byGroup: [...groups].map(([group, seconds]): [string, number] => [group, perItem(seconds)]).sort((a, b) => b[1] - a[1]),
    };
  }
}

/** `intake 2.41, bench client 1.2, …` in milliseconds (three significant digits). */
export function describeGroups(spent: CpuSpent): string {
  return spent.byGroup.map(([group, ms]) => `${group} ${Number(ms.toPrecision(3))}`).join(', ');
}
