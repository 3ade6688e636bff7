// A dossier's walk through the agency, as the e2e suites play it for the sample procedure TCKH-01
// (services/processing/data/workflows.json: the leader assigns a specialist, the specialist
// appraises, the leader approves and issues the result), and the desk's side around it: waiting
// for the case to open, returning the result at the counter. One place for the walk, so each
// suite says only what it adds (a supplement, a postal leg, several instances and a kill).
import { common, type intake, type processing } from '@onestop/contracts';
import { call } from './clients';
import { waitFor } from './wait';

type ProcessingClient = processing.ProcessingServiceClient;
type IntakeClient = intake.IntakeServiceClient;

/**
 * How a call reaches a service: `hop` numbers the calls of one walk, so a caller spreading calls
 * over several instances (SpreadClient) can send successive calls to different ones.
 */
export type Via<C> = <T>(hop: number, attempt: (client: C) => Promise<T>) => Promise<T>;

/** Every call to the one client, as it is. */
export const direct =
  <C>(client: C): Via<C> =>
  (_hop, attempt) =>
    attempt(client);

export interface AgencyStaff {
  /** Bearer tokens of the agency's leader and specialist. */
  leader: string;
  specialist: string;
  /** The specialist's officer id (the one the leader assigns); default cv01. */
  specialistId?: string;
}

export interface WalkOptions {
  /** The request id of each command, from its label (assign, appraise, approve, issue). */
  requestId: (label: string) => string;
  documentNumber: string;
  resultSummary?: string;
  /** Notes on the steps, by step code. */
  notes?: Partial<Record<'appraise' | 'approve', string>>;
  /** Runs after the assignment, before the first step (a supplement, say). */
  afterAssign?: () => Promise<void>;
}

/**
 * Assigns the specialist, completes appraise and approve, issues the result; returns the answer
 * to IssueResult. The case must be open at the agency.
 */
export async function walkThroughAgency(
  agency: Via<ProcessingClient>,
  dossierId: string,
  staff: AgencyStaff,
  options: WalkOptions,
): Promise<processing.IssueResultResponse> {
  const { requestId, notes = {} } = options;
  await agency(0, (c) =>
    call(
      c.assignOfficer.bind(c),
      { requestId: requestId('assign'), dossierId, officerId: staff.specialistId ?? 'cv01', note: '', expectedVersion: 0 },
      { token: staff.leader },
    ),
  );
  await options.afterAssign?.();
  await agency(1, (c) =>
    call(
      c.completeStep.bind(c),
      { requestId: requestId('appraise'), dossierId, stepCode: 'appraise', note: notes.appraise ?? '', expectedVersion: 0 },
      { token: staff.specialist },
    ),
  );
  await agency(2, (c) =>
    call(
      c.completeStep.bind(c),
      { requestId: requestId('approve'), dossierId, stepCode: 'approve', note: notes.approve ?? '', expectedVersion: 0 },
      { token: staff.leader },
    ),
  );
  return agency(3, (c) =>
    call(
      c.issueResult.bind(c),
      {
        requestId: requestId('issue'),
        dossierId,
        resultSummary: options.resultSummary ?? 'Giấy chứng nhận đăng ký hộ kinh doanh',
        documentNumber: options.documentNumber,
        expectedVersion: 0,
      },
      { token: staff.leader },
    ),
  );
}

/** Waits until intake's event has opened the case at the agency; returns the case. */
export function waitForCase(agency: ProcessingClient, dossierId: string, leader: string): Promise<processing.Case> {
  return waitFor(
    `processing to open the case of ${dossierId}`,
    async () => (await call(agency.getCase.bind(agency), { dossierId }, { token: leader }).catch(() => undefined))?.case,
  );
}

/** Waits until the desk's own view of the dossier has the status. */
export function waitForDeskStatus(
  desk: IntakeClient,
  dossierId: string,
  officer: string,
  status: common.NationalStatus,
  timeoutMs?: number,
): Promise<intake.Dossier> {
  return waitFor(
    `the desk to see dossier ${dossierId} in status ${status}`,
    async () => {
      const d = (await call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: officer })).dossier;
      return d?.status === status ? d : undefined;
    },
    timeoutMs,
  );
}

/** Returns the result at the counter (the result must be ready at the desk). */
export function returnAtCounter(
  desk: Via<IntakeClient>,
  dossierId: string,
  officer: string,
  options: { requestId: string; recipientName?: string },
): Promise<intake.ReturnResultResponse> {
  return desk(0, (c) =>
    call(
      c.returnResult.bind(c),
      {
        requestId: options.requestId,
        dossierId,
        method: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
        recipientName: options.recipientName ?? 'Người nhận',
      },
      { token: officer },
    ),
  );
}
