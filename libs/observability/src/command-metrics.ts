// Command outcomes of the event-sourced write side, called by the command handlers:
//   commandMetrics.accepted('SubmitDossier')
//   commandMetrics.rejected('SubmitDossier', 'precondition')
//   commandMetrics.conflictRetry('SubmitDossier')   // each retry after a version conflict
// `command` is the command's type name from code, never anything from the request.
import { Counter } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

/** Why a command was refused: the kind of the domain rejection (@onestop/commands), e.g. 'precondition'. */
export type RejectionKind = string;

const commands = new Counter({
  name: 'onestop_commands_total',
  help: 'Commands decided: outcome accepted or rejected; reason is the kind of rejection (empty when accepted).',
  labelNames: ['command', 'outcome', 'reason'],
  registers: [metricsRegistry],
});
const conflictRetries = new Counter({
  name: 'onestop_command_conflict_retries_total',
  help: 'Command retries after an optimistic-concurrency conflict on the stream.',
  labelNames: ['command'],
  registers: [metricsRegistry],
});

export const commandMetrics = {
  accepted(command: string): void {
    commands.inc({ command: safeLabel(command), outcome: 'accepted', reason: '' });
  },
  rejected(command: string, kind: RejectionKind): void {
    commands.inc({ command: safeLabel(command), outcome: 'rejected', reason: safeLabel(kind) });
  },
  conflictRetry(command: string): void {
    conflictRetries.inc({ command: safeLabel(command) });
  },
};
