// The one-line summary of a fact as shown on the electronic processing control slip (Form 05)
// and to the citizen. Dates and times are Vietnamese local time.
import type { DossierFact } from './facts';
import { vietnamDateTime } from './period';

const CHANNEL_WORDS = { counter: 'at the counter', online: 'online', postal: 'through the postal service' } as const;

function when(t: Date | null): string {
  return t ? vietnamDateTime(t) : 'unknown';
}

export function describeFact(f: DossierFact): string {
  switch (f.kind) {
    case 'submitted_online':
      return `Submitted online for procedure ${f.procedureCode}`;
    case 'received':
      return `Received ${f.channel ? CHANNEL_WORDS[f.channel] : ''} as ${f.dossierCode}, appointed return ${when(f.dueAt)}`.replace(
        '  ',
        ' ',
      );
    case 'guidance_issued':
      return `Written guidance on ${f.problems} missing or invalid document(s) (Form 02)`;
    case 'refused':
      return `Refused at reception (Form 03): ${f.reason}`;
    case 'supplement_requested':
      return `Supplement requested (Form 02)${f.note ? `: ${f.note}` : ''}`;
    case 'supplement_received':
      return `Supplement received${f.newDueAt ? `, appointed return now ${when(f.newDueAt)}` : ''}`;
    case 'withdrawal_requested':
      return `Withdrawal requested by the citizen${f.reason ? `: ${f.reason}` : ''}`;
    case 'withdrawn':
      return "Withdrawn at the citizen's request";
    case 'processing_progress':
      return f.summary;
    case 'stopped':
      return `Processing stopped: ${f.reason}`;
    case 'apology_issued':
      return `Apology issued (Form 04), new appointed return ${when(f.newDueAt)}`;
    case 'result_ready':
      return 'Result ready, handed to the desk for return';
    case 'deadline_alert':
      return `${f.stepCode ? `Step ${f.stepCode}` : 'Appointed return time'} ${f.alert === 'due_soon' ? 'is near' : 'has passed'} (${when(f.dueAt)})`;
    case 'result_returned':
      return `Result returned${f.method ? ` (${f.method})` : ''}`;
    case 'result_delivery_failed':
      return `Result delivery by post failed: ${f.reason}`;
    case 'satisfaction_evaluated':
      return 'Satisfaction evaluated';
    case 'postal_shipment':
      return f.summary;
    case 'components_digitised':
      return `Digitised at the desk: ${f.scanned.length} scanned, ${f.reused.length} reused from an earlier copy`;
    case 'result_digitised':
      return 'Result digitised';
  }
}
