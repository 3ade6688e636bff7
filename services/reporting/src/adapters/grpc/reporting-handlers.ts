// gRPC transport of ReportingService: authorisation by role, request checks, then the read use
// cases; domain values mapped to the wire in to-proto.ts.
import {
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  type CallContext,
  type Role,
  type ServiceRegistration,
  type createRpc,
} from '@onestop/grpc-kit';
import { reporting as pb } from '@onestop/contracts';
import type { ReportingQueries, Scope } from '../../application/reporting-queries';
import type { DossierView } from '../../domain/dossier-view';
import { workQueueScope, type Succession } from '../../domain/work-queue-access';
import type { ConsumeProgress, ProjectionPointer } from '../../application/ports';
import { exportOfficialReport } from '../export/export-report';
import {
  citizenViewToProto,
  dossierViewToProto,
  officialReportToProto,
  registerRowToProto,
  statisticsToProto,
  workItemToProto,
} from './to-proto';
import { dossierReadDenial } from './dossier-access';
import { LookupThrottle, type LookupLimits } from './lookup-throttle';
import { formRefAt } from '@onestop/forms';
import { asOfOf, formatOf, groupingOf, limitOf, periodOf, scopeOf, unitViewOf, Violations } from './request-validation';

export interface ReportingHandlerDeps {
  queries: ReportingQueries;
  clock: () => Date;
  /** Đơn vị báo cáo printed on exported forms when the request names none. */
  reportingBody: string;
  /** The district's unit code: its leaders may list any unit's or agency's work (see work-queue-access). */
  districtUnitCode: string;
  /** Whether unit `own` carries `unit` on today (the administrative map); none: only own units. */
  carriesOn?: (own: string, unit: string) => boolean;
  /** The units and dissolved agencies' cases a caller carries on today: a worklist with no unit named includes them. */
  succession?: Succession;
  projectionStatus: () => Promise<{ pointer: ProjectionPointer; progress: ConsumeProgress }>;
  /** Limits of the citizen's lookup (per client, failures per dossier code); defaults when absent. */
  lookupLimits?: LookupLimits;
}

const OFFICERS: Role[] = ['desk_officer', 'specialist', 'leader', 'it_admin', 'auditor', 'service'];
const REPORT_READERS: Role[] = ['leader', 'auditor', 'it_admin'];
const CITIZEN_LOOKUP: Role[] = ['citizen_portal', 'desk_officer', 'service'];
const OPERATORS: Role[] = ['it_admin', 'auditor'];

