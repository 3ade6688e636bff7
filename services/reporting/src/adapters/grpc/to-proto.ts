// Read models and reports as the wire messages of onestop.reporting.v1.
import { common, reporting as pb } from '@onestop/contracts';
import { formRefAt } from '@onestop/forms';
import type { CitizenView } from '../../domain/citizen-view';
import type { RegisterRow } from '../../domain/dossier-register';
import type { DossierView } from '../../domain/dossier-view';
import type { Channel, ResultDelivery } from '../../domain/facts';
import type { Grouping, OfficialReport, ReportCounts } from '../../domain/official-report';
import type { PeriodStatistics } from '../../domain/statistics';

const CHANNELS: Record<Channel, common.Channel> = {
  counter: common.Channel.CHANNEL_COUNTER,
  online: common.Channel.CHANNEL_ONLINE,
  postal: common.Channel.CHANNEL_POSTAL,
};

const DELIVERIES: Record<ResultDelivery, common.ResultDelivery> = {
  counter: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
  post: common.ResultDelivery.RESULT_DELIVERY_POST,
  electronic: common.ResultDelivery.RESULT_DELIVERY_ELECTRONIC,
};

export const GROUPINGS_BY_ENUM: Record<number, Grouping> = {
  [pb.ReportGrouping.REPORT_GROUPING_FIELD]: 'field',
  [pb.ReportGrouping.REPORT_GROUPING_AGENCY]: 'agency',
  [pb.ReportGrouping.REPORT_GROUPING_UNIT]: 'unit',
  [pb.ReportGrouping.REPORT_GROUPING_LEVEL]: 'level',
  [pb.ReportGrouping.REPORT_GROUPING_PROCEDURE]: 'procedure',
};

const GROUPING_ENUMS = Object.fromEntries(Object.entries(GROUPINGS_BY_ENUM).map(([k, v]) => [v, Number(k)])) as Record<
  Grouping,
  pb.ReportGrouping
>;

const opt = (d: Date | null): Date | undefined => d ?? undefined;

export function dossierViewToProto(v: DossierView): pb.DossierView {
  return {
    dossierId: v.dossierId,
    dossierCode: v.dossierCode,
    status: v.status,
    channel: v.channel ? CHANNELS[v.channel] : common.Channel.CHANNEL_UNSPECIFIED,
    unitCode: v.unitCode,
    procedureCode: v.procedureCode,
    fieldCode: v.fieldCode,
    agencyCode: v.agencyCode,
    level: v.level,
    receivedAt: opt(v.receivedAt),
    // Both appointed times: due_at counts (set at receipt, moved only by supplements; outcome is
    // judged against it), appointed_at is what the citizen was last told (an apology's new date).
    dueAt: opt(v.dueAt),
    endedAt: opt(v.endedAt),
    outcome: v.outcome ?? '',
    supplementCount: v.supplementRequests.length,
    apologised: v.apologies.length > 0,
    timeline: v.timeline.map((t) => ({
      at: t.at,
      eventType: t.eventType,
      source: t.source,
      summary: t.summary,
      actorId: t.actorId,
      status: t.status,
      handOff: t.handoff
        ? {
            fromUnitCode: t.handoff.from,
            toUnitCode: t.handoff.to,
            givenBy: t.handoff.givenBy,
            receivedBy: t.handoff.receivedBy,
            result: t.handoff.result,
            note: t.handoff.note,
          }
        : undefined,
      recordedAt: t.recordedAt,
    })),
    applicantName: v.applicantName,
    procedureName: v.procedureName,
    appointedAt: opt(v.appointedAt),
    endKind: v.endKind ?? '',
    postalLegs: v.postalLegs.map((l) => ({ ...l, history: l.history.map((h) => ({ ...h })) })),
    registerBook: v.registerBook,
    registerRow: v.registerRow,
    submittedAt: opt(v.submittedAt),
    clockStartedAt: opt(v.clockStartedAt),
    resultReadyAt: opt(v.resultReadyAt),
    returnedAt: opt(v.returnedAt),
    apologies: v.apologies.map((a) => ({ at: a.at, newDueAt: opt(a.newDueAt), reason: a.reason })),
    assignee: v.assignee,
    supplementRequestedAt: v.supplementRequests,
    supplementsReceived: v.supplementsReceived,
    // The forms the front office prints for this dossier, by its receipt date.
    receiptForm: formRefAt('receipt', v.receivedAt),
    controlSlipForm: formRefAt('control_slip', v.receivedAt),
    componentsReceived: v.componentsReceived ?? 0,
    componentsDigitised: v.componentsScanned?.length ?? 0,
    componentsReused: v.componentsReused?.length ?? 0,
    resultDigitised: v.resultDigitised ?? false,
    resultDelivery: v.resultDelivery ? DELIVERIES[v.resultDelivery] : common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED,
  };
}

