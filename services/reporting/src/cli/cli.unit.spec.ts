import { runCli } from './main';
import type { CliOutput } from './output';
import { parseStoreLocation } from './commands/verify';
import { instant } from './args';
import { migrationPlan } from './commands/migrate-events';
import { retryArguments } from './commands/outbox';
import { duration } from './stores';

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

describe("the operators' CLI arguments", () => {
  it('prints the usage and exits 2 without a command, 0 on help', async () => {
    const io = captured();
    expect(await runCli([], io)).toBe(2);
    expect(io.stdout).toContain('usage: onestop-reporting <command>');
    expect(await runCli(['report', '--help'], captured())).toBe(0);
  });

  it('names an unknown command and option', async () => {
    const io = captured();
    expect(await runCli(['reprot'], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "reprot"');
    const io2 = captured();
    expect(await runCli(['report', '--from', '2020-01-01', '--to', '2020-09-30', '--grup', 'field'], io2)).toBe(2);
    expect(io2.stderr).toContain("Unknown option '--grup'");
  });

  it('lists every bad report argument at once', async () => {
    const io = captured();
    expect(
      await runCli(
        ['report', '--from', '2020-02-30', '--to', '2020-09-30', '--group', 'province', '--format', 'pdf', '--as-of', 'yesterday'],
        io,
      ),
    ).toBe(2);
    expect(io.stderr).toContain('--from: "2020-02-30" is not a date YYYY-MM-DD');
    expect(io.stderr).toContain('--group must be one of field, agency, unit, level, procedure; got "province"');
    expect(io.stderr).toContain('--format must be one of table, csv, xlsx, json; got "pdf"');
    expect(io.stderr).toContain('--as-of must be an instant with a zone');
  });

  it('names a bad setting from the environment', async () => {
    const io = captured();
    expect(await runCli(['report', '--from', '2020-01-01', '--to', '2020-09-30'], io, { MONGO_URL: 'postgres://x' })).toBe(2);
    expect(io.stderr).toContain('MONGO_URL');
  });

  it('reads store locations and instants', () => {
    expect(parseStoreLocation('onestop.intake=postgres://u:p@db:5432/onestop#onestop_intake')).toEqual({
      source: 'onestop.intake',
      url: 'postgres://u:p@db:5432/onestop',
      schema: 'onestop_intake',
    });
    expect(() => parseStoreLocation('onestop.intake=mongodb://db:27017/onestop_intake')).toThrow(
      'is not SOURCE=postgres://user@host:port/DATABASE#SCHEMA',
    );
    expect(() => parseStoreLocation('onestop.intake=postgres://db/onestop#Bad-Schema')).toThrow('#SCHEMA');
    expect(instant('2020-09-30', 'until')).toEqual(new Date('2020-09-30T16:59:59.999Z'));
    expect(() => instant('2020-09-30T10:00:00', 'until')).toThrow('--until must be an instant with a zone');
  });

  it('plans a migration from the defaults or from --from / --to, naming every mistake', () => {
    const defaults = { mongoUrl: 'mongodb://127.0.0.1:27017/', pgUrl: 'postgres://postgres@127.0.0.1:5433/postgres' };
    const now = new Date('2026-11-29T08:00:00Z');
    expect(migrationPlan([], defaults, now)).toEqual({
      services: [
        {
          service: 'intake',
          from: { url: defaults.mongoUrl, database: 'onestop_intake', collection: 'events' },
          to: { url: defaults.pgUrl, schema: 'onestop_intake' },
        },
        {
          service: 'processing',
          from: { url: defaults.mongoUrl, database: 'onestop_processing', collection: 'events' },
          to: { url: defaults.pgUrl, schema: 'onestop_processing' },
        },
        {
          service: 'postal',
          from: { url: defaults.mongoUrl, database: 'onestop_postal', collection: 'events' },
          to: { url: defaults.pgUrl, schema: 'onestop_postal' },
        },
      ],
      batchSize: 500,
      until: now,
      dryRun: false,
    });
    const plan = migrationPlan(
      [
        '--service',
        'postal',
        '--from',
        'postal=mongodb://u:p@old:27017/legacy_postal?authSource=admin#commits',
        '--to',
        'postal=postgres://pg/onestop#postal_es',
        '--batch',
        '50',
        '--dry-run',
      ],
      defaults,
      now,
    );
    expect(plan).toMatchObject({ batchSize: 50, dryRun: true });
    expect(plan.services).toEqual([
      {
        service: 'postal',
        from: { url: 'mongodb://u:p@old:27017/legacy_postal?authSource=admin', database: 'legacy_postal', collection: 'commits' },
        to: { service: 'postal', url: 'postgres://pg/onestop', schema: 'postal_es' },
      },
    ]);
    const bad = () =>
      migrationPlan(
        [
          '--service',
          'delivery',
          '--from',
          'intake=mongodb://old:27017',
          '--to',
          'intake=postgres://pg/db#Bad',
          '--batch',
          '0',
          '--until',
          'today',
        ],
        defaults,
        now,
      );
    expect(bad).toThrow('--service must be one of intake, processing, postal; got "delivery"');
    expect(bad).toThrow('--from "intake=mongodb://old:27017" is not SERVICE=mongodb://host:port/DATABASE[#COLLECTION]');
    expect(bad).toThrow('--to "intake=postgres://pg/db#Bad" is not SERVICE=postgres://user@host:port/DATABASE#SCHEMA');
    expect(bad).toThrow('--batch must be a whole number from 1 to 10000; got "0"');
    expect(bad).toThrow('--until must be an instant with a zone');
    expect(() => migrationPlan(['--service', 'intake', '--to', 'postal=postgres://pg/db#p'], defaults, now)).toThrow(
      '--to names postal, which --service leaves out',
    );
    expect(() => migrationPlan(['--from', 'intake=mongodb://a/x', '--from', 'intake=mongodb://b/y'], defaults, now)).toThrow(
      '--from names intake twice',
    );
  });

  it('reads outbox retry and verify grace arguments', async () => {
    expect(retryArguments(['--service', 'intake', '--commit', 'd-1:3'])).toEqual({
      service: 'intake',
      commitId: 'd-1:3',
      stores: undefined,
    });
    expect(() => retryArguments(['--commit', 'd-1:3'])).toThrow('--service is required');
    expect(() => retryArguments(['--service', 'reporting'])).toThrow(
      /--service must be one of intake, processing, postal; got "reporting".*--commit is required/,
    );
    const io = captured();
    expect(await runCli(['outbox', 'resend'], io)).toBe(2);
    expect(io.stderr).toContain('outbox: unknown subcommand "resend"; use list or retry');
    expect(duration('90s', 'unpublished-grace', 1)).toBe(90_000);
    expect(duration('2h', 'unpublished-grace', 1)).toBe(7_200_000);
    expect(duration(undefined, 'unpublished-grace', 600_000)).toBe(600_000);
    expect(() => duration('10 minutes', 'unpublished-grace', 1)).toThrow(
      '--unpublished-grace must be a duration like 90s, 10m, 1h or 2d; got "10 minutes"',
    );
    const io2 = captured();
    expect(await runCli(['verify', '--unpublished-grace', 'soon', '--expect-digest', 'x'], io2)).toBe(2);
    expect(io2.stderr).toContain('--expect-digest must be 64 lowercase hex digits; --unpublished-grace must be a duration');
  });
});
