import { InvalidArgumentError, NotFoundError } from '@onestop/grpc-kit';
import type { DossierStreams, LoadedDossier } from './ports';

/** Loads a dossier that must exist: INVALID_ARGUMENT without an id, NOT_FOUND when unknown. */
export async function loadExisting(streams: DossierStreams, dossierId: string): Promise<LoadedDossier> {
  if (!dossierId) throw new InvalidArgumentError([{ field: 'dossier_id', description: 'is required' }]);
  const loaded = await streams.load(dossierId);
  if (loaded.state.version === 0) throw new NotFoundError(`no dossier ${dossierId}`);
  return loaded;
}
