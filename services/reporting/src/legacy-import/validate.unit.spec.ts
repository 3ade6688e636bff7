import * as fs from 'node:fs';
import { examplePath, referenceData } from '../testing/legacy-import.spec';
import { readCsv, type RawRow } from './export-file';
import { validateRows, type LegacyDossier } from './validate';

function rowsOf(file: string): RawRow[] {
  const r = readCsv(fs.readFileSync(examplePath(file), 'utf8'));
  if (!('rows' in r)) throw new Error(JSON.stringify(r.problems));
  return r.rows;
}

const base = {
  code: 'TRUCNINH-200706-0001',
  procedure_code: 'CT-01',
  unit_code: 'TRUCNINH',
  channel: 'counter',
  received_at: '2020-07-06 08:15',
  due_at: '2020-07-20 08:15',
};

function one(values: Record<string, unknown>, ref = referenceData()) {
  return validateRows([{ row: 2, values: { ...base, ...values } }], ref);
}

function problemsOf(values: Record<string, unknown>) {
  const r = one(values);
  return 'problems' in r ? r.problems.map((p) => `${p.field}: ${p.message}`) : [];
}

describe('validating an export', () => {
  it('accepts the example file: ten dossiers of 2020 with their placement from the map and the catalogue', () => {
    const r = validateRows(rowsOf('legacy-export.csv'), referenceData());
    if (!('dossiers' in r)) throw new Error(JSON.stringify(r.problems, null, 2));
    expect(r.dossiers).toHaveLength(10);
    const tnmt = r.dossiers.find((d) => d.code === 'TRUCNINH-200715-0002') as LegacyDossier;
    expect(tnmt).toMatchObject({
      row: 5,
      unitCode: 'TRUCNINH',
      fieldCode: 'TNMT',
      agencyCode: 'TNMT',
      level: 'district',
      statutoryWorkingHours: 80,
      channel: 'postal',
      resultDelivery: 'post',
      receivedAt: new Date('2020-07-15T03:00:00Z'),
      dueAt: new Date('2020-07-29T03:00:00Z'),
    });
    expect(tnmt.changes.map((c) => c.status)).toEqual([
      'processing',
      'supplement_requested',
      'supplement_received',
      'result_ready',
      'result_returned',
    ]);
    expect(tnmt.changes[2].newDueAt).toEqual(new Date('2020-08-04T03:00:00Z'));
    expect(tnmt.changes[3].result).toBe('Cấp giấy chứng nhận');
    expect(tnmt.changes[4].returnMethod).toBe('post');
  });

  it('reports every bad row of the file with errors by row and field, and gives no dossier', () => {
    const r = validateRows(rowsOf('legacy-export-with-errors.csv'), referenceData());
    expect('dossiers' in r).toBe(false);
    const problems = 'problems' in r ? r.problems.map((p) => `row ${p.row}, ${p.field}: ${p.message}`) : [];
    expect(problems).toEqual([
      'row 3, channel: "fax" is not one of counter, online, postal',
      'row 4, received_at: "2020-13-07T14:00:00+07:00" is not a real date and time',
      'row 5, status_changes[2]: supplement_received without an earlier supplement_requested',
      expect.stringMatching(
        /^row 6, unit_code: unit XCOLE \(.+\) did not exist on 2020-08-03, the received date: it existed from 2025-07-01$/,
      ),
      'row 8, result_at: 2020-08-24 10:00 (UTC+7) is before received_at 2020-08-25 09:00 (UTC+7): changes must be in time order',
      'row 11, code: TRUCNINH-200921-0001 is also the code of row 10',
    ]);
  });

  it('checks the unit as it existed on the received date and the procedure rule of that date', () => {
    expect(problemsOf({ received_at: '2026-03-02 08:00', due_at: '2026-03-16 08:00' })).toEqual([
      expect.stringMatching(
        /^unit_code: unit TRUCNINH \(.*\) did not exist on 2026-03-02, the received date: it existed until 2025-07-01$/,
      ),
    ]);
    expect(
      problemsOf({ unit_code: 'TTNINHCUONG', procedure_code: 'XA-HT-02', received_at: '2017-06-01 08:00', due_at: '2017-06-02 08:00' }),
    ).toEqual([expect.stringContaining('unit_code: unit TTNINHCUONG')]);
    expect(problemsOf({ procedure_code: 'XA-HT-01' })).toEqual([
      'procedure_code: on 2020-07-06 procedure XA-HT-01 was handled at commune level, but unit TRUCNINH is district level',
    ]);
    expect(problemsOf({ unit_code: 'NOWHERE', procedure_code: 'NOPE' })).toEqual([
      expect.stringContaining('unit_code: unknown unit "NOWHERE"'),
      expect.stringContaining('procedure_code: unknown procedure "NOPE"'),
    ]);
    expect(problemsOf({ procedure_code: 'NV-01', channel: 'online' })).toEqual([
      'channel: procedure NV-01 is not received through online (catalogue: counter)',
    ]);
  });

  it('accepts a dossier of today’s map: a 2026 commune centre receiving a procedure moved to commune level', () => {
    const r = one({ code: 'XCOLE-260302-0001', unit_code: 'XCOLE', received_at: '2026-03-02 08:00', due_at: '2026-03-16 08:00' });
    expect('dossiers' in r && r.dossiers[0]).toMatchObject({ unitCode: 'XCOLE', level: 'commune', procedureCode: 'CT-01' });
  });

  it('checks required fields, times and the order of status changes, the result and its return', () => {
    expect(problemsOf({ code: '', due_at: undefined, channel: 'Online' })).toEqual(['code: is required', 'due_at: is required']);
    expect(problemsOf({ due_at: '2020-07-06 08:00' })).toEqual([
      expect.stringContaining('due_at: 2020-07-06 08:00 (UTC+7) is not after received_at'),
    ]);
    expect(problemsOf({ received_at: '2027-01-04 08:00', due_at: '2027-01-05 08:00' })).toEqual(
      expect.arrayContaining([expect.stringContaining('received_at: 2027-01-04 08:00 (UTC+7) is in the future')]),
    );
    expect(problemsOf({ status_changes: 'processing@2020-07-06 09:00; finished@2020-07-07 09:00; stopped' })).toEqual([
      'status_changes[2].status: "finished" is not one of processing, supplement_requested, supplement_received, awaiting_payment, stopped, withdrawn',
      'status_changes[3]: "stopped" is not status@time or status@time@new due time',
    ]);
    expect(problemsOf({ status_changes: 'withdrawn@2020-07-07 09:00', result_at: '2020-07-08 09:00' })).toEqual([
      'result_at: comes after the dossier was withdrawn',
    ]);
    expect(problemsOf({ status_changes: 'processing@2020-07-06 09:00@2020-07-30 08:00' })).toEqual([
      'status_changes[1].new_due_at: only a supplement_received may move the due time',
    ]);
    expect(problemsOf({ result: 'Cấp phép', returned_at: '2020-07-08 09:00' })).toEqual([
      'result: is given without result_at (when the result was ready)',
      'returned_at: is given without result_at: a result is returned after it is ready',
      'return_method: is required with returned_at (counter, post or electronic)',
    ]);
    expect(problemsOf({ result_at: '2020-07-08 09:00', returned_at: '2020-07-07 09:00', return_method: 'post' })).toEqual([
      expect.stringContaining('returned_at: 2020-07-07 09:00 (UTC+7) is before result_at'),
    ]);
  });

  it('takes JSON status changes with notes, and refuses a file without dossiers', () => {
    const r = one({
      status_changes: [
        { status: 'processing', at: '2020-07-06 09:00' },
        { status: 'stopped', at: '2020-07-08T10:00:00+07:00', note: 'Không đủ điều kiện' },
      ],
    });
    expect('dossiers' in r && r.dossiers[0].changes.map((c) => [c.status, c.note])).toEqual([
      ['processing', ''],
      ['stopped', 'Không đủ điều kiện'],
    ]);
    expect(validateRows([], referenceData())).toEqual({ problems: [{ row: 0, field: '(file)', message: 'the file holds no dossier' }] });
  });
});
