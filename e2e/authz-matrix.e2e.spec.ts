// The authorization matrix (issue 15, "Authorization matrix"): every role × every RPC of the four
// services × a caller of the target's own unit or agency and of another, with a fresh request id
// and with a request id already answered — against the running services. The expected answers are
// the tables below (docs/security.md shows the same tables); any change of who may do what shows
// up here as a cell that differs.
//
// Cells: ok = answered; deny = PERMISSION_DENIED; nf = NOT_FOUND; pre = FAILED_PRECONDITION (past
// authorization, the target's state refuses); inv = INVALID_ARGUMENT; dup = ALREADY_EXISTS (the
// request id answers someone else); abt = ABORTED. Each row lists the roles in this order, own/other:
//   desk_officer specialist leader postal_provider it_admin auditor citizen_portal service
import { common, postal } from '@onestop/contracts';
import { call, grpcClient, type Role } from '@onestop/grpc-kit';
import { classOf, encode, isCommand, officerOf, ROLES, RPCS, type Scope, type Targets, unitOf } from './support/authz';
import { intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness, requestId } from './support/fixtures';
import { rawClient, rawUnary } from './support/fuzz';
import { createPlatform, type Platform, type ServiceName } from './support/platform';
import { waitFor } from './support/wait';
import { FRESH, REUSED } from './support/authz-table';

jest.setTimeout(900_000);

const SCOPES: Scope[] = ['own', 'other'];
const SERVICE_OF: Record<string, ServiceName> = {
  intake: 'intake',
  processing: 'processing',
  postal: 'postal-delivery',
  reporting: 'reporting',
};

