import { runCli } from './main';
import type { CliOutput } from './output';
import { parseStoreLocation } from './commands/verify';
import { instant } from './args';

function captured() {
  const io = { stdout: '', stderr: '', out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; }, progress: () => undefined, progressDone: () => undefined };
  return io as CliOutput & { stdout: string; stderr: string };
}

describe('the operators\' CLI arguments', () => {
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
    expect(await runCli(['report', '--from', '2020-02-30', '--to', '2020-09-30', '--group', 'province', '--format', 'pdf', '--as-of', 'yesterday'], io)).toBe(2);
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
    expect(parseStoreLocation('onestop.intake=postgres://u:p@db:5432/onestop#onestop_intake')).toEqual({ source: 'onestop.intake', url: 'postgres://u:p@db:5432/onestop', schema: 'onestop_intake' });
    expect(() => parseStoreLocation('onestop.intake=mongodb://db:27017/onestop_intake')).toThrow('is not SOURCE=postgres://user@host:port/DATABASE#SCHEMA');
    expect(() => parseStoreLocation('onestop.intake=postgres://db/onestop#Bad-Schema')).toThrow('#SCHEMA');
    expect(instant('2020-09-30', 'until')).toEqual(new Date('2020-09-30T16:59:59.999Z'));
    expect(() => instant('2020-09-30T10:00:00', 'until')).toThrow('--until must be an instant with a zone');
  });
});
