import { invalidField, notFound, refuse } from '@onestop/commands';
import type { DossierStreams, LoadedDossier } from './ports';

/** Loads a dossier that must exist: INVALID_ARGUMENT without an id, NOT_FOUND when unknown. */
export async function loadExisting(streams: DossierStreams, dossierId: string): Promise<LoadedDossier> {
  if (!dossierId) refuse(invalidField('dossier_id', 'is required'));
  const loaded = await streams.load(dossierId);
  if (loaded.state.version === 0) refuse(notFound(`no dossier ${dossierId}`));
  return loaded;
}