describe('authorization matrix: every role × every RPC × own/other unit, fresh and reused request ids', () => {
  let platform: Platform;
  let targets: Targets;
  const tokens = new Map<string, string>();
  const token = (role: Role, scope: Scope) => tokens.get(`${role}/${scope}`)!;

  beforeAll(async () => {
    platform = await createPlatform();
    const provider = { PROVIDER_API_KEY: 'e2e-authz-api-key', PROVIDER_WEBHOOK_SECRET: 'e2e-authz-webhook-secret-0000000' };
    await platform.start('postal-simulator', provider);
    await Promise.all([platform.start('intake'), platform.start('processing'), platform.start('reporting')]);
    await platform.start('postal-delivery', { ...provider, WORK_INTERVAL_MS: '200', POLL_INTERVAL_MS: '1500' });
    for (const role of ROLES)
      for (const scope of SCOPES)
        tokens.set(`${role}/${scope}`, await tokenFor({ officerId: officerOf(role, scope), role, unitCode: unitOf(role, scope) }));

    const desk = intakeClient(platform.address('intake'));
    const agency = processingClient(platform.address('processing'));
    const reports = reportingClient(platform.address('reporting'));
    const mail = grpcClient(postal.PostalServiceClient, platform.address('postal-delivery'));
    try {
      const officer = token('desk_officer', 'own');
      const submit = async () => {
        const res = await call(desk.submitDossier.bind(desk), householdBusiness(), { token: officer });
        return res.outcome?.$case === 'received' ? res.outcome.received : undefined;
      };
      const [d, w, x, y] = [await submit(), await submit(), await submit(), await submit()];
      const pickup = await call(
        mail.requestPickup.bind(mail),
        postal.RequestPickupRequest.fromPartial({
          requestId: requestId('pickup'),
          unitCode: 'TRUCNINH',
          procedureCode: 'TCKH-01',
          applicant: householdBusiness().applicant,
          resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
        }),
        { token: token('citizen_portal', 'own') },
      );
      targets = {
        dossierId: d!.dossierId,
        dossierCode: d!.dossierCode,
        idNumber: householdBusiness().applicant!.idNumber,
        caseToEnd: w!.dossierId,
        toWithdraw: x!.dossierId,
        toTransfer: y!.dossierId,
        shipmentId: pickup.shipment!.shipmentId,
        waybillNumber: '',
      };
      for (const id of [targets.dossierId, targets.caseToEnd, targets.toTransfer])
        await waitFor(
          `processing to open case ${id}`,
          async () =>
            (await call(agency.getCase.bind(agency), { dossierId: id }, { token: token('leader', 'own') }).catch(() => undefined))?.case,
        );
      await waitFor(
        'reporting to project the dossier',
        async () =>
          (
            await call(
              reports.getDossier.bind(reports),
              { key: { $case: 'dossierId', dossierId: targets.dossierId } },
              { token: token('auditor', 'own') },
            ).catch(() => undefined)
          )?.dossier,
      );
      await waitFor('the pickup to be ordered from the provider', async () => {
        const [s] = (
          await call(mail.getShipment.bind(mail), { key: { $case: 'shipmentId', shipmentId: targets.shipmentId } }, { token: officer })
        ).shipments;
        return s?.waybillNumber ? true : undefined;
      });
      targets.waybillNumber = (
        await call(mail.getShipment.bind(mail), { key: { $case: 'shipmentId', shipmentId: targets.shipmentId } }, { token: officer })
      ).shipments[0].waybillNumber;
    } finally {
      for (const c of [desk, agency, reports, mail]) c.close();
    }
  });

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('answers every cell as the tables say', async () => {
    const observedFresh: Record<string, string> = {};
    const observedReused: Record<string, string> = {};
    const leaks: string[] = [];
    let cells = 0;
    for (const r of RPCS) {
      const client = rawClient(platform.address(SERVICE_OF[r.key.split('.')[0]]));
      try {
        const command = isCommand(r);
        const row: string[] = [];
        let first: { bytes: Buffer; role: Role; scope: Scope; request: Record<string, unknown>; id: string; ok: boolean } | undefined;
        for (const role of ROLES) {
          const pair: string[] = [];
          for (const scope of SCOPES) {
            const request = r.request(targets, role);
            const id = command ? requestId('authz') : undefined;
            const bytes = encode(r, request, id);
            const answer = await rawUnary(client, r.path, bytes, token(role, scope));
            cells++;
            const cls = classOf(answer.code);
            pair.push(cls);
            if (id && cls !== 'deny' && (!first || (!first.ok && cls === 'ok')))
              first = { bytes, role, scope, request, id, ok: cls === 'ok' };
          }
          row.push(pair.join('/'));
        }
        observedFresh[r.key] = row.join(' ');
        if (!command || !first) continue;
        // the same request, same request id, from every caller
        const reused: string[] = [];
        for (const role of ROLES) {
          const pair: string[] = [];
          for (const scope of SCOPES) {
            const answer = await rawUnary(client, r.path, first.bytes, token(role, scope));
            cells++;
            pair.push(classOf(answer.code));
          }
          reused.push(pair.join('/'));
        }
        // the first caller, the same request id (answered OK), another target: refused, never naming
        // the target the id was used for (issue 15 §2)
        if (r.retarget && first.ok) {
          const moved = r.retarget(first.request, targets);
          const answer = await rawUnary(client, r.path, encode(r, moved, first.id), token(first.role, first.scope));
          cells++;
          reused.push(`retarget:${classOf(answer.code)}`);
          const original = Object.values(targets).filter(
            (id) => JSON.stringify(first.request).includes(id) && !JSON.stringify(moved).includes(id),
          );
          for (const id of original)
            if (answer.details.includes(id)) leaks.push(`${r.key}: the answer to a reused request id names ${id}: ${answer.details}`);
        }
        observedReused[r.key] = reused.join(' ');
      } finally {
        client.close();
      }
    }
    const table = (t: Record<string, string>) =>
      Object.entries(t)
        .map(([k, v]) => `  '${k}': '${v}',`)
        .join('\n');
    console.log(
      `authorization matrix: ${cells} cells over ${RPCS.length} RPCs\nFRESH\n${table(observedFresh)}\nREUSED\n${table(observedReused)}`,
    );
    expect(leaks).toEqual([]);
    expect(table(observedFresh)).toBe(table(FRESH));
    expect(table(observedReused)).toBe(table(REUSED));
    expect(JSON.stringify(observedFresh) + JSON.stringify(observedReused)).not.toContain('!');
  });
});
