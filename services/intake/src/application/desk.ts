// The desk's use cases (Bộ phận tiếp nhận và trả kết quả): each validates, checks who may act,
// loads the dossier, lets the domain decide, and appends — idempotent by request id.
import { common, intake, type intakeEvents } from '@onestop/contracts';
import { AbortedError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@onestop/grpc-kit';
import type { Procedure, Unit } from '../domain/catalogue';
import * as decide from '../domain/decide';
import { evolve, initialState } from '../domain/dossier';
import { codeScope, formatDossierCode, isDossierCode, MAX_DAILY_SEQUENCE } from '../domain/dossier-code';
import type { IntakeEvent } from '../domain/events';
import { validateApplicant, validateDocuments, validateScores, type Violation } from '../domain/validation';
import { actingFor, assertActsForUnit, assertMayRead } from './access';
import { earlierAnswer, replay, runCommand, stepOf, throwRejection, type Step } from './command-runner';
import { CodeTaken, RequestAlreadyHandled, StreamConflict } from './errors';
import { type Clock, type CommandMeta, type DossierQueue, type DossierStreams, type LoadedDossier, procedureOf, type ReferenceData, unitOf } from './ports';
import { dossierView, procedureView, receiptSlip } from './views';

export interface DeskDeps {
  streams: DossierStreams;
  reference: ReferenceData;
  queue: DossierQueue;
  clock: Clock;
  newId: () => string;
}

export interface SubmitCommand {
  channel: common.Channel;
  unitCode: string;
  procedureCode: string;
  applicant?: common.Applicant;
  documents: common.SubmittedDocument[];
  resultDelivery: common.ResultDelivery;
  postalHandover?: intakeEvents.PostalHandover;
}

type Outcome = intake.SubmitDossierResponse['outcome'];

export class Desk {
  constructor(private readonly deps: DeskDeps) {}

  private now(): Date {
    return this.deps.clock();
  }

  private refs(): decide.ReferenceVersions {
    return { catalogueVersion: this.deps.reference.catalogue.version, calendar: this.deps.reference.calendar };
  }

  private resolveSubmission(cmd: SubmitCommand, meta: CommandMeta): { unit: Unit; procedure: Procedure } {
    const unitCode = cmd.unitCode || meta.actor.unitCode;
    const unit = unitOf(this.deps.reference, unitCode);
    const procedure = procedureOf(this.deps.reference, cmd.procedureCode);
    const v: Violation[] = [];
    if (!unit) v.push({ field: 'unit_code', description: `unknown unit "${unitCode}"` });
    if (!cmd.procedureCode) v.push({ field: 'procedure_code', description: 'is required' });
    else if (!procedure) v.push({ field: 'procedure_code', description: `no procedure "${cmd.procedureCode}" in catalogue ${this.deps.reference.catalogue.version}` });
    if (cmd.channel === common.Channel.CHANNEL_UNSPECIFIED) v.push({ field: 'channel', description: 'must be COUNTER, ONLINE or POSTAL' });
    if (cmd.resultDelivery === common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED) v.push({ field: 'result_delivery', description: 'must be COUNTER, POST or ELECTRONIC' });
    v.push(...validateApplicant(cmd.applicant));
    v.push(...validateDocuments(cmd.documents, procedure ? new Set(procedure.components.map((c) => c.code)) : undefined));
    v.push(...this.validateHandover(cmd));
    if (v.length) throw new InvalidArgumentError(v);
    assertActsForUnit(meta.actor, unit!.code);
    return { unit: unit!, procedure: procedure! };
  }

  private validateHandover(cmd: SubmitCommand): Violation[] {
    const h = cmd.postalHandover;
    if (cmd.channel !== common.Channel.CHANNEL_POSTAL) {
      return h ? [{ field: 'postal_handover', description: 'is only for channel POSTAL' }] : [];
    }
    if (!h) return [{ field: 'postal_handover', description: 'is required for channel POSTAL (the hand-over record)' }];
    const v: Violation[] = [];
    if (!h.handedBy) v.push({ field: 'postal_handover.handed_by', description: 'is required' });
    if (!h.receivedBy) v.push({ field: 'postal_handover.received_by', description: 'is required' });
    if (!h.handedOverAt) v.push({ field: 'postal_handover.handed_over_at', description: 'is required' });
    else if (h.handedOverAt.getTime() > this.now().getTime() + 60_000) v.push({ field: 'postal_handover.handed_over_at', description: 'is in the future' });
    if (h.feesHandedOverVnd < 0) v.push({ field: 'postal_handover.fees_handed_over_vnd', description: 'must not be negative' });
    return v;
  }

  async submitDossier(cmd: SubmitCommand, meta: CommandMeta): Promise<intake.SubmitDossierResponse> {
    const command = 'SubmitDossier';
    const decodeAnswer = (json: unknown) => intake.SubmitDossierResponse.fromJSON(json);
    const earlier = await earlierAnswer(this.deps.streams, meta, command, decodeAnswer);
    if (earlier) return earlier;
    const { unit, procedure } = this.resolveSubmission(cmd, meta);
    const now = this.now();
    const dossierId = this.deps.newId();
    const outcome = decide.decideSubmission(
      { dossierId, channel: cmd.channel, unit, procedure, applicant: cmd.applicant!, documents: cmd.documents, resultDelivery: cmd.resultDelivery, postalHandover: cmd.postalHandover },
      now,
      this.refs(),
    );
    const response = await this.appendOutcome(dossierId, 0, outcome, now, actingFor(meta, unit.code), command);
    return { outcome: response };
  }

  /** Appends a reception outcome; a receipt claims the next dossier code of the unit's day. */
  private async appendOutcome(dossierId: string, expectedVersion: number, outcome: decide.SubmissionOutcome, now: Date, meta: CommandMeta, command: string): Promise<Outcome> {
    const streams = this.deps.streams;
    const wrap = (o: Outcome) => ({ command, response: intake.SubmitDossierResponse.toJSON({ outcome: o }) });
    try {
      if (outcome.kind === 'event') {
        const o = this.outcomeOf(outcome.event, meta.actor.officerId);
        await streams.append(dossierId, [outcome.event], { expectedVersion, meta, answer: wrap(o) });
        return o;
      }
      const unitCode = outcome.build('X-000000-0001', 1).unitCode;
      const scope = codeScope(unitCode, now);
      for (;;) {
        const seq = (await streams.lastSequence(scope)) + 1;
        if (seq > MAX_DAILY_SEQUENCE) throw new FailedPreconditionError(`unit ${unitCode} reached ${MAX_DAILY_SEQUENCE} dossiers today`);
        const code = formatDossierCode(unitCode, now, seq);
        const received = outcome.build(code, seq);
        const o = this.outcomeOf({ type: 'DossierReceived', data: received }, meta.actor.officerId);
        try {
          await streams.append(dossierId, [{ type: 'DossierReceived', data: received }], { expectedVersion, meta, answer: wrap(o), reservation: { key: code, scope, seq } });
          return o;
        } catch (err) {
          if (!(err instanceof CodeTaken)) throw err;
        }
      }
    } catch (err) {
      if (err instanceof RequestAlreadyHandled) return replay(err.answer, command, meta, (j) => intake.SubmitDossierResponse.fromJSON(j)).outcome;
      throw err;
    }
  }

  /** The answer to a reception: what the citizen is handed (Form 01, 02 or 03 data). */
  private outcomeOf(event: IntakeEvent, officerId: string): Outcome {
    switch (event.type) {
      case 'DossierReceived': {
        const r = event.data;
        const state = evolve(initialState(r.dossierId), event);
        const deskName = unitOf(this.deps.reference, r.unitCode)?.name ?? r.unitCode;
        const slip = receiptSlip(state, { ...r, receivedBy: officerId }, deskName, procedureOf(this.deps.reference, r.procedureCode));
        return { $case: 'received', received: { dossierId: r.dossierId, dossierCode: r.dossierCode, receivedAt: r.receivedAt, dueAt: r.dueAt, receiptSlip: slip } };
      }
      case 'ReceptionGuidanceIssued':
        return { $case: 'incomplete', incomplete: { dossierId: event.data.dossierId, problems: event.data.problems, issuedAt: event.data.issuedAt } };
      case 'DossierRefused':
        return { $case: 'refused', refused: { dossierId: event.data.dossierId, reason: event.data.reason, refusedAt: event.data.refusedAt } };
      case 'DossierSubmittedOnline':
        return { $case: 'submittedOnline', submittedOnline: { dossierId: event.data.dossierId, submittedAt: event.data.submittedAt } };
      default:
        throw new Error(`${event.type} is not a reception outcome`);
    }
  }

  async receiveOnlineDossier(dossierId: string, refusalReason: string, meta: CommandMeta): Promise<intake.ReceiveOnlineDossierResponse> {
    const command = 'ReceiveOnlineDossier';
    const decodeAnswer = (json: unknown) => intake.SubmitDossierResponse.fromJSON(json);
    const earlier = await earlierAnswer(this.deps.streams, meta, command, decodeAnswer);
    if (earlier) return { outcome: earlier.outcome as intake.ReceiveOnlineDossierResponse['outcome'] };
    for (let attempt = 0; attempt < 5; attempt++) {
      const { state } = await this.loadExisting(dossierId);
      assertActsForUnit(meta.actor, state.unitCode);
      const unit = unitOf(this.deps.reference, state.unitCode);
      const procedure = procedureOf(this.deps.reference, state.procedureCode);
      if (!unit || !procedure) throw new FailedPreconditionError(`procedure ${state.procedureCode} or unit ${state.unitCode} is no longer in the catalogue`);
      const now = this.now();
      const outcome = decide.decideOnlineReception(state, { refusalReason, unit, procedure }, now, this.refs());
      if (outcome.kind === 'rejected') throwRejection(outcome.rejection);
      try {
        const o = await this.appendOutcome(dossierId, state.version, outcome, now, actingFor(meta, state.unitCode), command);
        return { outcome: o as intake.ReceiveOnlineDossierResponse['outcome'] };
      } catch (err) {
        if (!(err instanceof StreamConflict)) throw err;
      }
    }
    throw new AbortedError(`dossier ${dossierId} kept changing; retry with the same request_id`);
  }

  private async loadExisting(dossierId: string): Promise<LoadedDossier> {
    if (!dossierId) throw new InvalidArgumentError([{ field: 'dossier_id', description: 'is required' }]);
    const loaded = await this.deps.streams.load(dossierId);
    if (loaded.state.version === 0) throw new NotFoundError(`no dossier ${dossierId}`);
    return loaded;
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

  async getDossier(key: { dossierId?: string; dossierCode?: string }, meta: CommandMeta): Promise<intake.Dossier> {
    const dossierId = await this.resolveKey(key);
    const { state } = await this.loadExisting(dossierId);
    assertMayRead(meta.actor, state.unitCode);
    return dossierView(state);
  }

  private async resolveKey(key: { dossierId?: string; dossierCode?: string }): Promise<string> {
    if (key.dossierId) return key.dossierId;
    if (!key.dossierCode) throw new InvalidArgumentError([{ field: 'key', description: 'dossier_id or dossier_code is required' }]);
    if (!isDossierCode(key.dossierCode)) throw new InvalidArgumentError([{ field: 'dossier_code', description: 'must look like <UNIT>-YYMMDD-NNNN' }]);
    const id = await this.deps.streams.dossierIdByCode(key.dossierCode);
    if (!id) throw new NotFoundError(`no dossier with code ${key.dossierCode}`);
    return id;
  }

  async getReceiptSlip(dossierId: string, meta: CommandMeta): Promise<intake.ReceiptSlip> {
    const { state, events, actors } = await this.loadExisting(dossierId);
    assertMayRead(meta.actor, state.unitCode);
    const at = events.findIndex((e) => e.type === 'DossierReceived');
    const received = events[at];
    if (!received || received.type !== 'DossierReceived') throw new FailedPreconditionError(`dossier ${dossierId} was not received, so it has no receipt slip`);
    const receivedBy = actors[at]?.officerId ?? '';
    const deskName = unitOf(this.deps.reference, state.unitCode)?.name ?? state.unitCode;
    return receiptSlip(state, { ...received.data, receivedBy }, deskName, procedureOf(this.deps.reference, state.procedureCode));
  }

  getProcedure(code: string): intake.Procedure {
    if (!code) throw new InvalidArgumentError([{ field: 'procedure_code', description: 'is required' }]);
    const p = procedureOf(this.deps.reference, code);
    if (!p) throw new NotFoundError(`no procedure ${code} in catalogue ${this.deps.reference.catalogue.version}`);
    return procedureView(p, this.deps.reference.catalogue.version);
  }

  async listOnlineQueue(unitCode: string, pageSize: number, pageToken: string, meta: CommandMeta): Promise<intake.ListOnlineQueueResponse> {
    const unit = unitCode || meta.actor.unitCode;
    assertActsForUnit(meta.actor, unit);
    const size = pageSize > 0 ? Math.min(pageSize, 200) : 50;
    const page = await this.deps.queue.onlineWaiting(unit, size, pageToken || undefined);
    const dossiers = await Promise.all(page.dossierIds.map(async (id) => dossierView((await this.deps.streams.load(id)).state)));
    return { dossiers: dossiers.filter((d) => d.status === common.NationalStatus.NATIONAL_STATUS_SUBMITTED_ONLINE), nextPageToken: page.next ?? '' };
  }
}
