// National status codes (1–10) and how a dossier may move between them.
import type { NationalStatus } from './facts';

const TERMINAL: ReadonlySet<NationalStatus> = new Set<NationalStatus>([3, 7, 8, 10]);

/**
 * Whether the national status may move from `from` to `to`. Guards against a fact recorded by a
 * producer whose clock ran behind: a dossier never goes back from processing to "received", nor
 * out of a final state.
 */
export function statusMayMove(from: NationalStatus, to: NationalStatus): boolean {
  if (to === 0 || TERMINAL.has(from)) return false;
  switch (to) {
    case 1:
      return from === 0;
    case 2:
    case 3:
      return from === 0 || from === 1;
    case 10:
      return true;
    default:
      return from !== 9;
  }
}