export function reportingRegistration(deps: ReportingHandlerDeps, rpc: ReturnType<typeof createRpc>): ServiceRegistration {
  const { queries, clock } = deps;
  const lookups = new LookupThrottle(deps.lookupLimits, () => clock().getTime());
  const dossierOf = async (ctx: CallContext, key: pb.GetDossierRequest['key'], asOfRequested?: Date) => {
    const v = new Violations();
    if (!key || (key.$case === 'dossierId' ? !key.dossierId : !key.dossierCode))
      v.add('dossier_id', 'dossier_id or dossier_code is required');
    const asOf = asOfOf(asOfRequested, clock(), v);
    v.throwIfAny();
    const view = await queries.dossier(key?.$case === 'dossierId' ? { dossierId: key.dossierId } : { dossierCode: key?.dossierCode }, asOf);
    const name = key?.$case === 'dossierId' ? key.dossierId : key?.dossierCode;
    if (!view) throw new NotFoundError(`dossier ${name} is not known${asOf ? ` as of ${asOf.toISOString()}` : ''}`);
    // the unit rule is judged on the live dossier's unit, so an as-of view cannot dodge it
    const denial = dossierReadDenial(ctx.identity, view.unitCode, deps.carriesOn);
    if (denial) throw new PermissionDeniedError(denial);
    return { dossier: dossierViewToProto(view) };
  };
  const workItems = async (
    req: { unitCode: string; agencyCode: string; limit: number },
    ctx: CallContext,
    list: (scope: Scope, limit: number) => Promise<DossierView[]>,
  ) => {
    const v = new Violations();
    const decision = workQueueScope(ctx.identity, req, deps.districtUnitCode, deps.carriesOn, deps.succession);
    if ('missing' in decision) v.add('unit_code', 'unit_code or agency_code is required');
    const limit = limitOf(req.limit, v);
    v.throwIfAny();
    if ('denied' in decision) throw new PermissionDeniedError(decision.denied);
    const scope = 'scope' in decision ? decision.scope : {}; // 'missing' was thrown as a violation above
    const now = clock();
    return { items: (await list(scope, limit)).map((d) => workItemToProto(d, now)) };
  };
  const implementation: pb.ReportingServiceServer = {
    getDossier: rpc<pb.GetDossierRequest, pb.GetDossierResponse>((req, ctx) => dossierOf(ctx, req.key), { roles: OFFICERS }),

    getDossierAsOf: rpc<pb.GetDossierAsOfRequest, pb.GetDossierAsOfResponse>(
      async (req, ctx) => {
        if (!req.asOf) throw new InvalidArgumentError([{ field: 'as_of', description: 'is required' }]);
        return dossierOf(ctx, req.key, req.asOf);
      },
      { roles: OFFICERS },
    ),

    lookupDossier: rpc<pb.LookupDossierRequest, pb.LookupDossierResponse>(
      async (req, ctx) => {
        const v = new Violations();
        if (!req.dossierCode.trim()) v.add('dossier_code', 'is required');
        if (!req.idNumber.trim()) v.add('id_number', 'is required');
        v.throwIfAny();
        const code = req.dossierCode.trim();
        lookups.admit(`${ctx.identity.role}:${ctx.identity.officerId}`, code);
        const view = await queries.lookup(code, req.idNumber);
        // One answer for "no such code" and "wrong ID number": the lookup reveals nothing else.
        if (!view) {
          lookups.failed(code);
          throw new NotFoundError('no dossier with this code and ID number');
        }
        return { dossier: citizenViewToProto(view) };
      },
      { roles: CITIZEN_LOOKUP },
    ),

    listWorkQueue: rpc<pb.ListWorkQueueRequest, pb.ListWorkQueueResponse>(
      (req, ctx) => workItems(req, ctx, (scope, limit) => queries.workQueue(scope, limit)),
      { roles: OFFICERS },
    ),

    listOverdueDossiers: rpc<pb.ListOverdueDossiersRequest, pb.ListOverdueDossiersResponse>(
      (req, ctx) => workItems(req, ctx, (scope, limit) => queries.overdue(scope, limit)),
      { roles: OFFICERS },
    ),

    getDossierRegister: rpc<pb.GetDossierRegisterRequest, pb.GetDossierRegisterResponse>(
      async (req, ctx) => {
        const v = new Violations();
        scopeOf(req, v);
        const period = periodOf(req.period, v);
        // The register (Form 06) follows the same rule as the work queues: one's own unit or
        // agency, any for oversight roles and the district's leaders.
        const decision = workQueueScope(ctx.identity, req, deps.districtUnitCode, deps.carriesOn);
        if ('missing' in decision) v.add('unit_code', 'unit_code or agency_code is required');
        v.throwIfAny();
        if ('denied' in decision) throw new PermissionDeniedError(decision.denied);
        const scope = 'scope' in decision ? decision.scope : {};
        // Form 06 of Circular 01/2018, Form 07 of Circular 03/2025: the set in force on the period's last day.
        const form = formRefAt('register', new Date(`${period!.to}T12:00:00+07:00`));
        return { rows: (await queries.register(scope, period!)).map(registerRowToProto), form };
      },
      { roles: ['desk_officer', 'leader', 'auditor', 'it_admin'] },
    ),

    getOfficialReport: rpc<pb.GetOfficialReportRequest, pb.GetOfficialReportResponse>(
      async (req) => {
        const v = new Violations();
        const period = periodOf(req.period, v);
        const grouping = groupingOf(req.grouping, v);
        const asOf = asOfOf(req.asOf, clock(), v);
        const unitView = unitViewOf(req.unitView, v);
        v.throwIfAny();
        return { report: officialReportToProto(await queries.officialReport(period!, grouping, asOf, unitView), asOf) };
      },
      { roles: REPORT_READERS },
    ),

    getPeriodStatistics: rpc<pb.GetPeriodStatisticsRequest, pb.GetPeriodStatisticsResponse>(
      async (req) => {
        const v = new Violations();
        const period = periodOf(req.period, v);
        const asOf = asOfOf(req.asOf, clock(), v);
        v.throwIfAny();
        return { statistics: statisticsToProto(await queries.statistics(period!, asOf)) };
      },
      { roles: REPORT_READERS },
    ),

    exportOfficialReport: rpc<pb.ExportOfficialReportRequest, pb.ExportOfficialReportResponse>(
      async (req) => {
        const v = new Violations();
        const period = periodOf(req.period, v);
        const grouping = groupingOf(req.grouping, v);
        const format = formatOf(req.format, v);
        const asOf = asOfOf(req.asOf, clock(), v);
        const unitView = unitViewOf(req.unitView, v);
        v.throwIfAny();
        const file = await exportOfficialReport(queries, {
          period: period!,
          grouping,
          format,
          asOf,
          unitView,
          reportingBody: req.reportingBody || deps.reportingBody,
          generatedAt: clock(),
        });
        return { fileName: file.fileName, contentType: file.contentType, content: file.content };
      },
      { roles: REPORT_READERS },
    ),

    getProjectionStatus: rpc<pb.GetProjectionStatusRequest, pb.GetProjectionStatusResponse>(
      async () => {
        const { pointer, progress } = await deps.projectionStatus();
        return {
          liveVersion: pointer.live,
          liveGroup: pointer.liveGroup,
          buildingVersion: pointer.building?.version ?? 0,
          consumed: progress.consumed,
          total: progress.total,
        };
      },
      { roles: OPERATORS },
    ),
  };
  return { name: 'onestop.reporting.v1.ReportingService', definition: pb.ReportingServiceService, implementation };
}
