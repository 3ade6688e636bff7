// `dead-letters`: the messages the platform's consumers gave up on (after their bounded retries)
// sit in the dead-letter topic with where they came from and why they failed. `list` shows them;
// `replay` produces chosen ones again, unchanged, to their original topic — once the cause is
// fixed. Consumers apply events idempotently, so a replay that is not needed does no harm; the
// dead-letter topic itself is history and is never changed.
import { listDeadLetters, replayDeadLetters, TOPICS, type DeadLetter } from '@onestop/messaging';
import { checkAll, oneOf, parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { watched } from '../watch';
import { chooseDeadLetters, deadLetterJson, deadLetterTable, describeDeadLetter, type Selection } from '../dead-letter-format';

export const DEAD_LETTERS_USAGE = `dead-letters list [--topic ORIGINAL_TOPIC] [--group GROUP] [--limit N] [--format table|json]
  dead-letters replay (--all | --event-id ID ... | --dossier DOSSIER_ID ...) [--dry-run] [--json]
    list: the dead letters, oldest first: original topic[partition]@offset, consumer group, event
    id, type, dossier id, attempts, failed at, error. --topic takes a topic name or intake,
    processing, postal.
    replay: produces the chosen dead letters again to their original topic (same key, value and
    headers); an event dead-lettered more than once is replayed once. --dry-run prints what would
    be replayed. Exits 1 when an --event-id or --dossier has no dead letter. Progress on stderr (a
    bar on a terminal); --json: progress as JSON lines and the result as JSON. Ctrl-C stops after
    the dead letter being produced; running the same command again finishes (replaying is idempotent).`;

const FORMATS = ['table', 'json'] as const;
const TOPIC_ALIASES: Record<string, string> = { intake: TOPICS.intake, processing: TOPICS.processing, postal: TOPICS.postal };

export async function deadLettersCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return listCommand(rest, ctx, io);
  if (sub === 'replay') return replayCommand(rest, ctx, io);
  throw new UsageError(
    sub === undefined ? 'dead-letters: name a subcommand: list or replay' : `dead-letters: unknown subcommand "${sub}"; use list or replay`,
  );
}

async function listCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(
    argv,
    { topic: { type: 'string' }, group: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' } },
    'dead-letters list',
  );
  const [originalTopic, group, limit, format] = checkAll(
    () => topicOf(o.topic),
    () => nonEmpty(o.group, 'group'),
    () => positiveInteger(o.limit, 'limit'),
    () => oneOf(o.format, 'format', FORMATS, 'table'),
  );
  io.progress(`dead-letters: reading ${TOPICS.deadLetter}…`);
  const found = await listDeadLetters(ctx.kafka(), { originalTopic, group, limit });
  io.progressDone();
  if (format === 'json') io.out(`${JSON.stringify(found.map(deadLetterJson), null, 2)}\n`);
  else
    io.out(
      found.length > 0
        ? deadLetterTable(found)
        : `no dead letters in ${TOPICS.deadLetter}${originalTopic || group ? ' matching the filter' : ''}\n`,
    );
  return 0;
}

async function replayCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(
    argv,
    {
      all: { type: 'boolean' },
      'event-id': { type: 'string', multiple: true },
      dossier: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    'dead-letters replay',
  );
  const selection = selectionOf(o.all === true, o['event-id'], o.dossier);
  const dryRun = o['dry-run'] === true;
  const json = o.json === true;
  io.progress(`dead-letters: reading ${TOPICS.deadLetter}…`);
  const { chosen, duplicates, missing } = chooseDeadLetters(await listDeadLetters(ctx.kafka()), selection);
  io.progressDone();
  const chosenAt = new Set(chosen.map(dlqPosition));
  const replayed =
    dryRun || chosen.length === 0
      ? chosen
      : await watched(
          io,
          {
            task: 'dead-letters replay',
            unit: 'dead letters',
            json,
            resume:
              'the ones produced so far are back on their topics. Run the same `npm run ops -- dead-letters replay …` again to finish: ' +
              'consumers apply events idempotently, so the ones replayed twice do no harm.',
          },
          (progress) =>
            replayDeadLetters(ctx.kafka(), {
              filter: (dl) => chosenAt.has(dlqPosition(dl)),
              onReplayed: (_dl, done, total) => progress.update({ done, total }),
            }),
        );
  const skipped = duplicates > 0 ? ` (${duplicates} repeated dead letter(s) of the same events skipped)` : '';
  if (json) {
    io.out(`${JSON.stringify({ dryRun, replayed: replayed.map(deadLetterJson), missing, duplicatesSkipped: duplicates })}\n`);
  } else {
    for (const dl of replayed) io.out(`${dryRun ? 'would replay' : 'replayed'} ${describeDeadLetter(dl)}\n`);
    io.out(`${dryRun ? 'would replay' : 'replayed'} ${replayed.length} dead letter(s) to their original topics${skipped}\n`);
  }
  for (const what of missing) io.err(`no dead letter of ${what}\n`);
  return missing.length > 0 ? 1 : 0;
}

function dlqPosition(dl: DeadLetter): string {
  return `${dl.deadLetterPartition}@${dl.deadLetterOffset}`;
}

function selectionOf(all: boolean, eventIds: string[] | undefined, dossiers: string[] | undefined): Selection {
  const given = [all && '--all', eventIds && '--event-id', dossiers && '--dossier'].filter(Boolean);
  if (given.length !== 1) {
    const problem = given.length === 0 ? 'choose which dead letters to replay' : `${given.join(' and ')} cannot be combined; choose one`;
    throw new UsageError(`dead-letters replay: ${problem}: --all, --event-id ID ... or --dossier DOSSIER_ID ...`);
  }
  if (all) return { all: true };
  const [ids, ds] = checkAll(
    () => eventIds && eventIds.map((id) => nonEmpty(id, 'event-id') as string),
    () => dossiers && dossiers.map((d) => nonEmpty(d, 'dossier') as string),
  );
  return ids ? { eventIds: ids } : { dossierIds: ds as string[] };
}

function topicOf(value: string | undefined): string | undefined {
  const name = nonEmpty(value, 'topic');
  if (name === undefined) return undefined;
  if (TOPIC_ALIASES[name]) return TOPIC_ALIASES[name];
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(name))
    throw new UsageError(`--topic must be a topic name (letters, digits, '.', '_', '-') or intake, processing, postal; got "${name}"`);
  return name;
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`--${option} must not be empty`);
  return value.trim();
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${option} must be a whole number of at least 1; got "${value}"`);
  return Number(value);
}
