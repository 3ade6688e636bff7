// The desk's use cases (Bộ phận tiếp nhận và trả kết quả): reception, the dossier's later life at
// the desk (supplement, withdrawal, return, evaluation, processing facts), and queries. Each
// validates the request and hands the command to the platform's one command handler
// (@onestop/commands), which authorises, decides, appends and answers retries.
import { derivedRequestId, invalid, refuseIfInvalid, reject } from '@onestop/commands';
import { common, type intake } from '@onestop/contracts';
import { decide as decideDesk, type DeskCommand, type ProcessingFact } from '../domain/decide-desk';
import type { DossierState } from '../domain/dossier';
import {
  type ComponentDigitisationInput,
  digitisationRequestViolations,
  type DigitisedCopy,
  type EarlierDossier,
} from '../domain/decide-digitisation';
import { isDossierCode } from '../domain/dossier-code';
import { validateDocuments, validateScores, type Violation } from '../domain/validation';
import { actingFor } from './access';
import type { DeskDeps } from './desk-deps';
import { deskContext, dossierCommand } from './dossier-command';
import { DossierQueries } from './dossier-queries';
import type { CommandMeta } from './ports';
import { procedureOf } from './ports';
import { ReceptionDesk, type SubmitCommand } from './reception-desk';

export type { DeskDeps } from './desk-deps';
export type { SubmitCommand } from './reception-desk';

/** The request id under which a processing event is mirrored (the platform's own namespace). */
export const processingFactRequestId = (sourceEventId: string): string => derivedRequestId('intake.processing-event', sourceEventId);

export class Desk {
  private readonly reception: ReceptionDesk;
  private readonly queries: DossierQueries;

  constructor(private readonly deps: DeskDeps) {
    this.reception = new ReceptionDesk(deps);
    this.queries = new DossierQueries(deps);
  }

  submitDossier(cmd: SubmitCommand, meta: CommandMeta): Promise<intake.SubmitDossierResponse> {
    return this.reception.submitDossier(cmd, meta);
  }

  receiveOnlineDossier(dossierId: string, refusalReason: string, meta: CommandMeta): Promise<intake.ReceiveOnlineDossierResponse> {
    return this.reception.receiveOnlineDossier(dossierId, refusalReason, meta);
  }

  getDossier(key: { dossierId?: string; dossierCode?: string }, meta: CommandMeta): Promise<intake.Dossier> {
    return this.queries.getDossier(key, meta);
  }

  getReceiptSlip(dossierId: string, meta: CommandMeta): Promise<intake.ReceiptSlip> {
    return this.queries.getReceiptSlip(dossierId, meta);
  }

  getProcedure(code: string): intake.Procedure {
    return this.queries.getProcedure(code);
  }

  listOnlineQueue(unitCode: string, pageSize: number, pageToken: string, meta: CommandMeta): Promise<intake.ListOnlineQueueResponse> {
    return this.queries.listOnlineQueue(unitCode, pageSize, pageToken, meta);
  }

  async recordSupplement(dossierId: string, documents: common.SubmittedDocument[], meta: CommandMeta): Promise<intake.Dossier> {
    return this.deps.commands.execute(
      meta,
      dossierCommand(this.deps, meta, dossierId, { type: 'RecordSupplement', documents }, (state) => {
        const procedure = procedureOf(this.deps.reference, state.procedureCode);
        const v = validateDocuments(documents, procedure ? new Set(procedure.components.map((c) => c.code)) : undefined);
        return v.length ? reject(invalid(v)) : undefined;
      }),
    );
  }

  /**
   * Số hóa at the desk: components scanned or reused (an earlier dossier of the same citizen, found
   * by its code, must hold a digitised copy of that component) and the result once ready.
   */
  async recordDigitisation(
    dossierId: string,
    components: ComponentDigitisationInput[],
    result: DigitisedCopy | undefined,
    meta: CommandMeta,
  ): Promise<intake.Dossier> {
    refuseIfInvalid(digitisationRequestViolations(components, result));
    const earlier = new Map<string, EarlierDossier | undefined>();
    for (const code of new Set(components.flatMap((c) => (c.reused ? [c.reused.dossierCode] : [])))) {
      const id = isDossierCode(code) ? await this.deps.streams.dossierIdByCode(code) : undefined;
      const state = id ? (await this.deps.streams.load(id)).state : undefined;
      earlier.set(
        code,
        state && state.version > 0
          ? {
              dossierId: state.dossierId,
              applicantIdNumber: state.applicant?.idNumber ?? '',
              digitisedComponents: state.digitisedComponents,
            }
          : undefined,
      );
    }
    const command = { type: 'RecordDigitisation' as const, components, result, officerId: meta.actor.officerId, earlier };
    return this.deps.commands.execute(meta, dossierCommand(this.deps, meta, dossierId, command));
  }

