// Reading cases: one case with its processing control slip (from the event store, so always
// current), the agencies' and officers' work queues (from the read model), and the workflows.
// Succession is the commands' rule: an officer whose agency carries a dissolved agency's case on
// (the administrative map) reads it, and their agency's queues list such cases too.
import { denied, invalid, notFound, refuse } from '@onestop/commands';
import type { Actor } from '../domain/actor';
import type { CaseState } from '../domain/case-state';
import { workflowFor, type WorkflowCatalogue, type WorkflowDefinition } from '../domain/workflow';
import type { AgencyCarriesOn } from './case-commands';
import type { CarriedCases, CaseStreams, Clock, WorkItemStore, WorkItemView, WorkQueueName } from './ports';

/** Roles that see every agency (read-only oversight and the platform's own services). */
const OVERSIGHT_ROLES = new Set(['auditor', 'it_admin', 'service']);
const AGENCY_ROLES = new Set(['specialist', 'leader']);

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

export interface WorkQueueRequest {
  agencyCode: string;
  officerId: string;
  queue: WorkQueueName | undefined;
  pageSize: number;
  pageToken: string;
}

/** The cases an agency carries on besides its own, now (the administrative map's succession). */
export type AgencyCarriedScope = (agencyCode: string) => CarriedCases;

/** Units that took part in the case: its desk, its agency, and every unit on its Form 05. */
function unitsOf(s: CaseState): Set<string> {
  const units = new Set([s.unitCode, s.agencyCode]);
  for (const h of s.handOffs) units.add(h.fromUnitCode).add(h.toUnitCode);
  return units;
}

function decodePageToken(token: string): number {
  if (!token) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(offset) || offset < 0)
    refuse(invalid([{ field: 'page.page_token', description: 'is not a token from a previous page' }]));
  return offset;
}

export class CaseQueries {
  constructor(
    private readonly deps: {
      streams: CaseStreams;
      items: WorkItemStore;
      workflows: WorkflowCatalogue;
      clock: Clock;
      /** Both from the same rule (libs/admin-map agencyCarriedScope); none: only the units that took part. */
      agencyCarriesOn?: AgencyCarriesOn;
      agencyCarriedScope?: AgencyCarriedScope;
    },
  ) {}

  private carriesOn(caller: Actor, s: CaseState): boolean {
    return !!s.agencyCode && !!this.deps.agencyCarriesOn?.(caller.unitCode, s.agencyCode, s.unitCode);
  }

  async getCase(caller: Actor, dossierId: string): Promise<CaseState> {
    const { state } = await this.deps.streams.load(dossierId);
    if (state.version === 0) refuse(notFound(`dossier ${dossierId} has no processing case`));
    if (!OVERSIGHT_ROLES.has(caller.role) && !unitsOf(state).has(caller.unitCode) && !this.carriesOn(caller, state)) {
      refuse(denied(`unit ${caller.unitCode} took no part in dossier ${state.dossierCode}`));
    }
    return state;
  }

  async listWorkQueue(caller: Actor, r: WorkQueueRequest): Promise<{ items: WorkItemView[]; nextPageToken: string }> {
    const agencyCode = r.agencyCode || caller.unitCode;
    const violations = [];
    if (!r.queue)
      violations.push({
        field: 'queue',
        description: 'name a work queue (NEW, IN_PROGRESS, DUE_SOON, OVERDUE, AWAITING_CITIZEN, AWAITING_PAYMENT, AWAITING_AGENCY)',
      });
    if (!agencyCode) violations.push({ field: 'agency_code', description: 'is required' });
    if (!Number.isInteger(r.pageSize) || r.pageSize < 0 || r.pageSize > MAX_PAGE_SIZE)
      violations.push({ field: 'page.page_size', description: `must be between 0 and ${MAX_PAGE_SIZE}` });
    if (violations.length) refuse(invalid(violations));
    if (!OVERSIGHT_ROLES.has(caller.role)) {
      if (!AGENCY_ROLES.has(caller.role)) refuse(denied(`role ${caller.role} has no work queue`));
      if (agencyCode !== caller.unitCode) refuse(denied(`an officer of ${caller.unitCode} may not list the work of ${agencyCode}`));
      if (caller.role === 'specialist' && r.officerId && r.officerId !== caller.officerId) {
        refuse(denied("a specialist lists only their own cases; a leader may list any officer's"));
      }
    }
    const offset = decodePageToken(r.pageToken);
    const limit = r.pageSize || DEFAULT_PAGE_SIZE;
    const rows = await this.deps.items.list({
      agencyCode,
      carried: this.deps.agencyCarriedScope?.(agencyCode),
      officerId: r.officerId || undefined,
      queue: r.queue as WorkQueueName,
      now: this.deps.clock(),
      offset,
      limit: limit + 1,
    });
    const more = rows.length > limit;
    return { items: rows.slice(0, limit), nextPageToken: more ? Buffer.from(String(offset + limit)).toString('base64url') : '' };
  }

  workflow(procedureCode: string): { workflow: WorkflowDefinition; isDefault: boolean; version: string; catalogue: WorkflowCatalogue } {
    if (!procedureCode) refuse(invalid([{ field: 'procedure_code', description: 'is required' }]));
    return { ...workflowFor(this.deps.workflows, procedureCode), version: this.deps.workflows.version, catalogue: this.deps.workflows };
  }
}
