// Reception (tiếp nhận): a dossier submitted at the counter, online or at the postal hand-over is
// checked and received with a code, guided once (Form 02) or refused (Form 03); an online
// submission waits for the desk's decision. Idempotent by request id.
import { common, intake, type intakeEvents } from '@onestop/contracts';
import { AbortedError, FailedPreconditionError, InvalidArgumentError } from '@onestop/grpc-kit';
import type { Procedure, Unit } from '../domain/catalogue';
import * as decide from '../domain/decide';
import { evolve, initialState } from '../domain/dossier';
import { codeScope, formatDossierCode, MAX_DAILY_SEQUENCE } from '../domain/dossier-code';
import type { IntakeEvent } from '../domain/events';
import { validateApplicant, validateDocuments, type Violation } from '../domain/validation';
import { actingFor, assertActsForUnit } from './access';
import { earlierAnswer, replay, throwRejection } from './command-runner';
import { CodeTaken, RequestAlreadyHandled, StreamConflict } from './errors';
import { KeyedLock } from './keyed-lock';
import { loadExisting } from './load';
import { type CommandMeta, procedureOf, unitOf } from './ports';
import type { DeskDeps } from './desk-deps';
import { receiptSlip } from './views';

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

export class Reception {
  private readonly codeLock = new KeyedLock();

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
      const scope = codeScope(outcome.unitCode, now);
      return await this.codeLock.run(scope, () => this.claimCode(dossierId, expectedVersion, outcome, scope, now, meta, wrap));
    } catch (err) {
      if (err instanceof RequestAlreadyHandled) return replay(err.answer, command, meta, (j) => intake.SubmitDossierResponse.fromJSON(j)).outcome;
      throw err;
    }
  }

  /** Receives with the next free code of the unit's day, claimed in the same insert as the event. */
  private async claimCode(
    dossierId: string,
    expectedVersion: number,
    outcome: decide.ReceiptDraft,
    scope: string,
    now: Date,
    meta: CommandMeta,
    wrap: (o: Outcome) => { command: string; response: unknown },
  ): Promise<Outcome> {
    for (let seq = (await this.deps.streams.lastSequence(scope)) + 1; ; seq++) {
      if (seq > MAX_DAILY_SEQUENCE) throw new FailedPreconditionError(`unit ${outcome.unitCode} reached ${MAX_DAILY_SEQUENCE} dossiers today`);
      const code = formatDossierCode(outcome.unitCode, now, seq);
      const received = outcome.build(code, seq);
      const o = this.outcomeOf({ type: 'DossierReceived', data: received }, meta.actor.officerId);
      try {
        await this.deps.streams.append(dossierId, [{ type: 'DossierReceived', data: received }], { expectedVersion, meta, answer: wrap(o), reservation: { key: code, scope, seq } });
        return o;
      } catch (err) {
        if (!(err instanceof CodeTaken)) throw err; // another intake process took it: try the next
      }
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
      const { state } = await loadExisting(this.deps.streams, dossierId);
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
}
