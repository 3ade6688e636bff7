// What each kind of fact does to a dossier view, and the Form 05 timeline line it leaves.
import { type DossierFact, type FactBody, NATIONAL_STATUS as N, type NationalStatus } from './facts';
import type { DossierView, EndKind, PostalLeg, TimelineEntry } from './dossier-view';
import { statusMayMove } from './status';
import { describeFact } from './describe-fact';

type Of<K extends FactBody['kind']> = Extract<DossierFact, { kind: K }>;
type Handler<K extends FactBody['kind']> = (v: DossierView, f: Of<K>) => NationalStatus;

/** A copy of the view with the fact applied (positions and outcome are the caller's). */
export function applyBody(view: DossierView, fact: DossierFact): DossierView {
  const next: DossierView = { ...view, timeline: [...view.timeline] };
  const handler = HANDLERS[fact.kind] as Handler<typeof fact.kind>;
  const wanted = handler(next, fact);
  const moved = wanted !== N.UNKNOWN && statusMayMove(next.status, wanted);
  if (moved) next.status = wanted;
  next.timeline.push(timelineEntry(fact, moved ? wanted : N.UNKNOWN));
  return next;
}

function timelineEntry(fact: DossierFact, status: NationalStatus): TimelineEntry {
  return {
    at: fact.at,
    recordedAt: fact.meta.recordedAt,
    eventType: fact.meta.type,
    source: fact.meta.source,
    summary: describeFact(fact),
    actorId: fact.meta.actorId,
    status,
    handoff: fact.kind === 'processing_progress' ? fact.handoff : null,
  };
}

function place(v: DossierView, f: Of<'submitted_online'> | Of<'received'> | Of<'refused'>): void {
  v.unitCode = f.unitCode || v.unitCode;
  v.procedureCode = f.procedureCode || v.procedureCode;
  v.fieldCode = f.fieldCode || v.fieldCode;
  v.agencyCode = f.agencyCode || v.agencyCode;
  v.level = f.level || v.level;
}

function end(v: DossierView, kind: EndKind, at: Date): void {
  if (v.endedAt) return;
  v.endedAt = at;
  v.endKind = kind;
}

function upsertLeg(v: DossierView, leg: PostalLeg['leg'], shipmentId: string, change: Partial<PostalLeg>, at: Date, summary: string): void {
  const legs = v.postalLegs.map((l) => ({ ...l, history: [...l.history] }));
  let current = legs.find((l) => l.leg === leg && (l.shipmentId === shipmentId || l.shipmentId === '' || shipmentId === ''));
  if (!current) {
    current = { leg, shipmentId, waybillNumber: '', status: '', updatedAt: at, history: [] };
    legs.push(current);
  }
  Object.assign(current, Object.fromEntries(Object.entries(change).filter(([, x]) => x !== '' && x !== undefined)));
  if (shipmentId) current.shipmentId = shipmentId;
  current.updatedAt = at;
  current.history.push({ at, status: change.status || current.status, summary });
  v.postalLegs = legs;
}

