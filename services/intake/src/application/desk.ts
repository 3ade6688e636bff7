// The desk's use cases (Bộ phận tiếp nhận và trả kết quả): reception, the dossier's later life at
// the desk (supplement, withdrawal, return, evaluation, processing facts), and queries. Each
// validates, checks who may act, loads, lets the domain decide, and appends — idempotent by
// request id.
import { common, intake } from '@onestop/contracts';
import { InvalidArgumentError, NotFoundError } from '@onestop/grpc-kit';
import * as decide from '../domain/decide';
import { evolve } from '../domain/dossier';
import { validateDocuments, validateScores, type Violation } from '../domain/validation';
import { actingFor, assertActsForUnit } from './access';
import { runCommand, stepOf, type Step } from './command-runner';
import type { DeskDeps } from './desk-deps';
import { DossierQueries } from './dossier-queries';
import type { CommandMeta, LoadedDossier } from './ports';
import { procedureOf } from './ports';
import { Reception, type SubmitCommand } from './reception';
import { dossierView } from './views';

export type { DeskDeps } from './desk-deps';
export type { SubmitCommand } from './reception';

export class Desk {
  private readonly reception: Reception;
  private readonly queries: DossierQueries;

  constructor(private readonly deps: DeskDeps) {
    this.reception = new Reception(deps);
    this.queries = new DossierQueries(deps);
  }

  private now(): Date {
    return this.deps.clock();
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

  private async dossierCommand(
    command: string,
    dossierId: string,
    meta: CommandMeta,
    decideFn: (loaded: LoadedDossier, now: Date) => decide.Decision,
  ): Promise<intake.Dossier> {
    if (!dossierId) throw new InvalidArgumentError([{ field: 'dossier_id', description: 'is required' }]);
    return runCommand(this.deps.streams, meta, {
      command,
      dossierId,
      decide: (loaded): Step<intake.Dossier> => {
        if (loaded.state.version === 0) throw new NotFoundError(`no dossier ${dossierId}`);
        assertActsForUnit(meta.actor, loaded.state.unitCode);
        return stepOf(decideFn(loaded, this.now()), (events) => dossierView(events.reduce(evolve, loaded.state)));
      },
      encode: (d) => intake.Dossier.toJSON(d),
      decode: (j) => intake.Dossier.fromJSON(j),
      metaFor: ({ state }) => actingFor(meta, state.unitCode),
    });
  }

  recordSupplement(dossierId: string, documents: common.SubmittedDocument[], meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('RecordSupplement', dossierId, meta, ({ state }, now) => {
      const procedure = procedureOf(this.deps.reference, state.procedureCode);
      const v = validateDocuments(documents, procedure ? new Set(procedure.components.map((c) => c.code)) : undefined);
      if (documents.length === 0) v.push({ field: 'documents', description: 'at least one document is required' });
      if (v.length) return { ok: false, rejection: { kind: 'invalid', violations: v } };
      return decide.decideSupplement(state, documents, now, this.deps.reference.calendar);
    });
  }

  requestWithdrawal(dossierId: string, reason: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('RequestWithdrawal', dossierId, meta, ({ state }, now) =>
      reason.trim()
        ? decide.decideWithdrawalRequest(state, reason.trim(), now)
        : { ok: false, rejection: { kind: 'invalid', violations: [{ field: 'reason', description: "is required (the citizen's written request)" }] } },
    );
  }

  confirmWithdrawal(dossierId: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('ConfirmWithdrawal', dossierId, meta, ({ state }, now) => decide.decideWithdrawalConfirmation(state, now));
  }

  returnResult(dossierId: string, method: common.ResultDelivery, recipientName: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('ReturnResult', dossierId, meta, ({ state }, now) => {
      const v: Violation[] = [];
      if (method === common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED) v.push({ field: 'method', description: 'must be COUNTER or ELECTRONIC' });
      if (!recipientName.trim()) v.push({ field: 'recipient_name', description: 'is required' });
      if (v.length) return { ok: false, rejection: { kind: 'invalid', violations: v } };
      return decide.decideReturn(state, { method, recipientName: recipientName.trim(), procedure: procedureOf(this.deps.reference, state.procedureCode) }, now);
    });
  }

  recordResultDelivery(req: intake.RecordResultDeliveryRequest, meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('RecordResultDelivery', req.dossierId, meta, ({ state }) => {
      const v: Violation[] = [];
      if (!req.at) v.push({ field: 'at', description: 'is required' });
      if (req.delivered && !req.waybillNumber) v.push({ field: 'waybill_number', description: 'is required for a delivery' });
      if (!req.delivered && !req.failureReason) v.push({ field: 'failure_reason', description: 'is required when delivery failed' });
      if (v.length) return { ok: false, rejection: { kind: 'invalid', violations: v } };
      return decide.decideResultDelivery(state, {
        delivered: req.delivered,
        at: req.at!,
        waybillNumber: req.waybillNumber,
        recipientName: req.recipientName,
        failureReason: req.failureReason,
        procedure: procedureOf(this.deps.reference, state.procedureCode),
      });
    });
  }

  evaluateSatisfaction(dossierId: string, scores: { criterion: string; score: number }[], comment: string, meta: CommandMeta): Promise<intake.Dossier> {
    return this.dossierCommand('EvaluateSatisfaction', dossierId, meta, ({ state }, now) => {
      const v = validateScores(scores);
      if (comment.length > 2000) v.push({ field: 'comment', description: 'must be at most 2000 characters' });
      if (v.length) return { ok: false, rejection: { kind: 'invalid', violations: v } };
      return decide.decideEvaluation(state, scores, comment, now);
    });
  }

  /** Mirrors a processing fact; idempotent by the source event id (used as the request id). */
  async noteProcessingFact(fact: { dossierId: string; status: common.NationalStatus; at: Date; newDueAt?: Date; sourceEventId: string; sourceEventType: string }): Promise<void> {
    const meta: CommandMeta = { requestId: `processing:${fact.sourceEventId}`, actor: { officerId: 'processing', role: 'service', unitCode: '' }, correlationId: fact.sourceEventId };
    await runCommand(this.deps.streams, meta, {
      command: 'NoteProcessingFact',
      dossierId: fact.dossierId,
      decide: ({ state }) => stepOf(decide.noteProcessingFact(state, fact), () => true),
      encode: () => true,
      decode: () => true,
      metaFor: ({ state }) => actingFor(meta, state.unitCode),
    });
  }
}
