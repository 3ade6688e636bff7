// ProcessingService over gRPC: transport only — who may call, the ids every command carries, and
// mapping requests to the use cases. The rules live in the domain; errors are mapped by grpc-kit.
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { processing as pb } from '@onestop/contracts';
import { refuseIfInvalid } from '@onestop/commands';
import type { CallContext, createRpc, Role } from '@onestop/grpc-kit';
import type { CaseCommands, CommandOutcome } from '../../application/case-commands';
import type { CaseQueries } from '../../application/case-queries';
import type { OfficerCommand } from '../../domain/commands';
import { STEP_KIND } from '../../domain/workflow';
import { caseToWire, QUEUE_BY_WIRE, workItemToWire } from './case-view';
import { actTime, formRef } from './form-refs';
import { commandMeta, dossierIdViolations } from './requests';

const AGENCY_STAFF: Role[] = ['specialist', 'leader'];
const CASE_READERS: Role[] = ['specialist', 'leader', 'desk_officer', 'auditor', 'it_admin', 'service'];
const QUEUE_READERS: Role[] = ['specialist', 'leader', 'auditor', 'it_admin', 'service'];

type Unary = ReturnType<typeof createRpc>;

interface CommandRequest {
  requestId: string;
  dossierId: string;
  expectedVersion: number;
}

/** What the edge knows of the reference data: the years the working calendar covers. */
export interface EdgeLimits {
  calendarCoverage?: { firstYear: number; lastYear: number };
}

/** A new due date must be a day the working calendar knows, or processing could not count to it. */
function dueDateViolations(field: string, at: Date | undefined, limits: EdgeLimits): { field: string; description: string }[] {
  const cover = limits.calendarCoverage;
  if (!at || !cover) return [];
  const year = new Date(at.getTime() + 7 * 3600_000).getUTCFullYear(); // the year in Vietnam
  return year < cover.firstYear || year > cover.lastYear
    ? [{ field, description: `must fall within the working calendar (${cover.firstYear}–${cover.lastYear})` }]
    : [];
}

