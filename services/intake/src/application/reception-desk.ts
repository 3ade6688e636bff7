// The reception desk's use cases (tiếp nhận): a dossier submitted at the counter, online or at the
// postal hand-over is checked and received with a code, guided once (Form 02) or refused (Form 03);
// an online submission waits for the desk's decision. Both run through the platform's command
// handler; a receipt claims the next dossier code of the unit's day in the same write.
import { receiptRefusal, successorAt } from '@onestop/admin-map';
import { type Command, type Decision, notFound, precondition, refuse, refuseIfInvalid, type Violation } from '@onestop/commands';
import { common, intake, type intakeEvents } from '@onestop/contracts';
import type { Procedure, Unit } from '../domain/catalogue';
import { decide, type DeskCommand } from '../domain/decide-desk';
import { evolve, initialState, type DossierState } from '../domain/dossier';
import type { Routing } from '../domain/reception-check';
import { routingAt } from '../domain/routing';
import type { IntakeEvent } from '../domain/events';
import { validateApplicant, validateDocuments } from '../domain/validation';
import { actingFor, actsForUnit } from './access';
import type { DeskDeps } from './desk-deps';
import { deskContext, mayActOn } from './dossier-command';
import { type CommandMeta, mapDate, procedureOf, unitOf } from './ports';
import { formRef } from './form-refs';
import { receiptSlip } from './views';

export interface SubmitCommand {
  channel: common.Channel;
  unitCode: string;
  procedureCode: string;
  applicant?: common.Applicant;
  documents: common.SubmittedDocument[];
  resultDelivery: common.ResultDelivery;
  postalHandover?: intakeEvents.PostalHandover;
  /** A boundary-free receipt: the unit that decides it, when not the receiving desk's own. */
  competentUnitCode?: string;
}

type Outcome = intake.SubmitDossierResponse['outcome'];

/** The receipt among a decision's events, if it is one. */
function receiptIn(events: IntakeEvent[]): intakeEvents.DossierReceived | undefined {
  const received = events.find((e) => e.type === 'DossierReceived');
  return received?.type === 'DossierReceived' ? received.data : undefined;
}

export class ReceptionDesk {
  constructor(private readonly deps: DeskDeps) {}

  private now(): Date {
    return this.deps.clock();
  }

  /** The day the map is read at: MAP_AS_OF, or now. */
  private mapDate(): Date | string {
    return mapDate(this.deps.reference, this.now());
  }

  private resolveSubmission(cmd: SubmitCommand, meta: CommandMeta): { unit: Unit; procedure: Procedure; routing?: Routing } {
    const unitCode = cmd.unitCode || meta.actor.unitCode;
    const unit = unitOf(this.deps.reference, unitCode);
    const procedure = procedureOf(this.deps.reference, cmd.procedureCode);
    // A desk receives only while its unit exists: a dissolved unit's desk names its successor.
    const closed = unit ? receiptRefusal(this.deps.reference.units.map, unit.code, this.mapDate()) : undefined;
    if (closed) refuse(precondition(closed));
    const routed =
      unit && procedure
        ? routingAt(procedure, unit, this.deps.reference.units, this.mapDate(), cmd.competentUnitCode || undefined)
        : undefined;
    const v: Violation[] = [];
    if (routed && 'invalid' in routed) v.push(routed.invalid);
    if (!unit) v.push({ field: 'unit_code', description: `unknown unit "${unitCode}"` });
    if (!cmd.procedureCode) v.push({ field: 'procedure_code', description: 'is required' });
    else if (!procedure)
      v.push({
        field: 'procedure_code',
        description: `no procedure "${cmd.procedureCode}" in catalogue ${this.deps.reference.catalogue.version}`,
      });
    if (cmd.channel === common.Channel.CHANNEL_UNSPECIFIED) v.push({ field: 'channel', description: 'must be COUNTER, ONLINE or POSTAL' });
    if (cmd.resultDelivery === common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED)
      v.push({ field: 'result_delivery', description: 'must be COUNTER, POST or ELECTRONIC' });
    v.push(...validateApplicant(cmd.applicant));
    v.push(...validateDocuments(cmd.documents, procedure ? new Set(procedure.components.map((c) => c.code)) : undefined));
    v.push(...this.validateHandover(cmd));
    refuseIfInvalid(v);
    return { unit: unit!, procedure: procedure!, routing: routed && 'routing' in routed ? routed.routing : undefined };
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
    else if (h.handedOverAt.getTime() > this.now().getTime() + 60_000)
      v.push({ field: 'postal_handover.handed_over_at', description: 'is in the future' });
    if (h.feesHandedOverVnd < 0) v.push({ field: 'postal_handover.fees_handed_over_vnd', description: 'must not be negative' });
    return v;
  }

