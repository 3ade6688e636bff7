// Validation of every row of an export against the schema, the administrative map and the
// catalogue in force at the dossier's received date. Every problem is reported by row and field;
// a file with any problem yields no dossier at all. Pure.
import type { RawRow, RawValue, RowProblem } from './export-file';
import { agencyFor, checkPlace } from './place';
import { type ImportReference, statutoryWorkingHours } from './reference';
import { isBlank, parseName, parseText, parseTime, type Parsed, short, shownTime } from './values';

export const CHANNELS = ['counter', 'online', 'postal'] as const;
export const DELIVERIES = ['counter', 'post', 'electronic'] as const;
/** Statuses an export's status_changes may name (the result and its return have their own columns). */
export const CHANGE_STATUSES = [
  'processing',
  'supplement_requested',
  'supplement_received',
  'awaiting_payment',
  'stopped',
  'withdrawn',
] as const;

export type ChannelName = (typeof CHANNELS)[number];
export type DeliveryName = (typeof DELIVERIES)[number];
export type LegacyStatusName = (typeof CHANGE_STATUSES)[number] | 'result_ready' | 'result_returned';

export interface LegacyChange {
  status: LegacyStatusName;
  at: Date;
  /** supplement_received: the appointed time from then on, when it moved. */
  newDueAt: Date | null;
  note: string;
  /** result_ready: what the result was. */
  result: string;
  /** result_returned: how it left the desk. */
  returnMethod: DeliveryName | null;
}

/** A dossier of the export, checked: what the import records. */
export interface LegacyDossier {
  row: number;
  code: string;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  fieldCode: string;
  agencyCode: string;
  level: string;
  statutoryWorkingHours: number;
  channel: ChannelName;
  resultDelivery: DeliveryName | null;
  receivedAt: Date;
  dueAt: Date;
  /** Status changes after receipt in time order, then the result and its return. */
  changes: LegacyChange[];
}

export type Validation = { dossiers: LegacyDossier[] } | { problems: RowProblem[] };

const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const MAX_NOTE = 500;
const MAX_RESULT = 200;

/** Checks every row; the dossiers only when no row has a problem. */
export function validateRows(rows: readonly RawRow[], ref: ImportReference): Validation {
  const problems: RowProblem[] = [];
  const dossiers: LegacyDossier[] = [];
  const firstRowOfCode = new Map<string, number>();
  if (rows.length === 0) return { problems: [{ row: 0, field: '(file)', message: 'the file holds no dossier' }] };
  for (const raw of rows) {
    const rowProblems: RowProblem[] = [];
    const dossier = validateRow(raw, ref, (field, message) => rowProblems.push({ row: raw.row, field, message }));
    if (dossier) {
      const first = firstRowOfCode.get(dossier.code);
      if (first !== undefined)
        rowProblems.push({ row: raw.row, field: 'code', message: `${dossier.code} is also the code of row ${first}` });
      else firstRowOfCode.set(dossier.code, raw.row);
    }
    if (rowProblems.length > 0 || !dossier) problems.push(...rowProblems);
    else dossiers.push(dossier);
  }
  return problems.length > 0 ? { problems } : { dossiers };
}

type Report = (field: string, message: string) => void;

function take<T>(parsed: Parsed<T>, field: string, report: Report): T | undefined {
  if ('problem' in parsed) {
    report(field, parsed.problem);
    return undefined;
  }
  return parsed.value;
}

function required<T>(raw: RawValue, field: string, report: Report, parse: (raw: RawValue) => Parsed<T>): T | undefined {
  if (isBlank(raw)) {
    report(field, 'is required');
    return undefined;
  }
  return take(parse(raw), field, report);
}

function optional<T>(raw: RawValue, field: string, report: Report, parse: (raw: RawValue) => Parsed<T>): T | null | undefined {
  if (isBlank(raw)) return null;
  return take(parse(raw), field, report);
}

