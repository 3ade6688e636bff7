// `replay-check`: rebuild the read models from the whole history in a sandbox database and
// compare them with the live ones; every difference printed, exit code 1 if there is any.
import { replayCheck } from '../../application/replay-check';
import { MongoProjectionStore } from '../../adapters/store/mongo-projection-store';
import { parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { watched } from '../watch';

export const REPLAY_CHECK_USAGE = `replay-check [--keep-sandbox] [--live-timeout SECONDS] [--json]
    Rebuild the read models in a sandbox database from the beginning of the Kafka history and
    compare them with the live ones. Prints every difference; exits 1 if there is any. Progress on
    stderr (count and rate); --json: progress as JSON lines and the result as JSON. Ctrl-C stops
    cleanly (the sandbox is dropped; nothing else was changed).`;

export async function replayCheckCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(
    argv,
    { 'keep-sandbox': { type: 'boolean' }, 'live-timeout': { type: 'string' }, json: { type: 'boolean' } },
    'replay-check',
  );
  const json = o.json === true;
  const timeout = o['live-timeout'] === undefined ? 60 : Number(o['live-timeout']);
  if (!Number.isFinite(timeout) || timeout < 0)
    throw new UsageError(`--live-timeout must be a number of seconds; got "${o['live-timeout']}"`);
  const sandboxName = `${ctx.config.MONGO_DB}_sandbox_${Date.now().toString(36)}`;
  const sandboxDb = (await ctx.mongo()).db(sandboxName);
  try {
    const catalog = await ctx.catalog();
    const result = await watched(
      io,
      {
        task: 'replay-check',
        unit: 'events',
        json,
        resume:
          'nothing was changed (the sandbox is dropped unless --keep-sandbox). Run `npm run ops -- replay-check` again: it starts from the beginning of the history.',
      },
      (progress) =>
        replayCheck({
          catalog,
          history: ctx.eventSource(),
          sandbox: new MongoProjectionStore(sandboxDb, 1),
          liveCatchUpTimeoutMs: timeout * 1000,
          onProgress: (n) => progress.update({ done: n, phase: `rebuilding in ${sandboxName}` }),
        }),
    );
    if (json) {
      io.out(
        `${JSON.stringify({ liveVersion: result.liveVersion, eventsRead: result.eventsRead, dossiersCompared: result.dossiersCompared, differences: result.differences, changedDuringCheck: result.changedDuringCheck, undecodable: result.undecodable, poisonSkipped: result.poisonSkipped, liveLagging: result.liveLagging })}\n`,
      );
      return result.differences.length > 0 ? 1 : 0;
    }
    for (const d of result.differences) {
      io.out(`DIFFERENT dossier ${d.dossierId}${d.dossierCode ? ` (${d.dossierCode})` : ''}\n`);
      for (const f of d.differences) io.out(`  ${f.path}: live ${f.live} | rebuilt ${f.rebuilt}\n`);
    }
    for (const id of result.changedDuringCheck) io.err(`skipped dossier ${id}: it received events while the check ran\n`);
    for (const u of result.undecodable) io.err(`undecodable message ${u}\n`);
    if (result.liveLagging) io.err(`warning: ${result.liveLagging}\n`);
    io.out(
      `replay-check of live v${result.liveVersion}: ${result.eventsRead} events, ${result.dossiersCompared} dossiers compared, ` +
        `${result.differences.length} different, ${result.changedDuringCheck.length} changed during the check, ${result.poisonSkipped} poison events skipped\n`,
    );
    return result.differences.length > 0 ? 1 : 0;
  } finally {
    if (o['keep-sandbox']) io.err(`sandbox kept in database ${sandboxName}\n`);
    else await sandboxDb.dropDatabase();
  }
}
