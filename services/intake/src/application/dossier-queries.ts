// What the desk reads: a dossier by id or code, Form 01 for printing, the catalogue, and the queue
// of online submissions waiting for reception.
import { invalidField, notFound, precondition, refuse } from '@onestop/commands';
import { common, type intake } from '@onestop/contracts';
import { isDossierCode } from '../domain/dossier-code';
import { assertActsForUnit, assertMayRead, carriedUnits } from './access';
import type { DeskDeps } from './desk-deps';
import { loadExisting } from './load';
import { type CommandMeta, mapDate, procedureOf, unitOf } from './ports';
import { dossierView, procedureView, receiptSlip } from './views';

export class DossierQueries {
  constructor(private readonly deps: DeskDeps) {}

  private mapNow() {
    return { map: this.deps.reference.units.map, at: mapDate(this.deps.reference, this.deps.clock()) };
  }

  async getDossier(key: { dossierId?: string; dossierCode?: string }, meta: CommandMeta): Promise<intake.Dossier> {
    const dossierId = await this.resolveKey(key);
    const { state } = await loadExisting(this.deps.streams, dossierId);
    assertMayRead(meta.actor, state.unitCode, this.mapNow());
    return dossierView(state);
  }

  private async resolveKey(key: { dossierId?: string; dossierCode?: string }): Promise<string> {
    if (key.dossierId) return key.dossierId;
    if (!key.dossierCode) refuse(invalidField('key', 'dossier_id or dossier_code is required'));
    if (!isDossierCode(key.dossierCode)) refuse(invalidField('dossier_code', 'must look like <UNIT>-YYMMDD-NNNN'));
    const id = await this.deps.streams.dossierIdByCode(key.dossierCode);
    if (!id) refuse(notFound(`no dossier with code ${key.dossierCode}`));
    return id;
  }

  async getReceiptSlip(dossierId: string, meta: CommandMeta): Promise<intake.ReceiptSlip> {
    const { state, events, actors } = await loadExisting(this.deps.streams, dossierId);
    assertMayRead(meta.actor, state.unitCode, this.mapNow());
    const at = events.findIndex((e) => e.type === 'DossierReceived');
    const received = events[at];
    if (!received || received.type !== 'DossierReceived')
      refuse(precondition(`dossier ${dossierId} was not received, so it has no receipt slip`));
    const receivedBy = actors[at]?.officerId ?? '';
    const deskName = unitOf(this.deps.reference, state.unitCode)?.name ?? state.unitCode;
    return receiptSlip(state, { ...received.data, receivedBy }, deskName, procedureOf(this.deps.reference, state.procedureCode));
  }

  getProcedure(code: string): intake.Procedure {
    if (!code) refuse(invalidField('procedure_code', 'is required'));
    const p = procedureOf(this.deps.reference, code);
    if (!p) refuse(notFound(`no procedure ${code} in catalogue ${this.deps.reference.catalogue.version}`));
    return procedureView(p, this.deps.reference.catalogue.version);
  }

  /**
   * Online submissions waiting for reception: of the unit named (the caller must act for it — their
   * own, or one their unit carries on), or with none named, of the caller's unit and every unit it
   * carries on since the map changed (a successor's desk receives its predecessors' submissions).
   */
  async listOnlineQueue(unitCode: string, pageSize: number, pageToken: string, meta: CommandMeta): Promise<intake.ListOnlineQueueResponse> {
    const ctx = this.mapNow();
    const units = unitCode ? [unitCode] : [meta.actor.unitCode, ...carriedUnits(meta.actor.unitCode, ctx)];
    assertActsForUnit(meta.actor, units[0], ctx);
    const size = pageSize > 0 ? Math.min(pageSize, 200) : 50;
    const page = await this.deps.queue.onlineWaiting(units, size, pageToken || undefined);
    const dossiers = await Promise.all(page.dossierIds.map(async (id) => dossierView((await this.deps.streams.load(id)).state)));
    return {
      dossiers: dossiers.filter((d) => d.status === common.NationalStatus.NATIONAL_STATUS_SUBMITTED_ONLINE),
      nextPageToken: page.next ?? '',
    };
  }
}
