// A dossier's whole life through the running services: received at the desk, a case at the
// agency, a supplement asked and brought, steps completed, the result issued and returned at the
// desk, the citizen's evaluation — and reporting's view and the citizen's lookup reflecting it.
import { common } from '@onestop/contracts';
import { call, intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness, requestId } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';
import { waitFor } from './support/wait';
import { direct, returnAtCounter, waitForCase, waitForDeskStatus, walkThroughAgency } from './support/walk';

jest.setTimeout(240_000);
const NationalStatus = common.NationalStatus;

describe('a dossier from the desk through the agency and back', () => {
  let platform: Platform;
  let desk: ReturnType<typeof intakeClient>;
  let agency: ReturnType<typeof processingClient>;
  let reports: ReturnType<typeof reportingClient>;

  beforeAll(async () => {
    platform = await createPlatform();
    await Promise.all([platform.start('intake'), platform.start('processing'), platform.start('reporting')]);
    desk = intakeClient(platform.address('intake'));
    agency = processingClient(platform.address('processing'));
    reports = reportingClient(platform.address('reporting'));
  });

  afterAll(async () => {
    for (const c of [desk, agency, reports]) c?.close();
    await platform?.stopAll();
  });

  it('goes received → processing → supplement → result ready → returned, with every view in step', async () => {
    const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const leader = await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' });
    const specialist = await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' });
    const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' });

    const submitted = await call(desk.submitDossier.bind(desk), householdBusiness(), { token: officer });
    const received = submitted.outcome?.$case === 'received' ? submitted.outcome.received : undefined;
    const dossierId = received!.dossierId;
    const deskSees = (status: common.NationalStatus) => waitForDeskStatus(desk, dossierId, officer, status);

    // intake's DossierReceived opens a case at the handling agency
    const opened = await waitForCase(agency, dossierId, leader);
    expect(opened.agencyCode).toBe('TCKH');
    expect(opened.dueAt).toEqual(received!.dueAt);
    await deskSees(NationalStatus.NATIONAL_STATUS_PROCESSING);

    const issued = await walkThroughAgency(
      direct(agency),
      dossierId,
      { leader, specialist },
      {
        requestId,
        documentNumber: '07A8001234',
        notes: { appraise: 'đủ điều kiện' },
        // after the assignment the specialist asks for a supplement; the desk sees status 5 on
        // its own stream, then records what the citizen brought, and the case resumes
        afterAssign: async () => {
          const supplement = await call(
            agency.requestSupplement.bind(agency),
            {
              requestId: requestId('supp'),
              dossierId,
              items: [{ componentCode: 'CCCD', componentName: 'Căn cước công dân', problem: 'bản sao mờ, không đọc được' }],
              reason: 'bổ sung',
              expectedVersion: 0,
            },
            { token: specialist },
          );
          expect(supplement.repeatedRequest).toBe(false);
          await deskSees(NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED);
          const afterSupplement = await call(
            desk.recordSupplement.bind(desk),
            {
              requestId: requestId('brought'),
              dossierId,
              documents: [{ componentCode: 'CCCD', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, fileRef: '' }],
            },
            { token: officer },
          );
          expect(afterSupplement.dossier?.status).toBe(NationalStatus.NATIONAL_STATUS_PROCESSING);
          await waitFor('processing to resume the case', async () => {
            const c = (await call(agency.getCase.bind(agency), { dossierId }, { token: leader })).case!;
            return c.status === NationalStatus.NATIONAL_STATUS_PROCESSING ? c : undefined;
          });
        },
      },
    );
    expect(issued.case?.status).toBe(NationalStatus.NATIONAL_STATUS_RESULT_READY);
    expect(issued.case?.handOffs.length).toBeGreaterThanOrEqual(3); // Form 05 rows: desk → leader → specialist → leader → desk

    await deskSees(NationalStatus.NATIONAL_STATUS_RESULT_READY);
    const returned = await returnAtCounter(direct(desk), dossierId, officer, {
      requestId: requestId('return'),
      recipientName: 'Nguyễn Văn 1',
    });
    expect(returned.dossier?.status).toBe(NationalStatus.NATIONAL_STATUS_RESULT_RETURNED);
    await call(
      desk.evaluateSatisfaction.bind(desk),
      { requestId: requestId('eval'), dossierId, scores: [{ criterion: 'thái độ phục vụ', score: 5 }], comment: '' },
      { token: officer },
    );

    const view = await waitFor('reporting to show the returned dossier', async () => {
      const v = (
        await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: auditor }).catch(() => undefined)
      )?.dossier;
      return v?.status === NationalStatus.NATIONAL_STATUS_RESULT_RETURNED ? v : undefined;
    });
    expect(view.supplementCount).toBe(1);
    expect(['early', 'on_time']).toContain(view.outcome);
    expect(view.timeline.length).toBeGreaterThanOrEqual(8);

    // the citizen's lookup by code + ID number: status, appointed time, timeline, and no other personal data
    const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
    const lookup = await call(
      reports.lookupDossier.bind(reports),
      { dossierCode: received!.dossierCode, idNumber: householdBusiness().applicant!.idNumber },
      { token: portal },
    );
    expect(lookup.dossier).toMatchObject({ dossierCode: received!.dossierCode, status: NationalStatus.NATIONAL_STATUS_RESULT_RETURNED });
    expect(lookup.dossier?.timeline.length).toBeGreaterThan(0);
    expect(JSON.stringify(lookup)).not.toMatch(/Nguyễn|036090|desk01|cv01/);
  });
});