function validateRow(raw: RawRow, ref: ImportReference, report: Report): LegacyDossier | undefined {
  const v = raw.values;
  const code = required(v.code, 'code', report, (x) => {
    const t = parseText(x, 64);
    return 'value' in t && !CODE.test(t.value)
      ? { problem: `"${t.value}" is not a dossier code: letters, digits and . _ / - (at most 64), starting with a letter or digit` }
      : t;
  });
  const unitCode = required(v.unit_code, 'unit_code', report, (x) => parseText(x, 64));
  const procedureCode = required(v.procedure_code, 'procedure_code', report, (x) => parseText(x, 64));
  const channel = required(v.channel, 'channel', report, (x) => parseName(x, CHANNELS));
  const receivedAt = required(v.received_at, 'received_at', report, parseTime);
  const dueAt = required(v.due_at, 'due_at', report, parseTime);
  const resultDelivery = optional(v.result_delivery, 'result_delivery', report, (x) => parseName(x, DELIVERIES));

  if (receivedAt && receivedAt > ref.now) report('received_at', `${shownTime(receivedAt)} is in the future`);
  if (receivedAt && dueAt && dueAt <= receivedAt) report('due_at', `${shownTime(dueAt)} is not after received_at ${shownTime(receivedAt)}`);

  const place = unitCode && procedureCode ? checkPlace(ref, unitCode, procedureCode, receivedAt, report) : undefined;
  if (place && channel && !place.procedure.channels.includes(channel))
    report(
      'channel',
      `procedure ${place.procedure.code} is not received through ${channel} (catalogue: ${place.procedure.channels.join(', ')})`,
    );

  const changes = receivedAt ? statusChanges(v, receivedAt, ref.now, report) : undefined;
  if (!code || !unitCode || !channel || !receivedAt || !dueAt || resultDelivery === undefined || !place || !changes) return undefined;
  return {
    row: raw.row,
    code,
    unitCode: place.unit.code,
    procedureCode: place.procedure.code,
    procedureName: place.procedure.name,
    fieldCode: place.procedure.fieldCode,
    agencyCode: agencyFor(place.rule.agencyCode, place.competentUnit),
    level: place.rule.level,
    statutoryWorkingHours: statutoryWorkingHours(place.procedure),
    channel,
    resultDelivery,
    receivedAt,
    dueAt,
    changes,
  };
}

/** status_changes, then result_at / result and returned_at / return_method, checked in time order. */
function statusChanges(v: RawRow['values'], receivedAt: Date, now: Date, report: Report): LegacyChange[] | undefined {
  const before = { count: 0 };
  const counting: Report = (field, message) => {
    before.count++;
    report(field, message);
  };
  const changes = parseChanges(v.status_changes, counting);
  const resultAt = optional(v.result_at, 'result_at', counting, parseTime);
  const result = optional(v.result, 'result', counting, (x) => parseText(x, MAX_RESULT));
  const returnedAt = optional(v.returned_at, 'returned_at', counting, parseTime);
  const returnMethod = optional(v.return_method, 'return_method', counting, (x) => parseName(x, DELIVERIES));
  if (!changes || resultAt === undefined || result === undefined || returnedAt === undefined || returnMethod === undefined)
    return undefined;

  if (result && !resultAt) counting('result', 'is given without result_at (when the result was ready)');
  if (returnedAt && !resultAt) counting('returned_at', 'is given without result_at: a result is returned after it is ready');
  if (returnMethod && !returnedAt) counting('return_method', 'is given without returned_at');
  if (returnedAt && !returnMethod) counting('return_method', 'is required with returned_at (counter, post or electronic)');
  const all = [...changes];
  if (resultAt) all.push({ field: 'result_at', change: change('result_ready', resultAt, { result: result ?? '' }) });
  if (resultAt && returnedAt) all.push({ field: 'returned_at', change: change('result_returned', returnedAt, { returnMethod }) });

  let previous = { at: receivedAt, field: 'received_at' };
  let supplementOpen = false;
  let ended: string | undefined;
  for (const { field, change: c } of all) {
    if (c.at > now) counting(field, `${shownTime(c.at)} is in the future`);
    if (c.at < previous.at)
      counting(field, `${shownTime(c.at)} is before ${previous.field} ${shownTime(previous.at)}: changes must be in time order`);
    if (ended) counting(field, `comes after the dossier was ${ended}`);
    if (c.status === 'supplement_requested' && supplementOpen) counting(field, 'a supplement is already requested and not received');
    if (c.status === 'supplement_received' && !supplementOpen)
      counting(field, 'supplement_received without an earlier supplement_requested');
    if (c.newDueAt && c.newDueAt <= c.at) counting(field, `the new due time ${shownTime(c.newDueAt)} is not after the change`);
    if (c.status === 'supplement_requested') supplementOpen = true;
    if (c.status === 'supplement_received') supplementOpen = false;
    if (c.status === 'stopped' || c.status === 'withdrawn') ended = c.status;
    if (c.status === 'result_returned') ended = 'returned';
    previous = { at: c.at, field };
  }
  return before.count > 0 ? undefined : all.map((x) => x.change);
}

