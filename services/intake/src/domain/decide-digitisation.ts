// Số hóa (Circular 01/2023/TT-VPCP) at the desk: each component of a received dossier can be
// recorded as scanned (file, SHA-256, page count; who and when from the command) or as reused from
// the digitised copy kept with an earlier dossier of the same citizen; the result is digitised once
// it is ready. Pure: the earlier dossiers are looked up by the caller and passed in.
import { invalid, precondition, reject } from '@onestop/commands';
import type { common, intakeEvents as ev } from '@onestop/contracts';
import { digitisationViolations } from '@onestop/forms';
import type { Decision } from './decide';
import { type DossierState, isClosed } from './dossier';
import type { IntakeEvent } from './events';
import type { Violation } from './validation';

export interface DigitisedCopy {
  fileRef: string;
  sha256: string;
  pageCount: number;
}

export interface ComponentDigitisationInput {
  componentCode: string;
  scanned?: DigitisedCopy;
  reused?: { dossierCode: string; componentCode: string };
}

/** An earlier dossier as far as reuse needs it. */
export interface EarlierDossier {
  dossierId: string;
  applicantIdNumber: string;
  digitisedComponents: readonly string[];
}

export interface DigitisationCommand {
  type: 'RecordDigitisation';
  components: ComponentDigitisationInput[];
  result?: DigitisedCopy;
  officerId: string;
  /** Earlier dossiers named by `reused.dossierCode`, looked up by code (undefined: no such dossier). */
  earlier: ReadonlyMap<string, EarlierDossier | undefined>;
}

/** Shape checks, naming the request field: each component once, one source, a well-formed copy. */
export function digitisationRequestViolations(components: ComponentDigitisationInput[], result: DigitisedCopy | undefined): Violation[] {
  const v: Violation[] = [];
  if (components.length === 0 && !result) v.push({ field: 'components', description: 'give at least one component or the result' });
  const seen = new Set<string>();
  components.forEach((c, i) => {
    const f = `components[${i}]`;
    if (!c.componentCode.trim()) v.push({ field: `${f}.component_code`, description: 'is required' });
    else if (seen.has(c.componentCode)) v.push({ field: `${f}.component_code`, description: `${c.componentCode} is given twice` });
    seen.add(c.componentCode);
    if (c.scanned) v.push(...digitisationViolations(c.scanned, `${f}.scanned`));
    else if (c.reused) {
      if (!c.reused.dossierCode.trim()) v.push({ field: `${f}.reused.dossier_code`, description: 'is required' });
      if (!c.reused.componentCode.trim()) v.push({ field: `${f}.reused.component_code`, description: 'is required' });
    } else
      v.push({ field: `${f}.source`, description: 'give scanned (file, SHA-256, pages) or reused (earlier dossier code and component)' });
  });
  if (result) v.push(...digitisationViolations(result, 'result'));
  return v;
}

function reuseViolations(state: DossierState, c: ComponentDigitisationInput, i: number, cmd: DigitisationCommand): Violation[] {
  if (!c.reused) return [];
  const f = `components[${i}].reused`;
  const code = c.reused.dossierCode;
  if (code === state.code) return [{ field: `${f}.dossier_code`, description: 'is this dossier; name an earlier one' }];
  const earlier = cmd.earlier.get(code);
  if (!earlier) return [{ field: `${f}.dossier_code`, description: `no dossier with code ${code}` }];
  if (!state.applicant?.idNumber || earlier.applicantIdNumber !== state.applicant.idNumber) {
    return [{ field: `${f}.dossier_code`, description: `dossier ${code} is not the same citizen's (ID number differs)` }];
  }
  if (!earlier.digitisedComponents.includes(c.reused.componentCode)) {
    return [{ field: `${f}.component_code`, description: `dossier ${code} has no digitised copy of ${c.reused.componentCode}` }];
  }
  return [];
}

function copyOf(d: DigitisedCopy, by: string, at: Date): common.Digitisation {
  return { fileRef: d.fileRef, sha256: d.sha256, pageCount: d.pageCount, digitisedBy: by, digitisedAt: at };
}

export function decideDigitisation(state: DossierState, cmd: DigitisationCommand, now: Date): Decision {
  const shape = digitisationRequestViolations(cmd.components, cmd.result);
  if (shape.length) return reject(invalid(shape));
  if (!state.code) return reject(precondition(`dossier ${state.dossierId} has not been received`));
  const events: IntakeEvent[] = [];
  if (cmd.components.length > 0) {
    if (isClosed(state) || state.resultReadyAt) {
      return reject(precondition(`components are digitised while the dossier is processed; ${state.code} is past that`));
    }
    const codes = new Set(state.documents.map((d) => d.componentCode));
    const v: Violation[] = [];
    cmd.components.forEach((c, i) => {
      if (!codes.has(c.componentCode))
        v.push({ field: `components[${i}].component_code`, description: `${c.componentCode} is not a component of ${state.code}` });
      else v.push(...reuseViolations(state, c, i, cmd));
    });
    if (v.length) return reject(invalid(v));
    const components: ev.DigitisedComponent[] = cmd.components.map((c) => ({
      componentCode: c.componentCode,
      scanned: c.scanned && copyOf(c.scanned, cmd.officerId, now),
      reused: c.reused && { dossierCode: c.reused.dossierCode, componentCode: c.reused.componentCode },
      reusedFromDossierId: c.reused ? (cmd.earlier.get(c.reused.dossierCode)?.dossierId ?? '') : '',
    }));
    events.push({
      type: 'ComponentsDigitised',
      data: {
        dossierId: state.dossierId,
        components,
        recordedBy: cmd.officerId,
        recordedAt: now,
        unitCode: state.unitCode,
        fieldCode: state.fieldCode,
      },
    });
  }
  if (cmd.result) {
    if (!state.resultReadyAt) return reject(precondition(`the result of ${state.code} is not ready yet`));
    if (state.resultDigitised) return reject(precondition(`the result of ${state.code} is already digitised`));
    events.push({
      type: 'ResultDigitised',
      data: {
        dossierId: state.dossierId,
        copy: copyOf(cmd.result, cmd.officerId, now),
        unitCode: state.unitCode,
        fieldCode: state.fieldCode,
      },
    });
  }
  return { ok: true, events };
}
