import type { DeadLetter } from '@onestop/messaging';
import { runCli } from './main';
import type { CliOutput } from './output';
import { chooseDeadLetters, deadLetterJson, deadLetterTable } from './dead-letter-format';

function captured() {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    progress: () => undefined,
    progressDone: () => undefined,
  };
  return io as CliOutput & { stdout: string; stderr: string };
}

async function usageError(...argv: string[]): Promise<string> {
  const io = captured();
  expect(await runCli(['dead-letters', ...argv], io)).toBe(2);
  expect(io.stderr).toContain('usage: onestop-reporting dead-letters list');
  return io.stderr;
}

function deadLetter(over: Partial<DeadLetter> = {}): DeadLetter {
  return {
    originalTopic: 'onestop.intake.events.v1',
    originalPartition: 3,
    originalOffset: '17',
    group: 'reporting.projection.v1',
    error: 'Error: payload does not decode',
    attempts: 5,
    failedAt: new Date('2020-08-01T01:00:00Z'),
    deadLetterTopic: 'onestop.deadletter.v1',
    deadLetterPartition: 0,
    deadLetterOffset: '0',
    key: Buffer.from('d-1'),
    value: Buffer.from([1, 2]),
    headers: {},
    eventId: 'e-1',
    eventType: 'onestop.intake.v1.DossierReceived',
    dossierId: 'd-1',
    ...over,
  };
}

describe('dead-letters arguments', () => {
  it('asks for a subcommand and names an unknown one', async () => {
    expect(await usageError()).toContain('dead-letters: name a subcommand: list or replay');
    expect(await usageError('show')).toContain('unknown subcommand "show"; use list or replay');
  });

  it('names every bad list option at once', async () => {
    const stderr = await usageError('list', '--limit', '0', '--format', 'xml', '--topic', 'no/such', '--group', ' ');
    expect(stderr).toContain('--limit must be a whole number of at least 1; got "0"');
    expect(stderr).toContain('--format must be one of table, json; got "xml"');
    expect(stderr).toContain('--topic must be a topic name');
    expect(stderr).toContain('--group must not be empty');
    expect(await usageError('list', '--limit', '2.5')).toContain('--limit must be a whole number of at least 1; got "2.5"');
    expect(await usageError('list', '--dossier', 'd-1')).toContain("dead-letters list: Unknown option '--dossier'");
  });

  it('needs exactly one replay selection', async () => {
    expect(await usageError('replay')).toContain(
      'dead-letters replay: choose which dead letters to replay: --all, --event-id ID ... or --dossier DOSSIER_ID ...',
    );
    expect(await usageError('replay', '--all', '--event-id', 'e-1')).toContain('--all and --event-id cannot be combined; choose one');
    expect(await usageError('replay', '--event-id', 'e-1', '--dossier', 'd-1', '--dry-run')).toContain(
      '--event-id and --dossier cannot be combined',
    );
    expect(await usageError('replay', '--event-id', '')).toContain('--event-id must not be empty');
    expect(await usageError('replay', '--event-id')).toContain("dead-letters replay: Option '--event-id <value>' argument missing");
  });

  it('prints its usage on --help', async () => {
    const io = captured();
    expect(await runCli(['dead-letters', 'replay', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('dead-letters replay (--all | --event-id ID ... | --dossier DOSSIER_ID ...) [--dry-run]');
  });
});

describe('choosing dead letters to replay', () => {
  const first = deadLetter();
  const again = deadLetter({ group: 'processing.intake-facts', deadLetterOffset: '1' });
  const other = deadLetter({ eventId: 'e-2', dossierId: 'd-2', originalOffset: '18', deadLetterOffset: '2' });
  const undecodable = deadLetter({
    eventId: undefined,
    eventType: undefined,
    dossierId: undefined,
    originalOffset: '19',
    deadLetterOffset: '3',
  });

  it('replays an event once, however often it was dead-lettered', () => {
    expect(chooseDeadLetters([first, again, other, undecodable], { all: true })).toEqual({
      chosen: [first, other, undecodable],
      duplicates: 1,
      missing: [],
    });
  });

  it('chooses by event id or dossier and names those without a dead letter', () => {
    expect(chooseDeadLetters([first, again, other], { eventIds: ['e-2', 'e-9'] })).toEqual({
      chosen: [other],
      duplicates: 0,
      missing: ['event e-9'],
    });
    expect(chooseDeadLetters([first, again, other], { dossierIds: ['d-1'] })).toEqual({ chosen: [first], duplicates: 1, missing: [] });
    expect(chooseDeadLetters([], { dossierIds: ['d-7'] }).missing).toEqual(['dossier d-7']);
  });

  it('prints each dead letter with where it came from and why it failed', () => {
    const table = deadLetterTable([first, deadLetter({ error: 'Error: line one\n  at frame', eventId: undefined })]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^ORIGINAL\s+GROUP\s+EVENT ID\s+TYPE\s+DOSSIER\s+ATTEMPTS\s+FAILED AT\s+ERROR$/);
    expect(lines[1]).toMatch(
      /^onestop\.intake\.events\.v1\[3\]@17\s+reporting\.projection\.v1\s+e-1\s+onestop\.intake\.v1\.DossierReceived\s+d-1\s+5\s+2020-08-01T01:00:00\.000Z\s+Error: payload does not decode$/,
    );
    expect(lines[2]).toContain(' -  ');
    expect(lines[2]).toMatch(/Error: line one at frame$/);
    expect(lines[3]).toBe('2 dead letter(s)');
    expect(deadLetterJson(first)).toMatchObject({
      originalTopic: 'onestop.intake.events.v1',
      originalPartition: 3,
      originalOffset: '17',
      eventId: 'e-1',
      attempts: 5,
      failedAt: '2020-08-01T01:00:00.000Z',
    });
  });
});
