// Liên thông — asking another agency for its opinion or a document, and recording its answer
// (by the consulted agency itself, or by the handling agency from a paper answer).
import { processingEvents as ev } from '@onestop/contracts';
import { checkAssignee, checkAtAgency, firstFailure } from '../actor';
import type { CaseState } from '../case-state';
import {
  accept,
  type Decision,
  type DecisionContext,
  invalid,
  notFound,
  precondition,
  requiredCode,
  requiredText,
  type Violation,
} from '../decision';
import type { OfficerCommand } from '../commands';
import { handOff } from '../steps';
import { timelinessOf } from '../working-time';
import { admit, allowedTo, inPhase, stillOpen } from './guards';

type Cmd<T extends OfficerCommand['type']> = Extract<OfficerCommand, { type: T }>;

const MAX_BUDGET_HOURS = 8 * 366;

export function requestConsultation(s: CaseState, c: Cmd<'RequestConsultation'>, ctx: DecisionContext): Decision {
  const v: Violation[] = [...requiredCode(c.consultedAgencyCode, 'consulted_agency_code'), ...requiredText(c.question, 'question')];
  if (s.version > 0 && c.consultedAgencyCode === s.agencyCode)
    v.push({ field: 'consulted_agency_code', description: 'must be another agency than the one handling the dossier' });
  if (!Number.isFinite(c.answerBudgetWorkingHours) || c.answerBudgetWorkingHours < 0 || c.answerBudgetWorkingHours > MAX_BUDGET_HOURS) {
    v.push({ field: 'answer_budget_working_hours', description: `must be between 0 and ${MAX_BUDGET_HOURS}` });
  }
  const failure = firstFailure(
    () => admit(s, c.actor, v),
    () => allowedTo(s, c.actor, 'request_consultation'),
    () => checkAssignee(s, c.actor),
    () => inPhase(s, 'in_progress'),
    () =>
      s.consultations.some((x) => x.consultedAgencyCode === c.consultedAgencyCode && !x.answeredAt)
        ? precondition(`a consultation of ${c.consultedAgencyCode} is already waiting for its answer`)
        : undefined,
  );
  if (failure) return failure;
  return accept({
    type: 'ConsultationRequested',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      consultationId: c.consultationId,
      consultedAgencyCode: c.consultedAgencyCode,
      question: c.question,
      requestedBy: c.actor.officerId,
      requestedAt: ctx.now,
      answerDueAt: c.answerBudgetWorkingHours > 0 ? ctx.time.addWorkingHours(ctx.now, c.answerBudgetWorkingHours) : undefined,
      handOff: handOff({
        from: s.agencyCode,
        to: c.consultedAgencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        dueAt: s.currentStep?.dueAt,
        note: c.question,
        fromStep: s.currentStep?.code,
      }),
    },
  });
}

export function recordConsultationAnswer(s: CaseState, c: Cmd<'RecordConsultationAnswer'>, ctx: DecisionContext): Decision {
  const v = [...requiredText(c.consultationId, 'consultation_id'), ...requiredText(c.answer, 'answer')];
  if (v.length) return invalid(v);
  if (s.version === 0) return notFound(`dossier ${s.dossierId} has no processing case`);
  const consultation = s.consultations.find((x) => x.consultationId === c.consultationId);
  if (!consultation) return notFound(`dossier ${s.dossierCode} has no consultation ${c.consultationId}`);
  const byConsulted = c.actor.unitCode === consultation.consultedAgencyCode;
  const failure = firstFailure(
    () => (byConsulted ? undefined : checkAtAgency(s, c.actor)),
    () => allowedTo(s, c.actor, 'record_consultation_answer'),
    () => (byConsulted ? undefined : checkAssignee(s, c.actor)),
    () => stillOpen(s),
    () => (consultation.answeredAt ? precondition(`consultation ${c.consultationId} was already answered`) : undefined),
  );
  if (failure) return failure;
  return accept({
    type: 'ConsultationAnswered',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      consultationId: c.consultationId,
      consultedAgencyCode: consultation.consultedAgencyCode,
      answer: c.answer,
      answeredBy: c.actor.officerId,
      answeredAt: ctx.now,
      timeliness: consultation.answerDueAt ? timelinessOf(ctx.now, consultation.answerDueAt) : ev.Timeliness.TIMELINESS_UNSPECIFIED,
      handOff: handOff({
        from: consultation.consultedAgencyCode,
        to: s.agencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        receivedBy: s.assigneeId,
        dueAt: consultation.answerDueAt,
        note: c.answer,
        toStep: s.currentStep?.code,
      }),
    },
  });
}