const HANDLERS: { [K in FactBody['kind']]: Handler<K> } = {
  submitted_online: (v, f) => {
    place(v, f);
    v.channel = 'online';
    v.submittedAt = f.at;
    v.applicantName = f.applicantName || v.applicantName;
    v.applicantIdHash = f.applicantIdHash || v.applicantIdHash;
    v.resultDelivery = f.resultDelivery ?? v.resultDelivery;
    return N.SUBMITTED_ONLINE;
  },
  received: (v, f) => {
    place(v, f);
    v.dossierCode = f.dossierCode;
    v.procedureName = f.procedureName;
    v.channel = f.channel ?? v.channel;
    v.applicantName = f.applicantName || v.applicantName;
    v.applicantIdHash = f.applicantIdHash || v.applicantIdHash;
    v.resultDelivery = f.resultDelivery ?? v.resultDelivery;
    v.receivedAt = f.at;
    v.clockStartedAt = f.clockStartedAt;
    v.dueAt = f.dueAt;
    v.appointedAt = v.apologies.length > 0 ? v.appointedAt : f.dueAt;
    v.statutoryWorkingHours = f.statutoryWorkingHours;
    v.registerBook = f.registerBook;
    v.registerRow = f.registerRow;
    v.componentsReceived = f.components ?? v.componentsReceived;
    if (f.postalHandoverAt) {
      upsertLeg(v, 'dossier', '', { waybillNumber: f.waybillNumber, status: 'handed_over' }, f.postalHandoverAt, 'handed over to the desk');
    }
    return N.RECEIVED;
  },
  guidance_issued: () => 0,
  refused: (v, f) => {
    place(v, f);
    v.channel = f.channel ?? v.channel;
    v.refusedAt = f.at;
    if (!v.receivedAt) end(v, 'refused', f.at);
    return N.REFUSED;
  },
  supplement_requested: (v, f) => {
    v.supplementRequests = [...v.supplementRequests, f.at];
    return N.SUPPLEMENT_REQUESTED;
  },
  supplement_received: (v, f) => {
    v.supplementsReceived += 1;
    v.waitedWorkingHours += f.waitedWorkingHours;
    if (f.newDueAt) {
      v.dueAt = f.newDueAt;
      if (v.apologies.length === 0) v.appointedAt = f.newDueAt;
    }
    return N.PROCESSING;
  },
  withdrawal_requested: (v, f) => {
    v.withdrawalRequestedAt = f.at;
    return N.UNKNOWN;
  },
  withdrawn: (v, f) => {
    end(v, 'withdrawn', f.at);
    return N.WITHDRAWN;
  },
  processing_progress: (v, f) => {
    if (f.assignee) v.assignee = f.assignee;
    if (f.agencyCode) v.agencyCode = f.agencyCode;
    return f.status ?? 0;
  },
  stopped: (v, f) => {
    end(v, 'stopped', f.at);
    return N.STOPPED;
  },
  apology_issued: (v, f) => {
    v.apologies = [...v.apologies, { at: f.at, newDueAt: f.newDueAt, reason: f.reason }];
    if (f.newDueAt) v.appointedAt = f.newDueAt;
    return N.UNKNOWN;
  },
  result_ready: (v, f) => {
    v.resultReadyAt = v.resultReadyAt ?? f.at;
    end(v, 'result', f.at);
    return N.RESULT_READY;
  },
  deadline_alert: (v, f) => {
    if (!f.stepCode) v.deadlineAlerts = [...v.deadlineAlerts, { at: f.at, alert: f.alert }];
    return N.UNKNOWN;
  },
  result_returned: (v, f) => {
    v.returnedAt = f.at;
    end(v, 'result', f.at);
    if (f.method === 'post') upsertLeg(v, 'result', '', { waybillNumber: f.waybillNumber, status: 'delivered' }, f.at, 'result delivered');
    return N.RESULT_RETURNED;
  },
  result_delivery_failed: (v, f) => {
    upsertLeg(v, 'result', '', { status: 'delivery_failed' }, f.at, `delivery failed: ${f.reason}`);
    return N.UNKNOWN;
  },
  satisfaction_evaluated: (v, f) => {
    v.satisfaction = [...v.satisfaction, { at: f.at, scores: f.scores }];
    return N.UNKNOWN;
  },
  postal_shipment: (v, f) => {
    upsertLeg(v, f.leg, f.shipmentId, { waybillNumber: f.waybillNumber, status: f.status }, f.at, f.summary);
    return N.UNKNOWN;
  },
  components_digitised: (v, f) => {
    v.componentsScanned = [...new Set([...(v.componentsScanned ?? []), ...f.scanned])];
    v.componentsReused = [...new Set([...(v.componentsReused ?? []), ...f.reused])];
    return N.UNKNOWN;
  },
  result_digitised: (v) => {
    v.resultDigitised = true;
    return N.UNKNOWN;
  },
};