  async requestWithdrawal(dossierId: string, reason: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.deps.commands.execute(meta, dossierCommand(this.deps, meta, dossierId, { type: 'RequestWithdrawal', reason }));
  }

  async confirmWithdrawal(dossierId: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.deps.commands.execute(meta, dossierCommand(this.deps, meta, dossierId, { type: 'ConfirmWithdrawal' }));
  }

  async returnResult(dossierId: string, method: common.ResultDelivery, recipientName: string, meta: CommandMeta): Promise<intake.Dossier> {
    const v: Violation[] = [];
    if (method === common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED)
      v.push({ field: 'method', description: 'must be COUNTER or ELECTRONIC' });
    if (!recipientName.trim()) v.push({ field: 'recipient_name', description: 'is required' });
    refuseIfInvalid(v);
    const name = recipientName.trim();
    return this.deps.commands.execute(meta, {
      ...dossierCommand(this.deps, meta, dossierId, { type: 'ReturnResult', method, recipientName: name }),
      decide: ({ state }) =>
        this.decideNow(
          { type: 'ReturnResult', method, recipientName: name, procedure: procedureOf(this.deps.reference, state.procedureCode) },
          state,
        ),
    });
  }

  async recordResultDelivery(req: intake.RecordResultDeliveryRequest, meta: CommandMeta): Promise<intake.Dossier> {
    const v: Violation[] = [];
    if (!req.at) v.push({ field: 'at', description: 'is required' });
    if (req.delivered && !req.waybillNumber) v.push({ field: 'waybill_number', description: 'is required for a delivery' });
    if (!req.delivered && !req.failureReason) v.push({ field: 'failure_reason', description: 'is required when delivery failed' });
    refuseIfInvalid(v);
    const command = {
      type: 'RecordResultDelivery' as const,
      delivered: req.delivered,
      at: req.at!,
      waybillNumber: req.waybillNumber,
      recipientName: req.recipientName,
      failureReason: req.failureReason,
    };
    return this.deps.commands.execute(meta, {
      ...dossierCommand(this.deps, meta, req.dossierId, command),
      decide: ({ state }) => this.decideNow({ ...command, procedure: procedureOf(this.deps.reference, state.procedureCode) }, state),
    });
  }

  async evaluateSatisfaction(
    dossierId: string,
    scores: { criterion: string; score: number }[],
    comment: string,
    meta: CommandMeta,
  ): Promise<intake.Dossier> {
    const v = validateScores(scores);
    if (comment.length > 2000) v.push({ field: 'comment', description: 'must be at most 2000 characters' });
    refuseIfInvalid(v);
    return this.deps.commands.execute(meta, dossierCommand(this.deps, meta, dossierId, { type: 'EvaluateSatisfaction', scores, comment }));
  }

  /** Mirrors a processing fact; idempotent by the source event id (in the platform's request-id namespace). */
  async noteProcessingFact(fact: ProcessingFact & { dossierId: string }): Promise<void> {
    const meta: CommandMeta = {
      requestId: processingFactRequestId(fact.sourceEventId),
      actor: { officerId: 'processing', role: 'service', unitCode: '' },
      correlationId: fact.sourceEventId,
      causationId: fact.sourceEventId,
    };
    const { dossierId, ...processingFact } = fact;
    await this.deps.commands.execute(meta, {
      name: 'NoteProcessingFact',
      streamId: dossierId,
      authorize: () => undefined,
      decide: ({ state }) => this.decideNow({ type: 'NoteProcessingFact', fact: processingFact }, state),
      respond: () => true,
      metadata: ({ state }) => actingFor(meta, state.unitCode),
    });
  }

  private decideNow(command: DeskCommand, state: DossierState) {
    return decideDesk(command, state, deskContext(this.deps));
  }
}
