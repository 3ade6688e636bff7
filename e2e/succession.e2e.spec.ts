// Issue 12's first "done when", through the running platform: a dossier received in 2020 at Trực
// Đại commune (merged into Minh Thái commune on 1 July 2025, Resolution 1674/NQ-UBTVQH15) is left
// open; the services are stopped and started again on a 2026 clock, where Minh Thái's desk officer
// reads it and Minh Thái's officers finish it (steps, result, return at the counter); reporting then
// counts it as received in 2020 under Trực Đại, and as resolved in a period crossing 1 July 2025 —
// under Trực Đại as it was, or rolled up to Minh Thái.
//
// The clock: every service follows one simulated clock (CLOCK_MODE=simulated, the development-only
// switch the demo and the scale-out suite use), set to 2020 and then moved to 2026. Intake reads the
// map at the moment of each act (MAP_AS_OF unset), so the 2020 desk exists in 2020 and not in 2026.
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { common, reporting } from '@onestop/contracts';
import { startClockServer, type ClockServer } from '@onestop/runtime';
import { call, intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { applicant, marriage, requestId } from './support/fixtures';
import { createPlatform, type Platform, type ServiceName } from './support/platform';
import { waitFor } from './support/wait';
import { direct, returnAtCounter, waitForCase, waitForDeskStatus, walkThroughAgency } from './support/walk';
import { grpcCodeOf } from '@onestop/test-support';

jest.setTimeout(420_000);
const NationalStatus = common.NationalStatus;
const { ReportGrouping, UnitView } = reporting;

/** Monday 5 October 2020, 09:00 in Vietnam; Monday 2 March 2026, 09:00 in Vietnam. */
const IN_2020 = new Date('2020-10-05T09:00:00+07:00');
const IN_2026 = new Date('2026-03-02T09:00:00+07:00');
const SERVICES: ServiceName[] = ['intake', 'processing', 'reporting'];

describe('a 2020 dossier of a commune that merged, finished in 2026 by its successor', () => {
  let platform: Platform;
  let clock: ClockServer;
  let desk: ReturnType<typeof intakeClient>;
  let agency: ReturnType<typeof processingClient>;
  let reports: ReturnType<typeof reportingClient>;

  const closeClients = () => {
    for (const c of [desk, agency, reports]) c?.close();
  };
  /** Starts intake, processing and reporting on the simulated clock, and clients of them. */
  async function startServices(): Promise<void> {
    const clockEnv: NodeJS.ProcessEnv = {
      CLOCK_MODE: 'simulated',
      ONESTOP_SIMULATION: '1',
      SIM_CLOCK_URL: `http://127.0.0.1:${clock.port}`,
      // the map of the moment of each act (the harness pins the 2020 map by default)
      MAP_AS_OF: undefined,
    };
    await Promise.all(SERVICES.map((name) => platform.start(name, clockEnv)));
    desk = intakeClient(platform.address('intake'));
    agency = processingClient(platform.address('processing'));
    reports = reportingClient(platform.address('reporting'));
  }

  beforeAll(async () => {
    platform = await createPlatform();
    clock = await startClockServer({ start: IN_2020 });
    await startServices();
  });

  afterAll(async () => {
    closeClients();
    await platform?.stopAll();
    await clock?.close();
  });

  it('is read by the successor desk, worked on by its officers and counted in the 2020 and the 2025–2026 reports', async () => {
    // ---- 2020: received at Trực Đại's desk; Phòng Tư pháp of Trực Ninh district opens the case and assigns it.
    const trucDaiDesk = await tokenFor({ officerId: 'td-desk', role: 'desk_officer', unitCode: 'XTRUCDAI' });
    const districtLeader = await tokenFor({ officerId: 'tp-leader', role: 'leader', unitCode: 'TUPHAP' });
    const minhThaiDesk = await tokenFor({ officerId: 'mt-desk', role: 'desk_officer', unitCode: 'XMINHTHAI' });
    const coLeDesk = await tokenFor({ officerId: 'cl-desk', role: 'desk_officer', unitCode: 'XCOLE' });
    const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'NINHBINH' });

    const submitted = await call(
      desk.submitDossier.bind(desk),
      marriage('XTRUCDAI', { requestId: requestId('submit'), applicant: applicant(7) }),
      { token: trucDaiDesk },
    );
    const received = submitted.outcome?.$case === 'received' ? submitted.outcome.received : undefined;
    expect(received).toBeDefined();
    const dossierId = received!.dossierId;
    expect(received!.dossierCode).toMatch(/^XTRUCDAI-201005-/);

    // The same day a citizen files another dossier online at Trực Đại; no desk receives it in 2020.
    const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
    const filedOnline = await call(
      desk.submitDossier.bind(desk),
      marriage('XTRUCDAI', { requestId: requestId('online-2020'), channel: common.Channel.CHANNEL_ONLINE, applicant: applicant(9) }),
      { token: portal },
    );
    const onlineId = filedOnline.outcome?.$case === 'submittedOnline' ? filedOnline.outcome.submittedOnline.dossierId : '';
    expect(onlineId).not.toBe('');
    const onlineQueue = async (token: string) =>
      (await call(desk.listOnlineQueue.bind(desk), { unitCode: '', page: undefined }, { token })).dossiers.map((d) => d.dossierId);
    await waitFor("Trực Đại's online queue to list it", async () =>
      (await onlineQueue(trucDaiDesk)).includes(onlineId) ? true : undefined,
    );

    const opened = await waitForCase(agency, dossierId, districtLeader);
    expect(opened.agencyCode).toBe('TUPHAP');
    await call(
      agency.assignOfficer.bind(agency),
      { requestId: requestId('assign-2020'), dossierId, officerId: 'tp-cv01', note: '', expectedVersion: 0 },
      { token: districtLeader },
    );
    await waitForDeskStatus(desk, dossierId, trucDaiDesk, NationalStatus.NATIONAL_STATUS_PROCESSING);
    // On the 2020 map Minh Thái does not exist: its desk reads nothing of Trực Đại.
    expect(await grpcCodeOf(call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: minhThaiDesk }))).toBe(
      Status.PERMISSION_DENIED,
    );
    await waitFor('reporting to project the 2020 dossier', async () => {
      const v = await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: auditor }).catch(
        () => undefined,
      );
      return v?.dossier?.status === NationalStatus.NATIONAL_STATUS_PROCESSING ? v.dossier : undefined;
    });

    // ---- Left open. The services stop; the clock moves to 2026; the services start again.
    closeClients();
    await Promise.all(SERVICES.map((name) => platform.stop(name)));
    await clock.advance(IN_2026);
    await startServices();

    // Trực Đại's desk is gone: a receipt there is refused, naming Minh Thái.
    const refusal = await call(
      desk.submitDossier.bind(desk),
      marriage('XTRUCDAI', { requestId: requestId('submit-2026'), applicant: applicant(8), documents: [] }),
      { token: trucDaiDesk },
    ).catch((err: ServiceError) => err);
    expect(refusal).toMatchObject({ code: Status.FAILED_PRECONDITION });
    expect((refusal as ServiceError).details).toMatch(/XMINHTHAI/);

    // Minh Thái's desk officer (a desk, not the department's specialist) reads its predecessor's open dossier …
    const deskView = (
      await call(desk.getDossier.bind(desk), { key: { $case: 'dossierCode', dossierCode: received!.dossierCode } }, { token: minhThaiDesk })
    ).dossier;
    expect(deskView).toMatchObject({ dossierId, unitCode: 'XTRUCDAI', status: NationalStatus.NATIONAL_STATUS_PROCESSING });
    const readView = (await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: minhThaiDesk }))
      .dossier;
    expect(readView).toMatchObject({ dossierId, unitCode: 'XTRUCDAI' });
    const queue = await call(
      reports.listWorkQueue.bind(reports),
      { unitCode: 'XTRUCDAI', agencyCode: '', limit: 0 },
      { token: minhThaiDesk },
    );
    expect(queue.items.map((i) => i.dossierId)).toEqual([dossierId]);
    // With no unit named, the successor desk's worklists are its own unit's and its predecessors' (one query).
    const noUnit = { unitCode: '', agencyCode: '', limit: 0 };
    const ownQueue = await call(reports.listWorkQueue.bind(reports), noUnit, { token: minhThaiDesk });
    expect(ownQueue.items.map((i) => i.dossierId)).toEqual([dossierId]);
    const ownOverdue = await call(reports.listOverdueDossiers.bind(reports), noUnit, { token: minhThaiDesk });
    expect(ownOverdue.items.map((i) => i.dossierId)).toEqual([dossierId]);
    // … and the desk of a commune that does not carry Trực Đại on reads none of it.
    expect(await grpcCodeOf(call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: coLeDesk }))).toBe(
      Status.PERMISSION_DENIED,
    );
    expect(await grpcCodeOf(call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: coLeDesk }))).toBe(
      Status.PERMISSION_DENIED,
    );
    expect(
      await grpcCodeOf(call(reports.listWorkQueue.bind(reports), { unitCode: 'XTRUCDAI', agencyCode: '', limit: 0 }, { token: coLeDesk })),
    ).toBe(Status.PERMISSION_DENIED);
    expect((await call(reports.listWorkQueue.bind(reports), noUnit, { token: coLeDesk })).items.map((i) => i.dossierId)).not.toContain(
      dossierId,
    );

    // Minh Thái's Văn hóa - Xã hội office finishes the case: re-assigned, appraised, approved, result issued.
    const leader = await tokenFor({ officerId: 'mt-leader', role: 'leader', unitCode: 'XMINHTHAI-VHXH' });
    const specialist = await tokenFor({ officerId: 'mt-cv01', role: 'specialist', unitCode: 'XMINHTHAI-VHXH' });
    expect(
      await grpcCodeOf(
        call(
          agency.getCase.bind(agency),
          { dossierId },
          { token: await tokenFor({ officerId: 'cl', role: 'leader', unitCode: 'XCOLE-VHXH' }) },
        ),
      ),
    ).toBe(Status.PERMISSION_DENIED);
    const issued = await walkThroughAgency(
      direct(agency),
      dossierId,
      { leader, specialist, specialistId: 'mt-cv01' },
      { requestId, documentNumber: '12/2026/KH', resultSummary: 'Giấy chứng nhận kết hôn' },
    );
    expect(issued.case?.status).toBe(NationalStatus.NATIONAL_STATUS_RESULT_READY);

    // Minh Thái's desk returns the result at its counter.
    await waitForDeskStatus(desk, dossierId, minhThaiDesk, NationalStatus.NATIONAL_STATUS_RESULT_READY);
    const returned = await returnAtCounter(direct(desk), dossierId, minhThaiDesk, { requestId: requestId('return') });
    expect(returned.dossier).toMatchObject({ unitCode: 'XTRUCDAI', status: NationalStatus.NATIONAL_STATUS_RESULT_RETURNED });
    await waitFor('reporting to show the returned dossier', async () => {
      const v = (await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: auditor })).dossier;
      return v?.status === NationalStatus.NATIONAL_STATUS_RESULT_RETURNED ? v : undefined;
    });

    // ---- The reports, asked in 2026.
    const report = async (fromDate: string, toDate: string, unitView: reporting.UnitView) =>
      (
        await call(
          reports.getOfficialReport.bind(reports),
          { period: { fromDate, toDate }, grouping: ReportGrouping.REPORT_GROUPING_UNIT, asOf: undefined, unitView },
          { token: auditor },
        )
      ).report!;
    const statistics = async (fromDate: string, toDate: string) =>
      (await call(reports.getPeriodStatistics.bind(reports), { period: { fromDate, toDate }, asOf: undefined }, { token: auditor }))
        .statistics!;
    const rows = (r: reporting.OfficialReport) => r.rows.map((x) => [x.key, x.counts]);

    // 2020: received that year at Trực Đại, still in progress (overdue) at the year's end — whichever the view.
    for (const view of [UnitView.UNIT_VIEW_AT_THE_TIME, UnitView.UNIT_VIEW_ROLLED_UP]) {
      const r2020 = await report('2020-01-01', '2020-12-31', view);
      expect(rows(r2020)).toEqual([
        ['XTRUCDAI', expect.objectContaining({ received: 1, counterOrPostal: 1, carriedOver: 0, resolved: 0, inProgress: 1, overdue: 1 })],
      ]);
    }
    expect(await statistics('2020-01-01', '2020-12-31')).toMatchObject({ receivedInPeriod: 1, resolved: 0 });

    // 2025-01-01 .. 2026-12-31, across 1 July 2025: carried over and resolved (late) in the period.
    const finished = expect.objectContaining({ received: 1, carriedOver: 1, counterOrPostal: 0, resolved: 1, late: 1, inProgress: 0 });
    expect(rows(await report('2025-01-01', '2026-12-31', UnitView.UNIT_VIEW_AT_THE_TIME))).toEqual([['XTRUCDAI', finished]]);
    const rolledUp = await report('2025-01-01', '2026-12-31', UnitView.UNIT_VIEW_ROLLED_UP);
    expect(rolledUp.unitView).toBe(UnitView.UNIT_VIEW_ROLLED_UP);
    expect(rows(rolledUp)).toEqual([['XMINHTHAI', finished]]);
    expect(await statistics('2025-01-01', '2026-12-31')).toMatchObject({ receivedInPeriod: 0, resolved: 1 });

    // ---- The online submission still waiting at Trực Đại: Minh Thái's desk lists it in its own
    // online queue and receives it at Minh Thái (its code); Cổ Lễ's desk neither lists nor receives it.
    expect(await onlineQueue(minhThaiDesk)).toEqual([onlineId]);
    expect(await onlineQueue(coLeDesk)).not.toContain(onlineId);
    const receiveOnline = (token: string) =>
      call(
        desk.receiveOnlineDossier.bind(desk),
        { requestId: requestId('receive-online'), dossierId: onlineId, refusalReason: '' },
        { token },
      );
    expect(await grpcCodeOf(receiveOnline(coLeDesk))).toBe(Status.PERMISSION_DENIED);
    const receivedOnline = await receiveOnline(minhThaiDesk);
    expect(receivedOnline.outcome?.$case === 'received' && receivedOnline.outcome.received.dossierCode).toMatch(/^XMINHTHAI-260302-/);
    const onlineView = (
      await call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId: onlineId } }, { token: minhThaiDesk })
    ).dossier;
    // Received at Minh Thái; processing may already have opened its case (the dossier then reads as in processing).
    expect(onlineView?.unitCode).toBe('XMINHTHAI');
    expect([NationalStatus.NATIONAL_STATUS_RECEIVED, NationalStatus.NATIONAL_STATUS_PROCESSING]).toContain(onlineView?.status);
  });
});
