// `replay`: rebuild the dossier projection from the beginning of the Kafka history into the next
// version while the live one serves; switch when caught up; drop the old version after.
import { replayProjection, ReplayRefusedError, type ReplayProgress } from '../../application/replay';
import { parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';

export const REPLAY_USAGE = `replay [--force] [--wait-instances SECONDS]
    Rebuild the read models from the whole Kafka history into a new version, switch the running
    service(s) to it once it has caught up, then drop the old version.
    --force: take over a rebuild recorded as running (left behind by an interrupted replay).`;

function describe(p: ReplayProgress): string {
  const percent = p.total === 0 ? 100 : (100 * p.consumed) / p.total;
  const poison = p.poisonSkipped > 0 ? `, ${p.poisonSkipped} poison skipped` : '';
  return `replay v${p.version} ${p.phase}: ${p.consumed}/${p.total} events (${percent.toFixed(1)}%)${poison}`;
}

export async function replayCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(argv, { force: { type: 'boolean' }, 'wait-instances': { type: 'string' } }, 'replay');
  const wait = o['wait-instances'] === undefined ? 60 : Number(o['wait-instances']);
  if (!Number.isFinite(wait) || wait < 0)
    throw new UsageError(`--wait-instances must be a number of seconds; got "${o['wait-instances']}"`);
  try {
    const result = await replayProjection({
      catalog: await ctx.catalog(),
      source: ctx.eventSource(),
      force: o.force === true,
      instanceWaitMs: wait * 1000,
      onProgress: (p) => (p.phase === 'rebuilding' ? io.progress(describe(p)) : (io.progressDone(), io.err(`${describe(p)}\n`))),
    });
    io.out(`projection switched from v${result.from} to v${result.to} (${result.events.consumed} events, group ${result.group})\n`);
    if (!result.droppedOld) {
      io.err(`v${result.from} was kept: a running instance still fed it after ${wait} s; run replay again later or drop it by hand\n`);
    }
    return 0;
  } catch (err) {
    io.progressDone();
    if (err instanceof ReplayRefusedError) throw new UsageError(err.message);
    throw err;
  }
}
