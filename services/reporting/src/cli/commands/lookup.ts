// `lookup`: the citizen's lookup by dossier code and ID number — what the citizen would see.
import { vietnamDateTime } from '../../domain/period';
import { parseOptions, required } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';

export const LOOKUP_USAGE = `lookup --code DOSSIER_CODE --id-number ID_NUMBER [--json]
    Status, appointed return time and timeline of a dossier, as the citizen sees it.`;

export async function lookupCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(argv, { code: { type: 'string' }, 'id-number': { type: 'string' }, json: { type: 'boolean' } }, 'lookup');
  const code = required(o.code, 'code');
  const idNumber = required(o['id-number'], 'id-number');
  const view = await (await ctx.queries()).lookup(code, idNumber);
  if (!view) {
    io.err(`no dossier ${code} with this ID number\n`);
    return 1;
  }
  if (o.json) {
    io.out(`${JSON.stringify(view, null, 2)}\n`);
    return 0;
  }
  const when = (t: Date | null) => (t ? vietnamDateTime(t) : '—');
  io.out(
    [
      `Dossier ${view.dossierCode}  ${view.procedureName}`,
      `Status: ${view.status} ${view.statusName}`,
      `Received: ${when(view.receivedAt)}   Appointed return: ${when(view.appointedAt)}`,
      ...view.timeline.map((t) => `  ${when(t.at)}  ${t.status} ${t.statusName}`),
      '',
    ].join('\n'),
  );
  return 0;
}