  async submitDossier(cmd: SubmitCommand, meta: CommandMeta): Promise<intake.SubmitDossierResponse> {
    const { unit, procedure, routing } = this.resolveSubmission(cmd, meta);
    const dossierId = this.deps.newId();
    const command: DeskCommand = {
      type: 'SubmitDossier',
      submission: {
        dossierId,
        channel: cmd.channel,
        unit,
        procedure,
        applicant: cmd.applicant!,
        documents: cmd.documents,
        resultDelivery: cmd.resultDelivery,
        postalHandover: cmd.postalHandover,
        routing,
      },
    };
    const outcome = await this.receive(meta, unit.code, {
      streamId: dossierId,
      // A new dossier has a new id each time: a retry names the unit it submits to, and there is
      // no stream to read before deciding.
      target: `unit:${unit.code}`,
      freshStream: true,
      authorize: (loaded, m) => actsForUnit(m.actor, loaded.state.version === 0 ? unit.code : loaded.state.unitCode),
      command,
    });
    return { outcome };
  }

  async receiveOnlineDossier(dossierId: string, refusalReason: string, meta: CommandMeta): Promise<intake.ReceiveOnlineDossierResponse> {
    refuseIfInvalid(dossierId ? [] : [{ field: 'dossier_id', description: 'is required' }]);
    const { state } = await this.deps.streams.load(dossierId);
    const unit = state.version > 0 ? this.receivingUnit(state.unitCode) : unitOf(this.deps.reference, state.unitCode);
    const procedure = procedureOf(this.deps.reference, state.procedureCode);
    const routed = unit && procedure ? routingAt(procedure, unit, this.deps.reference.units, this.mapDate()) : undefined;
    const routing = routed && 'routing' in routed ? routed.routing : undefined;
    const map = this.deps.reference.units.map;
    const receivingCode = unit?.code ?? state.unitCode;
    const outcome = await this.receive(meta, receivingCode, {
      streamId: dossierId,
      // The caller acts for the receiving unit: the filing unit's, or the unit carrying a dissolved one on.
      authorize:
        receivingCode === state.unitCode
          ? mayActOn(dossierId, map, this.mapDate())
          : (loaded, m) =>
              loaded.state.version === 0
                ? notFound(`no dossier ${dossierId}`)
                : actsForUnit(m.actor, receivingCode, { map, at: this.mapDate() }),
      command: unit && procedure ? { type: 'ReceiveOnlineDossier', refusalReason, unit, procedure, routing } : undefined,
    });
    return { outcome: outcome as intake.ReceiveOnlineDossierResponse['outcome'] };
  }

  /**
   * The unit that receives an online submission filed at `filedAt`: that unit while it exists; once
   * it has ceased to exist, the unit carrying it on (its successor's desk receives it, under its own
   * code and register); refused naming the reason when neither can receive.
   */
  private receivingUnit(filedAt: string): Unit | undefined {
    const map = this.deps.reference.units.map;
    const unit = unitOf(this.deps.reference, filedAt);
    if (!unit) return undefined;
    const closed = receiptRefusal(map, unit.code, this.mapDate());
    if (!closed) return unit;
    const carrier = successorAt(map, unit.code, this.mapDate());
    const successor = carrier && !receiptRefusal(map, carrier.code, this.mapDate()) ? unitOf(this.deps.reference, carrier.code) : undefined;
    if (!successor) refuse(precondition(closed));
    return successor;
  }

