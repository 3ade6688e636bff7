// A command on an existing dossier, as the platform's command handler runs it: the caller must act
// for the dossier's unit (checked against the loaded stream, also before a stored answer is
// returned), the domain decides, and the answer is the dossier as it is afterwards.
import { type Command, type Decision, invalidField, notFound, refuse } from '@onestop/commands';
import { intake } from '@onestop/contracts';
import { type DeskCommand, type DeskContext, decide } from '../domain/decide-desk';
import type { DossierState } from '../domain/dossier';
import type { IntakeEvent } from '../domain/events';
import type { AdminMap } from '@onestop/admin-map';
import { actingFor, actsForUnit } from './access';
import type { DeskDeps } from './desk-deps';
import { type CommandMeta, mapDate } from './ports';
import { dossierView } from './views';

export type DossierCommand<R> = Command<IntakeEvent, DossierState, R>;

/** The decision context at this moment: now, the calendar and catalogue in force. */
export function deskContext(deps: DeskDeps, nextSequence = 1): DeskContext {
  return { now: deps.clock(), calendar: deps.reference.calendar, catalogueVersion: deps.reference.catalogue.version, nextSequence };
}

/**
 * Whether the caller may act on the dossier as loaded: it exists, and they act for its unit (or
 * for the unit that carries it on at `at`, when the map is given).
 */
export function mayActOn(dossierId: string, map?: AdminMap, at?: Date | string) {
  return ({ state }: { state: DossierState }, meta: CommandMeta) =>
    state.version === 0
      ? notFound(`no dossier ${dossierId}`)
      : actsForUnit(meta.actor, state.unitCode, map && at ? { map, at } : undefined);
}

export function dossierCommand(
  deps: DeskDeps,
  meta: CommandMeta,
  dossierId: string,
  command: DeskCommand,
  check: (state: DossierState) => Decision<IntakeEvent> | undefined = () => undefined,
): DossierCommand<intake.Dossier> {
  if (!dossierId) refuse(invalidField('dossier_id', 'is required'));
  return {
    name: command.type,
    streamId: dossierId,
    authorize: mayActOn(dossierId, deps.reference.units.map, mapDate(deps.reference, deps.clock())),
    decide: ({ state }) => check(state) ?? decide(command, state, deskContext(deps)),
    respond: ({ state }) => dossierView(state),
    encodeAnswer: (d) => intake.Dossier.toJSON(d),
    decodeAnswer: (j) => intake.Dossier.fromJSON(j),
    metadata: ({ state }) => actingFor(meta, state.unitCode),
  };
}