function change(status: LegacyStatusName, at: Date, more: Partial<LegacyChange> = {}): LegacyChange {
  return { status, at, newDueAt: null, note: '', result: '', returnMethod: null, ...more };
}

interface Located {
  field: string;
  change: LegacyChange;
}

/**
 * The status_changes field: in CSV and XLSX text `status@time[@new due time]` items separated by
 * ';' (e.g. `processing@2020-03-16 08:30; supplement_requested@2020-03-17 09:00`); in JSON also a
 * list of `{ status, at, new_due_at?, note? }`.
 */
function parseChanges(raw: RawValue, report: Report): Located[] | undefined {
  if (isBlank(raw)) return [];
  let items: { field: string; status: RawValue; at: RawValue; newDueAt: RawValue; note: RawValue; shape?: string }[];
  if (typeof raw === 'string') {
    items = raw
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s, i) => {
        const [status, at, newDueAt, ...rest] = s.split('@');
        const shape = rest.length > 0 || at === undefined ? `"${short(s)}" is not status@time or status@time@new due time` : undefined;
        return { field: `status_changes[${i + 1}]`, status, at, newDueAt, note: '', shape };
      });
  } else if (Array.isArray(raw)) {
    items = raw.map((x: unknown, i) => {
      const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, RawValue>;
      return { field: `status_changes[${i + 1}]`, status: o.status, at: o.at, newDueAt: o.new_due_at, note: o.note };
    });
  } else {
    report('status_changes', 'must be text like "processing@2020-03-16 08:30; supplement_requested@2020-03-17 09:00" or a list');
    return undefined;
  }
  let ok = true;
  const out: Located[] = [];
  for (const item of items) {
    const fail: Report = (field, message) => {
      ok = false;
      report(field, message);
    };
    if (item.shape) {
      fail(item.field, item.shape);
      continue;
    }
    const status = required(item.status, `${item.field}.status`, fail, (x) => parseName(x, CHANGE_STATUSES));
    const at = required(item.at, `${item.field}.at`, fail, parseTime);
    const newDueAt = optional(item.newDueAt, `${item.field}.new_due_at`, fail, parseTime);
    const note = optional(item.note, `${item.field}.note`, fail, (x) => parseText(x, MAX_NOTE));
    if (newDueAt && status && status !== 'supplement_received')
      fail(`${item.field}.new_due_at`, 'only a supplement_received may move the due time');
    if (status && at && newDueAt !== undefined && note !== undefined)
      out.push({ field: item.field, change: change(status, at, { newDueAt, note: note ?? '' }) });
  }
  return ok ? out : undefined;
}
