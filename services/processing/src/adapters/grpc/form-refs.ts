// The form an answer is printed on, by the date of the act recorded (see @onestop/forms): the
// supplement request (Form 02), the apology (Form 04: with an extension request since Circular
// 03/2025/TT-VPCP) and the notice of stopping processing (Form 05 of Circular 03/2025; none before).
import type { CommandOutcome } from '../../application/case-commands';

export { formRefAt as formRef } from '@onestop/forms';

/** When the act was done: the time on the event the command appended. */
export function actTime(o: CommandOutcome): Date | undefined {
  for (const e of o.events) {
    if (e.type === 'SupplementRequested') return e.data.requestedAt;
    if (e.type === 'ProcessingStopped') return e.data.stoppedAt;
    if (e.type === 'ApologyIssued') return e.data.issuedAt;
  }
  return undefined;
}
