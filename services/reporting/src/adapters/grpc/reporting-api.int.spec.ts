import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import ExcelJS from 'exceljs';
import { reporting as pb } from '@onestop/contracts';
import {
  call,
  createRpc,
  fieldViolationsOf,
  grpcClient,
  startGrpcServer,
  TokenIssuer,
  TokenVerifier,
  type Identity,
  type RunningServer,
} from '@onestop/grpc-kit';
import { silentLogger } from '@onestop/logging';
import type { LiveProjection } from '../../application/live-projection';
import { ReportingQueries } from '../../application/reporting-queries';
import { runCli } from '../../cli/main';
import type { CliOutput } from '../../cli/output';
import { dossierReceived } from '../../testing/events.spec';
import { eventually, TestPlatform } from '../../testing/platform.spec';
import { reportingRegistration } from './reporting-handlers';

jest.setTimeout(120_000);

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  while (v > 127n) {
    out.push(Number((v & 127n) | 128n));
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** The error a call that must fail rejects with; a call that answers fails the test. */
function failure(pending: Promise<unknown>): Promise<ServiceError> {
  return pending.then(
    (res) => {
      throw new Error(`expected the call to be refused, it answered ${JSON.stringify(res)}`);
    },
    (e: ServiceError) => e,
  );
}

const SECRET = 'reporting-test-secret-0123456789-0123456789';
const T = (iso: string) => new Date(iso);
const NOW = T('2020-10-15T03:00:00Z');

describe('the reporting gRPC API and CLI over a running projection', () => {
  let platform: TestPlatform;
  let projection: LiveProjection;
  let server: RunningServer;
  let client: pb.ReportingServiceClient;
  const issuer = new TokenIssuer(SECRET);
  const as = (role: Identity['role'], unitCode = 'H40') => issuer.issue({ officerId: `${role}-1`, role, unitCode });
  const received = randomUUID();
  const late = randomUUID();
  const open = randomUUID();
  const apologised = randomUUID();

  beforeAll(async () => {
    platform = await TestPlatform.start();
    const { intake, processing } = platform.producers;
    // Q3 2020: one dossier resolved early, one late, one still open and overdue at the end.
    await intake.emit(
      received,
      'DossierReceived',
      dossierReceived(received, {
        dossierCode: 'H40-200801-0001',
        receivedAt: T('2020-08-01T01:00:00Z'),
        dueAt: T('2020-08-05T10:00:00Z'),
      }),
      T('2020-08-01T01:00:00Z'),
    );
    await processing.emit(
      received,
      'ResultIssued',
      { dossierId: received, status: 9, processingEndedAt: T('2020-08-03T03:00:00Z') },
      T('2020-08-03T03:00:00Z'),
    );
    await intake.emit(
      late,
      'DossierReceived',
      dossierReceived(late, {
        dossierCode: 'H40-200802-0001',
        channel: 2,
        fieldCode: 'NV',
        receivedAt: T('2020-08-02T01:00:00Z'),
        dueAt: T('2020-08-04T10:00:00Z'),
      }),
      T('2020-08-02T01:00:00Z'),
    );
    await processing.emit(
      late,
      'ResultIssued',
      { dossierId: late, status: 9, processingEndedAt: T('2020-08-06T03:00:00Z') },
      T('2020-08-06T03:00:00Z'),
    );
    await intake.emit(
      open,
      'DossierReceived',
      dossierReceived(open, {
        dossierCode: 'H40-200903-0001',
        channel: 3,
        receivedAt: T('2020-09-03T01:00:00Z'),
        dueAt: T('2020-09-07T10:00:00Z'),
      }),
      T('2020-09-03T01:00:00Z'),
    );
    // October: an apology (Form 04) moves the date told to the citizen from the 5th to the 9th; the
    // result on the 7th is early by processing's own reckoning, late in the official figures.
    await intake.emit(
      apologised,
      'DossierReceived',
      dossierReceived(apologised, {
        dossierCode: 'H40-201001-0001',
        receivedAt: T('2020-10-01T01:00:00Z'),
        dueAt: T('2020-10-05T10:00:00Z'),
      }),
      T('2020-10-01T01:00:00Z'),
    );
    await processing.emit(
      apologised,
      'ApologyIssued',
      {
        dossierId: apologised,
        reason: 'verification takes longer',
        previousDueAt: T('2020-10-05T10:00:00Z'),
        newDueAt: T('2020-10-09T10:00:00Z'),
        issuedAt: T('2020-10-02T03:00:00Z'),
      },
      T('2020-10-02T03:00:00Z'),
    );
    await processing.emit(
      apologised,
      'ResultIssued',
      { dossierId: apologised, status: 9, processingEndedAt: T('2020-10-07T03:00:00Z'), dueAt: T('2020-10-09T10:00:00Z'), timeliness: 1 },
      T('2020-10-07T03:00:00Z'),
    );

    projection = await platform.liveProjection();
    await eventually(
      'every dossier projected',
      async () =>
        (await projection.store().getView(late))?.status === 9 &&
        !!(await projection.store().getView(open)) &&
        (await projection.store().getView(received))?.status === 9 &&
        (await projection.store().getView(apologised))?.status === 9,
    );

    const queries = new ReportingQueries({ store: () => projection.store(), workingHours: () => 8, clock: () => NOW });
    const registration = reportingRegistration(
      {
        queries,
        clock: () => NOW,
        reportingBody: 'UBND huyện Trực Ninh',
        districtUnitCode: 'TRUCNINH',
        projectionStatus: async () => ({
          pointer: await platform.catalog().pointer(),
          progress: await platform.eventSource().progress((await platform.catalog().pointer()).liveGroup),
        }),
      },
      createRpc({ verifier: new TokenVerifier(SECRET), logger: silentLogger() }),
    );
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [registration], logger: silentLogger() });
    client = grpcClient(pb.ReportingServiceClient, `127.0.0.1:${server.port}`);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await projection?.stop();
    await platform?.stop();
  });

  const q3 = { fromDate: '2020-07-01', toDate: '2020-09-30' };

  it('serves Biểu II.06a by field with totals', async () => {
    const res = await call(
      client.getOfficialReport.bind(client),
      { period: q3, grouping: pb.ReportGrouping.REPORT_GROUPING_FIELD, asOf: undefined },
      { token: await as('leader') },
    );
    const report = res.report as pb.OfficialReport;
    expect(report.rows.map((r) => [r.key, r.label])).toEqual([
      ['NV', 'Nội vụ'],
      ['TP', 'Tư pháp'],
    ]);
    expect(report.total).toMatchObject({
      received: 3,
      online: 1,
      counterOrPostal: 2,
      carriedOver: 0,
      resolved: 2,
      early: 1,
      late: 1,
      inProgress: 1,
      overdue: 1,
    });
  });

  it('answers as of a past instant', async () => {
    const res = await call(
      client.getOfficialReport.bind(client),
      { period: q3, grouping: pb.ReportGrouping.REPORT_GROUPING_LEVEL, asOf: T('2020-08-04T00:00:00Z') },
      { token: await as('auditor') },
    );
    expect(res.report?.total).toMatchObject({ received: 2, resolved: 1, inProgress: 1, overdue: 0 });
    expect(res.report?.asOf).toEqual(T('2020-08-04T00:00:00Z'));
  });

  it('rejects a bad period naming the field, and a caller without the role', async () => {
    const token = await as('leader');
    await expect(
      call(
        client.getOfficialReport.bind(client),
        { period: { fromDate: '2020-09-31', toDate: '2020-09-01' }, grouping: 0, asOf: undefined },
        { token },
      ),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('period.from_date') });
    await expect(
      call(client.getOfficialReport.bind(client), { period: q3, grouping: 0, asOf: undefined }, { token: await as('desk_officer') }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('lets a citizen look a dossier up by code and ID number only', async () => {
    const token = await as('citizen_portal');
    const res = await call(client.lookupDossier.bind(client), { dossierCode: 'H40-200801-0001', idNumber: '036090001234' }, { token });
    expect(res.dossier).toMatchObject({ dossierCode: 'H40-200801-0001', status: 9, appointedAt: T('2020-08-05T10:00:00Z') });
    expect(res.dossier?.timeline.map((t) => t.status)).toEqual([2, 9]);
    expect(JSON.stringify(res)).not.toMatch(/Nguyễn|036090001234|officer/);
    await expect(
      call(client.lookupDossier.bind(client), { dossierCode: 'H40-200801-0001', idNumber: '000000000000' }, { token }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('lists the open and overdue dossiers of a unit and the register (Form 06)', async () => {
    const token = await as('desk_officer');
    const queue = await call(client.listWorkQueue.bind(client), { unitCode: 'H40', agencyCode: '', limit: 0 }, { token });
    expect(queue.items.map((i) => [i.dossierId, i.overdue])).toEqual([[open, true]]);
    const overdue = await call(client.listOverdueDossiers.bind(client), { unitCode: 'H40', agencyCode: '', limit: 0 }, { token });
    expect(overdue.items.map((i) => i.dossierCode)).toEqual(['H40-200903-0001']);
    const register = await call(
      client.getDossierRegister.bind(client),
      { unitCode: 'H40', agencyCode: '', period: { fromDate: '2020-08-01', toDate: '2020-08-31' } },
      { token },
    );
    expect(register.rows.map((r) => [r.no, r.dossierCode])).toEqual([
      [1, 'H40-200801-0001'],
      [2, 'H40-200802-0001'],
    ]);
    // the register follows the work-queue rule: another unit's desk officer may not read it
    await expect(
      call(
        client.getDossierRegister.bind(client),
        { unitCode: 'H40', agencyCode: '', period: { fromDate: '2020-08-01', toDate: '2020-08-31' } },
        { token: await as('desk_officer', 'X01') },
      ),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(
      call(client.listWorkQueue.bind(client), { unitCode: '', agencyCode: '', limit: 0 }, { token: await as('auditor') }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('unit_code') });
  });

  it("lists work only of the caller's own unit or agency, any for oversight and the district's leaders", async () => {
    const queue = async (token: string, unitCode: string, agencyCode = '') =>
      (await call(client.listWorkQueue.bind(client), { unitCode, agencyCode, limit: 0 }, { token })).items.map((i) => i.dossierId);
    const overdue = async (token: string, unitCode: string, agencyCode = '') =>
      (await call(client.listOverdueDossiers.bind(client), { unitCode, agencyCode, limit: 0 }, { token })).items.map((i) => i.dossierId);
    const denied = { code: status.PERMISSION_DENIED };
    // A desk officer: their own unit, by default too; another unit is refused.
    expect(await queue(await as('desk_officer'), '')).toEqual([open]);
    expect(await overdue(await as('desk_officer'), '', 'STP')).toEqual([open]);
    await expect(queue(await as('desk_officer', 'X07'), 'H40')).rejects.toMatchObject({
      ...denied,
      details: expect.stringContaining('desk officer of X07 lists the dossiers of unit X07 only'),
    });
    await expect(overdue(await as('desk_officer', 'X07'), 'H40')).rejects.toMatchObject(denied);
    expect(await queue(await as('desk_officer', 'X07'), '')).toEqual([]);
    // An agency officer: their own agency (STP handles every dossier here); another agency is refused.
    expect(await queue(await as('specialist', 'STP'), '')).toEqual([open]);
    expect(await overdue(await as('specialist', 'STP'), 'H40', 'STP')).toEqual([open]);
    await expect(queue(await as('specialist', 'TNMT'), '', 'STP')).rejects.toMatchObject(denied);
    expect(await overdue(await as('specialist', 'TNMT'), 'H40')).toEqual([]); // H40's dossiers of TNMT only: none
    // An agency's or a commune's leader: their own; the district's leaders and oversight: any.
    expect(await queue(await as('leader', 'STP'), '')).toEqual([open]);
    expect(await overdue(await as('leader', 'H40'), 'H40')).toEqual([open]);
    await expect(overdue(await as('leader', 'TNMT'), 'H40')).rejects.toMatchObject({
      ...denied,
      details: expect.stringContaining('leader of TNMT'),
    });
    expect(await overdue(await as('leader', 'TRUCNINH'), 'H40')).toEqual([open]);
    expect(await queue(await as('auditor', 'UBND'), '', 'STP')).toEqual([open]);
    expect(await overdue(await as('it_admin', 'IT'), 'H40')).toEqual([open]);
    await expect(queue(await as('citizen_portal'), 'H40')).rejects.toMatchObject(denied);
  });

  it('exports the form as an XLSX workbook', async () => {
    const res = await call(
      client.exportOfficialReport.bind(client),
      { period: q3, grouping: 0, format: pb.ExportFormat.EXPORT_FORMAT_XLSX, asOf: undefined, reportingBody: '' },
      { token: await as('leader') },
    );
    expect(res.fileName).toBe('bieu-II.06a_2020-07-01_2020-09-30_field.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.content as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Biểu II.06a') as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('Đơn vị báo cáo: UBND huyện Trực Ninh');
    expect(ws.getCell(12, 3).value).toBe(3);
  });

  it('serves the period statistics and the dossier with its Form 05 timeline', async () => {
    const token = await as('leader');
    const stats = await call(client.getPeriodStatistics.bind(client), { period: q3, asOf: undefined }, { token });
    expect(stats.statistics?.channels.map((c) => [c.channel, c.received])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(stats.statistics).toMatchObject({ resolved: 2, onTimeRate: 0.5, hasOnTimeRate: true });
    const dossier = await call(
      client.getDossier.bind(client),
      { key: { $case: 'dossierCode', dossierCode: 'H40-200802-0001' } },
      { token },
    );
    expect(dossier.dossier).toMatchObject({ dossierId: late, status: 9, outcome: 'late', endKind: 'result' });
    const before = await call(
      client.getDossierAsOf.bind(client),
      { key: { $case: 'dossierId', dossierId: late }, asOf: T('2020-08-05T00:00:00Z') },
      { token },
    );
    expect(before.dossier).toMatchObject({ status: 2, outcome: '', endKind: '' });
    await expect(
      call(client.getDossierAsOf.bind(client), { key: { $case: 'dossierId', dossierId: late }, asOf: undefined }, { token }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('as_of') });
  });

  it("shows the appointed time set at receipt and the apology's new date, judging lateness by the first", async () => {
    const token = await as('leader');
    const res = await call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId: apologised } }, { token });
    expect(res.dossier).toMatchObject({
      dueAt: T('2020-10-05T10:00:00Z'),
      appointedAt: T('2020-10-09T10:00:00Z'),
      apologised: true,
      outcome: 'late',
      apologies: [{ at: T('2020-10-02T03:00:00Z'), newDueAt: T('2020-10-09T10:00:00Z'), reason: 'verification takes longer' }],
    });
    const october = await call(
      client.getOfficialReport.bind(client),
      { period: { fromDate: '2020-10-01', toDate: '2020-10-31' }, grouping: 0, asOf: undefined },
      { token },
    );
    expect(october.report?.total).toMatchObject({ received: 2, carriedOver: 1, resolved: 1, early: 0, onTime: 0, late: 1 }); // the open one carried over
  });

  it('prints the report from the CLI as CSV and writes XLSX', async () => {
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
    } satisfies CliOutput & Record<string, unknown>;
    const env = { ...process.env, MONGO_DB: platform.reportingDb.databaseName };
    expect(await runCli(['report', '--from', '2020-07-01', '--to', '2020-09-30', '--group', 'field', '--format', 'csv'], io, env)).toBe(0);
    const lines = io.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.slice(1)).toEqual([
      '1,Nội vụ,NV,1,1,0,0,1,0,0,1,0,0,0,0,0,0,0',
      '2,Tư pháp,TP,2,0,2,0,1,1,0,0,1,0,1,0,0,0,0',
      ',Tổng cộng (total),,3,1,2,0,2,1,0,1,1,0,1,0,0,0,0',
    ]);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'rep-')), 'q3.xlsx');
    expect(await runCli(['report', '--from', '2020-07-01', '--to', '2020-09-30', '--format', 'xlsx', '--out', out], io, env)).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(await runCli(['report', '--from', '2020-07-01', '--format', 'xlsx'], io, env)).toBe(2);
    expect(io.stderr).toContain('--to is required');
  });

  it('issue 15 §1: reads a dossier only under the same unit rule as intake — by id, by code and as of', async () => {
    const other = await as('desk_officer', 'X07');
    const denied = { code: status.PERMISSION_DENIED };
    await expect(
      call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId: late } }, { token: other }),
    ).rejects.toMatchObject(denied);
    await expect(
      call(client.getDossier.bind(client), { key: { $case: 'dossierCode', dossierCode: 'H40-200802-0001' } }, { token: other }),
    ).rejects.toMatchObject(denied);
    await expect(
      call(
        client.getDossierAsOf.bind(client),
        { key: { $case: 'dossierId', dossierId: late }, asOf: T('2020-08-05T00:00:00Z') },
        { token: other },
      ),
    ).rejects.toMatchObject(denied);
    // the dossier's own desk, agencies' staff and oversight still read it
    for (const token of [await as('desk_officer', 'H40'), await as('specialist', 'TNMT'), await as('auditor', 'UBND')]) {
      const res = await call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId: late } }, { token });
      expect(res.dossier?.dossierId).toBe(late);
    }
  });

  it('issue 15 §6/§7: an as_of outside the sane window is INVALID_ARGUMENT naming as_of, not INTERNAL', async () => {
    const token = await as('leader');
    const err = await call(
      client.getDossierAsOf.bind(client),
      { key: { $case: 'dossierId', dossierId: late }, asOf: T('1900-01-01T00:00:00Z') },
      { token },
    ).catch((e) => e);
    expect(err).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('as_of') });
    // as_of = 1e13 s cannot even be a JavaScript date: sent as raw protobuf
    const raw = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    const timestamp = Buffer.from([0x08, ...varint(1e13)]);
    const bytes = Buffer.concat([Buffer.from([0x0a, late.length]), Buffer.from(late), Buffer.from([0x1a, timestamp.length]), timestamp]);
    const rawErr = await new Promise<ServiceError>((resolve) =>
      raw.makeUnaryRequest(
        '/onestop.reporting.v1.ReportingService/GetDossierAsOf',
        (b: Buffer) => b,
        (b: Buffer) => b,
        bytes,
        md,
        (e) => resolve(e as ServiceError),
      ),
    );
    raw.close();
    expect(rawErr.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(rawErr).map((v) => v.field)).toEqual(['as_of']);
  });

  it('issue 15 §13: throttles the citizen lookup per dossier code and per client, with a retry-after', async () => {
    const portal = await issuer.issue({ officerId: 'portal-brute', role: 'citizen_portal', unitCode: 'PORTAL' });
    const guesses: number[] = [];
    let exhausted: ServiceError | undefined;
    for (let i = 0; i < 20 && !exhausted; i++) {
      const err = await failure(
        call(client.lookupDossier.bind(client), { dossierCode: 'H40-200903-0001', idNumber: String(100000000000 + i) }, { token: portal }),
      );
      if (err.code === status.RESOURCE_EXHAUSTED) exhausted = err;
      else guesses.push(err.code);
    }
    expect(guesses).toEqual([status.NOT_FOUND, status.NOT_FOUND, status.NOT_FOUND, status.NOT_FOUND, status.NOT_FOUND]);
    expect(exhausted?.details).toMatch(/retry after \d+ s/);
    expect(Number(exhausted?.metadata.get('retry-after')[0])).toBeGreaterThan(0);
    // while the code is locked, even the right ID number waits — from another client too
    const other = await issuer.issue({ officerId: 'portal-other', role: 'citizen_portal', unitCode: 'PORTAL' });
    await expect(
      call(client.lookupDossier.bind(client), { dossierCode: 'H40-200903-0001', idNumber: '036090001234' }, { token: other }),
    ).rejects.toMatchObject({ code: status.RESOURCE_EXHAUSTED });
    // per client: 30 lookups a minute, whatever the codes
    const busy = await issuer.issue({ officerId: 'portal-busy', role: 'citizen_portal', unitCode: 'PORTAL' });
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      codes.push(
        await call(client.lookupDossier.bind(client), { dossierCode: 'H40-201001-0001', idNumber: '036090001234' }, { token: busy }).then(
          () => status.OK,
          (e: ServiceError) => e.code,
        ),
      );
    }
    expect(codes.slice(0, 30).every((c) => c === status.OK)).toBe(true);
    expect(codes[30]).toBe(status.RESOURCE_EXHAUSTED);
  });
});
