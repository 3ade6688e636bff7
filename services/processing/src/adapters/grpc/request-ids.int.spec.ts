// Request ids through ProcessingService over gRPC on the real store (issue 9 §1, issue 15 §2/§10):
// a reused request id answers only the same command on the same case for an officer of that
// case's agency now; any other reuse is ALREADY_EXISTS naming only the request id, with nothing
// executed or disclosed. Concurrent retries all get the first answer; ids processing derives
// itself (applied intake events, deadline timers) cannot be sent by clients.
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { processing as pb } from '@onestop/contracts';
import { call, fieldViolationsOf, type Identity, type TokenIssuer } from '@onestop/grpc-kit';
import { intakeRequestId } from '../../application/intake-facts';
import { at } from '../../domain/fixtures.spec';
import { receivedDossier, TestClock, type Processing } from '../../int-support.spec';
import { type ProcessingApi, startProcessingApi } from './api-harness.spec';

const clock = new TestClock(at('2020-10-05 08:00'));
let api: ProcessingApi;
let issuer: TokenIssuer;
let p: Processing;
let client: pb.ProcessingServiceClient;

const TUPHAP_LEADER: Identity = { officerId: 'tp-leader', role: 'leader', unitCode: 'TUPHAP' };
const KTHT_LEADER: Identity = { officerId: 'kt-leader', role: 'leader', unitCode: 'KTHT' };

beforeAll(async () => {
  api = await startProcessingApi(clock);
  ({ p, client, issuer } = api);
});
afterAll(() => api.close());

let counter = 0;
const rid = (label: string) => `${label}-${++counter}-${Date.now()}`;

async function assign(who: Identity, req: pb.AssignOfficerRequest): Promise<pb.AssignOfficerResponse> {
  return call(client.assignOfficer.bind(client), req, { token: await issuer.issue(who) });
}
async function completeStep(who: Identity, req: pb.CompleteStepRequest): Promise<pb.CompleteStepResponse> {
  return call(client.completeStep.bind(client), req, { token: await issuer.issue(who) });
}
async function failure(work: Promise<unknown>): Promise<ServiceError> {
  const err = await work.then(
    () => undefined,
    (e: ServiceError) => e,
  );
  if (!err) throw new Error('expected the call to be refused');
  return err;
}

async function openCase(agencyCode: string): Promise<{ dossierId: string; applicantName: string }> {
  clock.set(at('2020-10-05 08:00'));
  const d = receivedDossier({ agencyCode });
  await p.facts.apply({ type: 'DossierReceived', data: d }, { eventId: `received-${d.dossierId}` });
  clock.set(at('2020-10-05 09:00'));
  return { dossierId: d.dossierId, applicantName: d.applicant?.fullName ?? '(none)' };
}

const versionOf = async (dossierId: string) => (await p.streams.load(dossierId)).state.version;

describe('the attack: a request id reused by another agency, on another case, for another command', () => {
  let caseA: { dossierId: string; applicantName: string };
  let caseB: { dossierId: string; applicantName: string };
  let requestId: string;
  let first: pb.AssignOfficerResponse;

  beforeAll(async () => {
    caseA = await openCase('TUPHAP');
    caseB = await openCase('KTHT');
    requestId = rid('assign');
    first = await assign(TUPHAP_LEADER, {
      requestId,
      dossierId: caseA.dossierId,
      officerId: 'tp-specialist',
      note: '',
      expectedVersion: 0,
    });
  });

  it('refuses another agency’s leader assigning on their own case B with it: ALREADY_EXISTS, nothing of A disclosed, B untouched', async () => {
    const err = await failure(
      assign(KTHT_LEADER, { requestId, dossierId: caseB.dossierId, officerId: 'kt-specialist', note: '', expectedVersion: 0 }),
    );
    expect(err.code).toBe(Status.ALREADY_EXISTS);
    expect(err.details).toContain(requestId);
    for (const secret of [caseA.dossierId, caseA.applicantName, 'tp-specialist']) expect(err.details).not.toContain(secret);
    expect(await versionOf(caseB.dossierId)).toBe(1);
  });

  it('refuses another agency’s leader repeating the same command on case A (it used to answer OK with the case)', async () => {
    const err = await failure(
      assign(KTHT_LEADER, { requestId, dossierId: caseA.dossierId, officerId: 'tp-specialist', note: '', expectedVersion: 0 }),
    );
    expect(err.code).toBe(Status.ALREADY_EXISTS);
    expect(err.details).not.toContain(caseA.applicantName);
  });

  it('refuses the same leader using it for another command on the same case', async () => {
    const err = await failure(
      completeStep(TUPHAP_LEADER, { requestId, dossierId: caseA.dossierId, stepCode: 'appraise', note: '', expectedVersion: 0 }),
    );
    expect(err.code).toBe(Status.ALREADY_EXISTS);
    expect(await versionOf(caseA.dossierId)).toBe(2);
  });

  it('answers the same leader’s retry of the same command on the same case with the first answer', async () => {
    expect(
      await assign(TUPHAP_LEADER, { requestId, dossierId: caseA.dossierId, officerId: 'tp-specialist', note: '', expectedVersion: 0 }),
    ).toEqual(first);
  });
});

describe('concurrent retries of one request', () => {
  it('given 20 concurrent identical AssignOfficer, when they race, then all get the first answer and one assignment is recorded', async () => {
    const { dossierId } = await openCase('TUPHAP');
    const req = { requestId: rid('assign-20'), dossierId, officerId: 'tp-specialist', note: '', expectedVersion: 0 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => assign(TUPHAP_LEADER, req)));
    expect(new Set(answers.map((a) => JSON.stringify(pb.AssignOfficerResponse.toJSON(a)))).size).toBe(1);
    expect(await versionOf(dossierId)).toBe(2);
  });
});

describe('request ids processing derives itself', () => {
  it('refuses a client sending an applied intake event’s id, naming request_id, and executes nothing', async () => {
    const { dossierId } = await openCase('TUPHAP');
    const err = await failure(
      assign(TUPHAP_LEADER, {
        requestId: intakeRequestId(`received-${dossierId}`),
        dossierId,
        officerId: 'tp-specialist',
        note: '',
        expectedVersion: 0,
      }),
    );
    expect(err.code).toBe(Status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['request_id']);
    expect(await versionOf(dossierId)).toBe(1);
  });
});