  /**
   * Runs a reception command. A receipt takes the next code of its register (the unit's day): the
   * decision is made again for the number the event store gives in the append's own transaction
   * (unique and gap-free across intake processes, without a look-up or a lock around the command).
   */
  private receive(
    meta: CommandMeta,
    unitCode: string,
    spec: {
      streamId: string;
      target?: string;
      freshStream?: boolean;
      authorize: Command<IntakeEvent, DossierState, Outcome>['authorize'];
      command: DeskCommand | undefined;
    },
  ): Promise<Outcome> {
    const name = spec.command?.type ?? 'ReceiveOnlineDossier';
    return this.deps.commands.execute<Outcome>(meta, {
      name,
      streamId: spec.streamId,
      target: spec.target,
      freshStream: spec.freshStream,
      authorize: spec.authorize,
      decide: ({ state }) => {
        const command = spec.command;
        if (!command)
          return {
            ok: false,
            rejection: {
              kind: 'precondition',
              message: `procedure ${state.procedureCode} or unit ${state.unitCode} is no longer in the catalogue`,
            },
          };
        const ctx = deskContext(this.deps);
        // Whether it is a receipt does not depend on the number: decided for the first row, then for the one given.
        const decision: Decision<IntakeEvent> = decide(command, state, ctx);
        const received = decision.ok ? receiptIn(decision.events) : undefined;
        if (!decision.ok || !received) return decision;
        return {
          ok: true,
          numbered: {
            scope: received.registerBook,
            decide: (seq) => {
              const numbered = decide(command, state, { ...ctx, nextSequence: seq });
              if (!numbered.ok) return numbered;
              return { ok: true, events: numbered.events, key: (receiptIn(numbered.events) as intakeEvents.DossierReceived).dossierCode };
            },
          },
        };
      },
      respond: ({ events }) => this.outcomeOf(events[0], meta.actor.officerId),
      encodeAnswer: (o) => intake.SubmitDossierResponse.toJSON({ outcome: o }),
      decodeAnswer: (j) => intake.SubmitDossierResponse.fromJSON(j).outcome,
      metadata: () => actingFor(meta, unitCode),
    });
  }

  /** The answer to a reception: what the citizen is handed (Form 01, 02 or 03 data). */
  private outcomeOf(event: IntakeEvent, officerId: string): Outcome {
    switch (event.type) {
      case 'DossierReceived': {
        const r = event.data;
        const state = evolve(initialState(r.dossierId), event);
        const deskName = unitOf(this.deps.reference, r.unitCode)?.name ?? r.unitCode;
        const slip = receiptSlip(state, { ...r, receivedBy: officerId }, deskName, procedureOf(this.deps.reference, r.procedureCode));
        return {
          $case: 'received',
          received: { dossierId: r.dossierId, dossierCode: r.dossierCode, receivedAt: r.receivedAt, dueAt: r.dueAt, receiptSlip: slip },
        };
      }
      case 'ReceptionGuidanceIssued':
        return {
          $case: 'incomplete',
          incomplete: {
            dossierId: event.data.dossierId,
            problems: event.data.problems,
            issuedAt: event.data.issuedAt,
            form: formRef('supplement_request', event.data.issuedAt),
          },
        };
      case 'DossierRefused':
        return {
          $case: 'refused',
          refused: {
            dossierId: event.data.dossierId,
            reason: event.data.reason,
            refusedAt: event.data.refusedAt,
            form: formRef('refusal', event.data.refusedAt),
          },
        };
      case 'DossierSubmittedOnline':
        return { $case: 'submittedOnline', submittedOnline: { dossierId: event.data.dossierId, submittedAt: event.data.submittedAt } };
      default:
        throw new Error(`${event.type} is not a reception outcome`);
    }
  }
}