export function citizenViewToProto(v: CitizenView): pb.CitizenDossierView {
  return {
    dossierCode: v.dossierCode,
    procedureName: v.procedureName,
    status: v.status,
    statusName: v.statusName,
    receivedAt: opt(v.receivedAt),
    appointedAt: opt(v.appointedAt),
    timeline: v.timeline.map((t) => ({ at: t.at, status: t.status, statusName: t.statusName })),
  };
}

export function workItemToProto(v: DossierView, now: Date): pb.WorkItem {
  return {
    dossierId: v.dossierId,
    dossierCode: v.dossierCode,
    procedureCode: v.procedureCode,
    procedureName: v.procedureName,
    status: v.status,
    unitCode: v.unitCode,
    agencyCode: v.agencyCode,
    assignee: v.assignee,
    receivedAt: opt(v.receivedAt),
    dueAt: opt(v.dueAt),
    appointedAt: opt(v.appointedAt),
    // Past the appointed time that counts, as in the official figures (an apology does not lift it).
    overdue: !!v.dueAt && v.dueAt.getTime() < now.getTime(),
  };
}

export function registerRowToProto(r: RegisterRow): pb.RegisterRow {
  return {
    ...r,
    appointedAt: opt(r.appointedAt),
    transferredAt: opt(r.transferredAt),
    resultReadyAt: opt(r.resultReadyAt),
    returnedAt: opt(r.returnedAt),
    status: r.status,
  };
}

function countsToProto(c: ReportCounts): pb.ReportCounts {
  return { ...c };
}

export function officialReportToProto(r: OfficialReport, asOf: Date | undefined): pb.OfficialReport {
  return {
    fromDate: r.period.from,
    toDate: r.period.to,
    grouping: GROUPING_ENUMS[r.grouping],
    cutoff: r.cutoff,
    asOf,
    rows: r.rows.map((row) => {
      const { no, key, label, ...counts } = row;
      return { no, key, label, counts: countsToProto(counts) };
    }),
    total: countsToProto(r.total),
    unitView: r.unitView === 'rolled_up' ? pb.UnitView.UNIT_VIEW_ROLLED_UP : undefined,
  };
}

export function statisticsToProto(s: PeriodStatistics): pb.PeriodStatistics {
  return {
    receivedInPeriod: s.receivedInPeriod,
    channels: s.channels.map((c) => ({ channel: CHANNELS[c.channel], received: c.received, share: c.share })),
    resolved: s.resolved,
    onTimeRate: s.onTimeRate ?? 0,
    hasOnTimeRate: s.onTimeRate !== null,
    processingTime: s.processingTime.map((p) => ({ ...p })),
    apologies: s.apologies,
    dossiersApologised: s.dossiersApologised,
    moreThanOneSupplementRequest: s.moreThanOneSupplementRequest,
    satisfaction: s.satisfaction.map((c) => ({ ...c })),
    digitisation: s.digitisation.map((d) => ({ ...d })),
  };
}
