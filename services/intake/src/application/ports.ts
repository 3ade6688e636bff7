// What the desk's use cases need from the outside world.
import type { DossierState } from '../domain/dossier';
import type { IntakeEvent } from '../domain/events';
import type { Catalogue, Procedure, Unit, Units } from '../domain/catalogue';
import type { CalendarPort } from '../domain/calendar-port';

export type Clock = () => Date;

export interface Actor {
  officerId: string;
  role: string;
  unitCode: string;
}

export interface CommandMeta {
  requestId: string;
  actor: Actor;
  correlationId: string;
}

/** A stored answer to a command, replayed when the same request id comes again. */
export interface StoredAnswer {
  command: string;
  response: unknown;
}

export interface LoadedDossier {
  state: DossierState;
  events: IntakeEvent[];
  /** Who recorded each event (same order as events). */
  actors: (Actor | undefined)[];
}

export interface AppendRequest {
  expectedVersion: number;
  meta: CommandMeta;
  answer: StoredAnswer;
  /** Claims a unique key with the append (the dossier code). */
  reservation?: { key: string; scope: string; seq: number };
}

/** The dossier streams in the desk's event store. */
export interface DossierStreams {
  load(dossierId: string): Promise<LoadedDossier>;
  /** Throws StreamConflict, RequestAlreadyHandled or CodeTaken from ./errors. */
  append(dossierId: string, events: IntakeEvent[], request: AppendRequest): Promise<void>;
  answerFor(requestId: string): Promise<StoredAnswer | undefined>;
  dossierIdByCode(code: string): Promise<string | undefined>;
  lastSequence(scope: string): Promise<number>;
}

/** Reference data in force: catalogue, units and the working calendar. */
export interface ReferenceData {
  catalogue: Catalogue;
  units: Units;
  calendar: CalendarPort;
}

export function procedureOf(ref: ReferenceData, code: string): Procedure | undefined {
  return ref.catalogue.procedures.get(code);
}

export function unitOf(ref: ReferenceData, code: string): Unit | undefined {
  return ref.units.units.get(code);
}

/** Listing of dossiers for the desk's queues (a read model of the desk's own events). */
export interface DossierQueue {
  onlineWaiting(unitCode: string, limit: number, after?: string): Promise<{ dossierIds: string[]; next?: string }>;
}
