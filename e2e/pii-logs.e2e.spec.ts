// Personal data never reaches a log line (issue 15, "PII"): a dossier's life through the running
// services — received at the desk, processed, its result returned, looked up by the citizen, a
// postal pickup for a second citizen — with recognisable ID numbers, phones, addresses, names and
// e-mail, plus refused requests carrying them, at LOG_LEVEL=debug; then every line every service
// wrote is scanned for each of them.
import * as fs from 'node:fs';
import { common, postal } from '@onestop/contracts';
import { call, grpcClient } from '@onestop/grpc-kit';
import { intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness, requestId } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';
import { waitFor } from './support/wait';

jest.setTimeout(600_000);

/** Values that occur nowhere else: any of them in a log line is a leak. */
const CITIZEN = {
  fullName: 'Lương Thị Quỳnhmai',
  idNumber: '036188077123',
  address: 'Số 77 ngõ Bạchdương, xóm Quỳnhlâm, xã Trực Hùng',
  phone: '0978123456',
  email: 'quynhmai.pii@example.vn',
};
const POSTAL_CITIZEN = {
  fullName: 'Đoàn Văn Khổngtước',
  idNumber: '036077012987',
  address: 'Xóm 9 thôn Khổngtước, xã Trực Đại',
  phone: '0945987321',
  email: '',
};
const WRONG_ID_NUMBER = '036188077999';
const PICKUP_ADDRESS = 'Nhà số 12 ngách Hoàngmai, thôn Nam, xã Trực Thuận';
const RECIPIENT = 'Lương Văn Nhậnhộ';

describe('personal data in the logs of a dossier’s life', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await createPlatform();
    const debug = { LOG_LEVEL: 'debug' };
    const provider = { ...debug, PROVIDER_API_KEY: 'e2e-pii-api-key', PROVIDER_WEBHOOK_SECRET: 'e2e-pii-webhook-secret-000000000' };
    await platform.start('postal-simulator', provider);
    // one after the other: at debug level a start is heavier, and each has its own readiness deadline
    for (const name of ['intake', 'processing', 'reporting'] as const) await platform.start(name, debug);
    await platform.start('postal-delivery', { ...provider, WORK_INTERVAL_MS: '200', POLL_INTERVAL_MS: '1500' });
  });

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('writes no ID number, phone, address, name or e-mail to any log line', async () => {
    const desk = intakeClient(platform.address('intake'));
    const agency = processingClient(platform.address('processing'));
    const reports = reportingClient(platform.address('reporting'));
    const mail = grpcClient(postal.PostalServiceClient, platform.address('postal-delivery'));
    try {
      const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
      const leader = await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' });
      const specialist = await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' });
      const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
      const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' });

      // refused requests that carry personal data (a bad e-mail, a phone with letters, an ID number too short)
      for (const applicant of [
        { ...CITIZEN, email: `${CITIZEN.phone} ${CITIZEN.fullName}` },
        { ...CITIZEN, phone: `${CITIZEN.phone}x` },
        { ...CITIZEN, idNumber: CITIZEN.idNumber.slice(0, 10) },
      ]) {
        await expect(call(desk.submitDossier.bind(desk), householdBusiness({ applicant }), { token: officer })).rejects.toMatchObject({
          code: 3,
        });
      }
      // another unit's officer tries to read it: refused, with the request logged
      const submitted = await call(desk.submitDossier.bind(desk), householdBusiness({ applicant: CITIZEN }), { token: officer });
      const received = submitted.outcome?.$case === 'received' ? submitted.outcome.received : undefined;
      const dossierId = received!.dossierId;
      await waitFor('processing to open the case', async () =>
        (await call(agency.getCase.bind(agency), { dossierId }, { token: leader }).catch(() => undefined))?.case ? true : undefined,
      );
      await call(
        agency.assignOfficer.bind(agency),
        { requestId: requestId('assign'), dossierId, officerId: 'cv01', note: `gọi ${CITIZEN.phone}`, expectedVersion: 0 },
        { token: leader },
      );
      for (const [stepCode, token] of [
        ['appraise', specialist],
        ['approve', leader],
      ] as const) {
        await call(
          agency.completeStep.bind(agency),
          { requestId: requestId(stepCode), dossierId, stepCode, note: '', expectedVersion: 0 },
          { token },
        );
      }
      await call(
        agency.issueResult.bind(agency),
        { requestId: requestId('issue'), dossierId, resultSummary: 'Giấy chứng nhận', documentNumber: '07A8009999', expectedVersion: 0 },
        { token: leader },
      );
      await waitFor('the desk to see the result ready', async () => {
        const d = (await call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: officer })).dossier;
        return d?.status === common.NationalStatus.NATIONAL_STATUS_RESULT_READY ? true : undefined;
      });
      await call(
        desk.returnResult.bind(desk),
        { requestId: requestId('return'), dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: RECIPIENT },
        { token: officer },
      );
      await waitFor(
        'reporting to have the dossier',
        async () =>
          (
            await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token: auditor }).catch(
              () => undefined,
            )
          )?.dossier,
      );
      // the citizen's lookup, right and wrong
      await call(
        reports.lookupDossier.bind(reports),
        { dossierCode: received!.dossierCode, idNumber: CITIZEN.idNumber },
        { token: portal },
      );
      await expect(
        call(reports.lookupDossier.bind(reports), { dossierCode: received!.dossierCode, idNumber: WRONG_ID_NUMBER }, { token: portal }),
      ).rejects.toMatchObject({ code: 5 });

      // a postal pickup for another citizen, ordered from the provider
      const pickup = await call(
        mail.requestPickup.bind(mail),
        postal.RequestPickupRequest.fromPartial({
          requestId: requestId('pickup'),
          unitCode: 'TRUCNINH',
          procedureCode: 'TCKH-01',
          applicant: POSTAL_CITIZEN,
          pickupFrom: { name: POSTAL_CITIZEN.fullName, phone: POSTAL_CITIZEN.phone, address: PICKUP_ADDRESS },
          resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
          note: '',
        }),
        { token: portal },
      );
      const shipmentId = pickup.shipment!.shipmentId;
      await waitFor('the provider order', async () => {
        const [s] = (await call(mail.getShipment.bind(mail), { key: { $case: 'shipmentId', shipmentId } }, { token: officer })).shipments;
        return s?.waybillNumber ? true : undefined;
      });
    } finally {
      for (const c of [desk, agency, reports, mail]) c.close();
    }

    // every line of every service, after they flushed: stop them first
    const files = [...platform.services.values()].map((s) => s.logFile);
    await platform.stopAll();
    const secrets = [
      ...Object.values(CITIZEN),
      ...Object.values(POSTAL_CITIZEN),
      WRONG_ID_NUMBER,
      PICKUP_ADDRESS,
      RECIPIENT,
      // parts a log might carry on their own
      'Quỳnhmai',
      'Khổngtước',
      'Bạchdương',
      'Hoàngmai',
      'Nhậnhộ',
    ].filter((s) => s.length >= 6);
    const leaks: string[] = [];
    let lines = 0;
    for (const file of files) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        lines++;
        const text = line.normalize('NFC');
        for (const secret of secrets) {
          if (text.includes(secret.normalize('NFC'))) leaks.push(`${file.split('/').pop()}: "${secret}" in ${line.slice(0, 300)}`);
        }
      }
    }
    console.log(`pii: scanned ${lines} log lines of ${files.length} processes for ${secrets.length} values; ${leaks.length} leaks`);
    expect(lines).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });
});
