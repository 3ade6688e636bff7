import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_2020, DEMO_ACCOUNTS_TODAY, demoAccountLines } from './demo-accounts';

// The units a demo account names must exist on the map it is offered for, or a new user signing in
// with it is refused at the first step (as motcua01 at TRUCNINH is on today's map).
interface Dated {
  code: string;
  validFrom?: string;
  validUntil?: string;
}
const data = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../intake/data/units.json'), 'utf8')) as {
  units: Dated[];
  agencies: Dated[];
};
const byCode = new Map([...data.units, ...data.agencies].map((u) => [u.code, u]));
const existsOn = (code: string, day: string) => {
  const u = byCode.get(code);
  return Boolean(u) && (!u!.validFrom || u!.validFrom <= day) && (!u!.validUntil || day < u!.validUntil);
};
const TODAY = new Date().toISOString().slice(0, 10);

describe('demo accounts', () => {
  it('offers today’s accounts at units that exist today', () => {
    expect(DEMO_ACCOUNTS_TODAY.filter((a) => !existsOn(a.unitCode, TODAY)).map((a) => a.unitCode)).toEqual([]);
  });

  it('offers the 2020 accounts at units that existed on 1 June 2020 and no longer exist', () => {
    expect(DEMO_ACCOUNTS_2020.filter((a) => !existsOn(a.unitCode, '2020-06-01')).map((a) => a.unitCode)).toEqual([]);
    expect(DEMO_ACCOUNTS_2020.filter((a) => existsOn(a.unitCode, TODAY)).map((a) => a.unitCode)).toEqual([]);
  });

  it('has today’s desk officer, specialist, leader and postal worker, with unique user names', () => {
    expect(new Set(DEMO_ACCOUNTS_TODAY.map((a) => a.role))).toEqual(new Set(['desk_officer', 'specialist', 'leader', 'postal_worker']));
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.username)).size).toBe(DEMO_ACCOUNTS.length);
  });

  it('prints today’s accounts first and labels the 2020 ones as history', () => {
    const lines = demoAccountLines();
    const at = (user: string) => lines.findIndex((l) => l.trimStart().startsWith(`${user} `));
    const history = lines.findIndex((l) => l.includes('History'));
    expect(at('motcua.cole')).toBe(1);
    expect(lines[1]).toContain('motcua-cole-demo-2026');
    expect(history).toBeGreaterThan(at('lanhdao.cole'));
    expect(at('motcua01')).toBeGreaterThan(history);
    expect(lines[history]).toContain('MAP_AS_OF=2020-06-01');
  });
});
