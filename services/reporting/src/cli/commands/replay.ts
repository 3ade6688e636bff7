// `replay`: rebuild the dossier projection from the beginning of the Kafka history into the next
// version while the live one serves; switch when caught up; drop the old version after.
import { replayProjection, ReplayRefusedError } from '../../application/replay';
import { parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { watched } from '../watch';

export const REPLAY_USAGE = `replay [--force] [--wait-instances SECONDS] [--json]
    Rebuild the read models from the whole Kafka history into a new version, switch the running
    service(s) to it once it has caught up, then drop the old version.
    --force: take over a rebuild recorded as running (left behind by an interrupted replay).
    Progress on stderr (a bar with rate and ETA on a terminal); --json: progress as JSON lines and
    the result as JSON. Ctrl-C before the switch stops cleanly: the live version keeps serving.`;

export async function replayCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(argv, { force: { type: 'boolean' }, 'wait-instances': { type: 'string' }, json: { type: 'boolean' } }, 'replay');
  const wait = o['wait-instances'] === undefined ? 60 : Number(o['wait-instances']);
  if (!Number.isFinite(wait) || wait < 0)
    throw new UsageError(`--wait-instances must be a number of seconds; got "${o['wait-instances']}"`);
  const json = o.json === true;
  const catalog = await ctx.catalog();
  try {
    const result = await watched(
      io,
      {
        task: 'replay',
        unit: 'events',
        json,
        resume:
          'nothing was switched: the live read models keep serving, and the unfinished version was dropped. ' +
          'Run `npm run ops -- replay` again to rebuild (from the beginning of the history); if it says a rebuild is recorded as running, add --force.',
      },
      (progress, signal) =>
        replayProjection({
          catalog,
          source: ctx.eventSource(),
          force: o.force === true,
          instanceWaitMs: wait * 1000,
          signal,
          // Called from a timer inside the rebuild: it must not throw. replayProjection stops on
          // the signal itself (before the switch; past it a Ctrl-C no longer stops anything).
          onProgress: (p) => {
            if (signal.aborted) return;
            progress.update({
              done: p.consumed,
              total: p.total,
              phase: `v${p.version} ${p.phase}${p.poisonSkipped > 0 ? ` (${p.poisonSkipped} poison skipped)` : ''}`,
            });
          },
        }),
    );
    if (json)
      io.out(
        `${JSON.stringify({ from: result.from, to: result.to, events: result.events.consumed, group: result.group, droppedOld: result.droppedOld, poisonSkipped: result.poisonSkipped, settledEarly: result.settledEarly, lateEvents: result.lateEvents })}\n`,
      );
    else io.out(`projection switched from v${result.from} to v${result.to} (${result.events.consumed} events, group ${result.group})\n`);
    if (!result.droppedOld) {
      io.err(`v${result.from} was kept: a running instance still fed it after ${wait} s; run replay again later or drop it by hand\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ReplayRefusedError) throw new UsageError(err.message);
    throw err;
  }
}