export function processingHandlers(
  commands: CaseCommands,
  queries: CaseQueries,
  unary: Unary,
  limits: EdgeLimits = {},
): pb.ProcessingServiceServer {
  /** One officer command: checks ids, runs it, answers with the case (plus `extra`). */
  function command<Req extends CommandRequest, Res>(
    build: (req: Req, ctx: CallContext) => OfficerCommand,
    extra: (o: CommandOutcome, c: OfficerCommand) => Omit<Res, 'case'> = () => ({}) as Omit<Res, 'case'>,
  ) {
    return unary<Req, Res>(
      async (req, ctx) => {
        const meta = commandMeta(req, ctx);
        const cmd = build(req, ctx);
        return commands.execute(meta, req.dossierId, cmd, {
          expectedVersion: req.expectedVersion,
          present: (o) => ({ case: caseToWire(o.state), ...extra(o, cmd) }) as Res,
        });
      },
      { roles: AGENCY_STAFF },
    );
  }

  return {
    assignOfficer: command<pb.AssignOfficerRequest, pb.AssignOfficerResponse>((r, ctx) => ({
      type: 'AssignOfficer',
      actor: ctx.identity,
      officerId: r.officerId,
      note: r.note,
    })),
    completeStep: command<pb.CompleteStepRequest, pb.CompleteStepResponse>((r, ctx) => ({
      type: 'CompleteStep',
      actor: ctx.identity,
      stepCode: r.stepCode,
      note: r.note,
    })),
    sendBackStep: command<pb.SendBackStepRequest, pb.SendBackStepResponse>((r, ctx) => ({
      type: 'SendBackStep',
      actor: ctx.identity,
      stepCode: r.stepCode,
      toStepCode: r.toStepCode,
      reason: r.reason,
    })),
    transferToAgency: command<pb.TransferToAgencyRequest, pb.TransferToAgencyResponse>((r, ctx) => ({
      type: 'TransferToAgency',
      actor: ctx.identity,
      toAgencyCode: r.toAgencyCode,
      reason: r.reason,
    })),
    requestSupplement: command<pb.RequestSupplementRequest, pb.RequestSupplementResponse>(
      (r, ctx) => ({ type: 'RequestSupplement', actor: ctx.identity, items: r.items, reason: r.reason }),
      (o) => ({
        requestNumber: o.state.supplementRequestCount,
        repeatedRequest: o.state.supplementRequestCount > 1,
        form: formRef('supplement_request', actTime(o)),
      }),
    ),
    notifyFinancialObligation: command<pb.NotifyFinancialObligationRequest, pb.NotifyFinancialObligationResponse>((r, ctx) => ({
      type: 'NotifyFinancialObligation',
      actor: ctx.identity,
      fees: r.fees,
      note: r.note,
    })),
    recordFinancialObligationFulfilled: command<
      pb.RecordFinancialObligationFulfilledRequest,
      pb.RecordFinancialObligationFulfilledResponse
    >((r, ctx) => ({
      type: 'RecordFinancialObligationFulfilled',
      actor: ctx.identity,
      receiptNumber: r.receiptNumber,
      amountVnd: r.amountVnd,
      paidAt: r.paidAt,
    })),
    requestConsultation: command<pb.RequestConsultationRequest, pb.RequestConsultationResponse>(
      (r, ctx) => ({
        type: 'RequestConsultation',
        actor: ctx.identity,
        consultationId: randomUUID(),
        consultedAgencyCode: r.consultedAgencyCode,
        question: r.question,
        answerBudgetWorkingHours: r.answerBudgetWorkingHours,
      }),
      (_o, c) => ({ consultationId: c.type === 'RequestConsultation' ? c.consultationId : '' }),
    ),
    recordConsultationAnswer: command<pb.RecordConsultationAnswerRequest, pb.RecordConsultationAnswerResponse>((r, ctx) => ({
      type: 'RecordConsultationAnswer',
      actor: ctx.identity,
      consultationId: r.consultationId,
      answer: r.answer,
    })),
    stopProcessing: command<pb.StopProcessingRequest, pb.StopProcessingResponse>(
      (r, ctx) => ({ type: 'StopProcessing', actor: ctx.identity, reason: r.reason }),
      (o) => ({ form: formRef('stop_notice', actTime(o)) }),
    ),
    issueApology: command<pb.IssueApologyRequest, pb.IssueApologyResponse>(
      (r, ctx) => {
        // an apology is allowed once: a due date processing cannot count to must not get that far
        const violations = dueDateViolations('new_due_at', r.newDueAt, limits);
        refuseIfInvalid(violations);
        return { type: 'IssueApology', actor: ctx.identity, reason: r.reason, newDueAt: r.newDueAt };
      },
      (o) => ({ form: formRef('apology', actTime(o)) }),
    ),
    issueResult: command<pb.IssueResultRequest, pb.IssueResultResponse>((r, ctx) => ({
      type: 'IssueResult',
      actor: ctx.identity,
      resultSummary: r.resultSummary,
      documentNumber: r.documentNumber,
    })),

    getCase: unary<pb.GetCaseRequest, pb.GetCaseResponse>(
      async (req, ctx) => {
        const violations = dossierIdViolations(req.dossierId);
        refuseIfInvalid(violations);
        return { case: caseToWire(await queries.getCase(ctx.identity, req.dossierId)) };
      },
      { roles: CASE_READERS },
    ),
    listWorkQueue: unary<pb.ListWorkQueueRequest, pb.ListWorkQueueResponse>(
      async (req, ctx) => {
        const { items, nextPageToken } = await queries.listWorkQueue(ctx.identity, {
          agencyCode: req.agencyCode,
          officerId: req.officerId,
          queue: QUEUE_BY_WIRE[req.queue],
          pageSize: req.page?.pageSize ?? 0,
          pageToken: req.page?.pageToken ?? '',
        });
        return { items: items.map(workItemToWire), nextPageToken };
      },
      { roles: QUEUE_READERS },
    ),
    getWorkflow: unary<pb.GetWorkflowRequest, pb.GetWorkflowResponse>(async (req) => {
      const { workflow, isDefault, version, catalogue } = queries.workflow(req.procedureCode);
      const actionRoles = { ...catalogue.actionRoles, ...workflow.actionRoles };
      return {
        workflowId: workflow.id,
        workflowVersion: version,
        isDefault,
        steps: workflow.steps.map((s) => ({
          code: s.code,
          name: s.name,
          kind: STEP_KIND[s.kind],
          roles: s.roles,
          assigneeOnly: s.assigneeOnly,
          budgetWorkingHours: 'workingHours' in s.budget ? s.budget.workingHours : 0,
          budgetShare: 'share' in s.budget ? s.budget.share : 0,
        })),
        actionRoles: Object.entries(actionRoles).map(([action, roles]) => ({ action, roles: roles ?? [] })),
      };
    }),
  };
}

export function processingRegistration(commands: CaseCommands, queries: CaseQueries, unary: Unary, limits: EdgeLimits = {}) {
  return {
    name: 'onestop.processing.v1.ProcessingService',
    definition: pb.ProcessingServiceService,
    implementation: processingHandlers(commands, queries, unary, limits) as unknown as grpc.UntypedServiceImplementation,
  };
}
