// The desk's reception check (kiểm tra hồ sơ): is the procedure in this desk's scope, and does the
// dossier hold every component the procedure prescribes, in the required form and number? All
// problems are listed at once — the citizen is guided a single time (Form 02), and nothing beyond
// the procedure's own list may be asked for.
import { common } from '@onestop/contracts';
import type { Procedure } from './catalogue';
import type { Unit } from './catalogue';

const F = common.DocumentForm;

export interface DocumentProblem {
  componentCode: string;
  componentName: string;
  problem: string;
}

const FORM_NAMES: Record<string, string> = {
  original: 'bản chính (original)',
  copy: 'bản sao (copy)',
  certified_copy: 'bản sao chứng thực (certified copy)',
};

/** Whether a submitted form satisfies the required one (an original serves for any copy). */
function formSatisfies(given: common.DocumentForm, required: Procedure['components'][number]['form']): boolean {
  if (required === 'original') return given === F.DOCUMENT_FORM_ORIGINAL;
  if (required === 'certified_copy') return given === F.DOCUMENT_FORM_ORIGINAL || given === F.DOCUMENT_FORM_CERTIFIED_COPY;
  return given !== F.DOCUMENT_FORM_UNSPECIFIED;
}

export function checkCompleteness(procedure: Procedure, documents: common.SubmittedDocument[]): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const c of procedure.components) {
    const given = documents.filter((d) => d.componentCode === c.code);
    const base = { componentCode: c.code, componentName: c.name };
    if (given.length === 0) {
      if (c.required) problems.push({ ...base, problem: `missing: ${c.count} ${FORM_NAMES[c.form]} required` });
      continue;
    }
    const suitable = given.filter((d) => formSatisfies(d.form, c.form)).reduce((n, d) => n + d.count, 0);
    if (suitable === 0) problems.push({ ...base, problem: `wrong form: ${FORM_NAMES[c.form]} required` });
    else if (suitable < c.count) problems.push({ ...base, problem: `too few: ${c.count} required, ${suitable} given` });
  }
  return problems;
}

const CHANNEL_NAMES: Record<number, 'counter' | 'online' | 'postal'> = {
  [common.Channel.CHANNEL_COUNTER]: 'counter',
  [common.Channel.CHANNEL_ONLINE]: 'online',
  [common.Channel.CHANNEL_POSTAL]: 'postal',
};

/**
 * Where a dossier is decided, as the catalogue and the map say at the date of receipt: the level
 * and agency in force, the competent unit, and whether any desk may receive it (boundary-free).
 */
export interface Routing {
  level: string;
  agencyCode: string;
  competentUnit: Unit;
  boundaryFree: boolean;
}

const WHERE: Record<string, string> = {
  district: "the district People's Committee desk",
  commune: "the commune or town People's Committee desk",
  province: "the province's public administrative service centre",
};

/**
 * Reasons this desk cannot accept the procedure at all (the citizen is directed elsewhere, Form 03),
 * or undefined when it is in scope. Without routing, the catalogue entry's own level and the
 * receiving unit decide (the 2020 rules).
 */
export function scopeRefusal(procedure: Procedure, unit: Unit, channel: common.Channel, routing?: Routing): string | undefined {
  const level = routing?.level ?? procedure.level;
  const decider = routing?.competentUnit ?? unit;
  if (decider.code !== unit.code && !routing?.boundaryFree) {
    return `procedure ${procedure.code} is decided by ${decider.code} (${decider.name}) and is not received regardless of administrative boundaries: please apply there`;
  }
  if (level !== decider.level) {
    return `procedure ${procedure.code} is handled at ${level} level: please apply at ${WHERE[level] ?? level}`;
  }
  const channelName = CHANNEL_NAMES[channel];
  if (!channelName || !procedure.channels.includes(channelName)) {
    return `procedure ${procedure.code} cannot be submitted through channel ${channelName ?? channel}; allowed: ${procedure.channels.join(', ')}`;
  }
  return undefined;
}
