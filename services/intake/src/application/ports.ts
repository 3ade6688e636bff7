// What the desk's use cases need from the outside world.
import type { Actor, CommandHandler } from '@onestop/commands';
import type { DossierState } from '../domain/dossier';
import type { IntakeEvent } from '../domain/events';
import type { Catalogue, Procedure, Unit, Units } from '../domain/catalogue';
import type { CalendarPort } from '../domain/calendar-port';

export type { Actor, CommandMeta } from '@onestop/commands';

export type Clock = () => Date;

export interface LoadedDossier {
  state: DossierState;
  events: IntakeEvent[];
  /** Who recorded each event (same order as events). */
  actors: (Actor | undefined)[];
}

/** What the desk reads of its dossier streams (writes go through the command handler). */
export interface DossierStreams {
  load(dossierId: string): Promise<LoadedDossier>;
  dossierIdByCode(code: string): Promise<string | undefined>;
}

/** The platform's one command handler over the dossier streams. */
export type DossierCommands = CommandHandler<IntakeEvent, DossierState>;

/** Reference data in force: catalogue, units and the working calendar. */
export interface ReferenceData {
  catalogue: Catalogue;
  units: Units;
  calendar: CalendarPort;
  /** The day the map and the catalogue's periods are read at (MAP_AS_OF); unset: the act's moment. */
  mapAsOf?: string;
}

/** The date the administrative map is read at for an act happening now. */
export function mapDate(ref: ReferenceData, now: Date): Date | string {
  return ref.mapAsOf ?? now;
}

export function procedureOf(ref: ReferenceData, code: string): Procedure | undefined {
  return ref.catalogue.procedures.get(code);
}

export function unitOf(ref: ReferenceData, code: string): Unit | undefined {
  return ref.units.units.get(code);
}

/** Listing of dossiers for the desk's queues (a read model of the desk's own events). */
export interface DossierQueue {
  /** Waiting online submissions of any of the units, oldest first (one query). */
  onlineWaiting(unitCodes: readonly string[], limit: number, after?: string): Promise<{ dossierIds: string[]; next?: string }>;
}
