// `outbox`: the commits each service's relay has still to send to Kafka. `list` counts the
// pending ones and shows the parked ones (the broker refused them for good; their stream waits
// behind them) with cause and time; `retry` clears a parked commit once its cause is fixed so the
// relay sends it again (it wakes the relays; they also poll every second).
import { outboxState, retryParked, type ParkedCommit } from '@onestop/eventstore';
import { checkAll, oneOf, parseOptions, required, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { serviceName, serviceOfSource, SERVICES, shown, storeLocations, type ServiceName, type StoreLocation } from '../stores';

export const OUTBOX_USAGE = `outbox list [--store SOURCE=PG_URL#SCHEMA]... [--format table|json]
  outbox retry --service intake|processing|postal --commit COMMIT_ID [--store SOURCE=PG_URL#SCHEMA]...
    list: per service, the commits waiting for Kafka (pending) and the parked ones — refused by
    the broker for good, with stream, versions, cause and since when; later commits of a parked
    stream wait behind it. Stores as for verify (VERIFY_STORES or the schemas on PG_URL).
    retry: clears the commit's parked mark (after fixing its cause) so the relay sends it again.
    Exits 1 if no such commit exists in that service's store or it is not parked.`;

const FORMATS = ['table', 'json'] as const;

export async function outboxCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return listCommand(rest, ctx, io);
  if (sub === 'retry') return retryCommand(rest, ctx, io);
  throw new UsageError(
    sub === undefined ? 'outbox: name a subcommand: list or retry' : `outbox: unknown subcommand "${sub}"; use list or retry`,
  );
}

/** The options of `outbox retry`, checked all at once. */
export function retryArguments(argv: string[]): { service: ServiceName; commitId: string; stores: string[] | undefined } {
  const o = parseOptions(
    argv,
    { service: { type: 'string' }, commit: { type: 'string' }, store: { type: 'string', multiple: true } },
    'outbox retry',
  );
  const [service, commitId] = checkAll(
    () => serviceName(required(o.service, 'service'), 'service'),
    () => required(o.commit, 'commit'),
  );
  return { service, commitId, stores: o.store };
}

function label(s: StoreLocation): string {
  return `${serviceOfSource(s.source) ?? s.source} (${shown(s.url)}#${s.schema})`;
}

async function listCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(argv, { store: { type: 'string', multiple: true }, format: { type: 'string' } }, 'outbox list');
  const format = oneOf(o.format, 'format', FORMATS, 'table');
  const stores = storeLocations(o.store, ctx);
  const states = [];
  for (const s of stores) {
    io.progress(`outbox: reading ${label(s)}…`);
    states.push({ store: s, state: await outboxState(ctx.pg(s.url), s.schema) });
  }
  io.progressDone();
  if (format === 'json') {
    const json = states.map(({ store, state }) => ({
      service: serviceOfSource(store.source) ?? store.source,
      schema: store.schema,
      ...state,
    }));
    io.out(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  for (const { store, state } of states) {
    const oldest = state.oldestPendingAt ? ` (oldest recorded ${state.oldestPendingAt.toISOString()})` : '';
    io.out(`${label(store)}: ${state.pending} pending${oldest}, ${state.parked.length} parked\n`);
    for (const p of state.parked) io.out(`  ${parkedLine(p)}\n`);
  }
  return 0;
}

function parkedLine(p: ParkedCommit): string {
  const versions = p.firstVersion === p.lastVersion ? `version ${p.firstVersion}` : `versions ${p.firstVersion}..${p.lastVersion}`;
  const behind = p.waitingBehind > 0 ? `, ${p.waitingBehind} later commit(s) of the stream waiting` : '';
  return `PARKED commit ${p.commitId}  stream ${p.streamId} ${versions}  since ${p.parkedAt.toISOString()}${behind}: ${p.reason}`;
}

async function retryCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const { service, commitId, stores } = retryArguments(argv);
  const store = storeLocations(stores, ctx).find((s) => s.source === SERVICES[service].source);
  if (!store) throw new UsageError(`--service ${service}: no --store (or VERIFY_STORES entry) for ${SERVICES[service].source}`);
  const result = await retryParked(ctx.pg(store.url), store.schema, commitId);
  if (result.outcome === 'unknown') {
    io.err(`no commit "${commitId}" in ${label(store)}; see outbox list\n`);
    return 1;
  }
  if (result.outcome === 'not_parked') {
    io.err(
      `commit ${commitId} in ${label(store)} is not parked (${result.published ? 'already published' : 'pending: the relay will send it'}); nothing to retry\n`,
    );
    return 1;
  }
  io.out(`retrying ${parkedLine(result.commit).replace(/^PARKED /, '')}\n`);
  io.out(`cleared the park mark in ${label(store)}; the relay sends it next (if the broker refuses it again it is parked again)\n`);
  return 0;
}
