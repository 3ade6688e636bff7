// The edge check every RPC gets before its handler runs, driven by the request's protobuf
// descriptor: strings bounded, NFC-normalised and free of control characters; ids of a fixed
// shape; enum values known; instants in a sane window; repeated fields bounded; the whole request
// within a byte budget. Bytes that cannot be decoded become INVALID_ARGUMENT naming the field
// where possible (an int64 beyond 2^53, say), never INTERNAL. The per-field limits are listed in
// docs/security.md; a service's own rules (required fields, formats) still run after this.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { PROTO_ROOT } from '@onestop/contracts';
import { DERIVED_REQUEST_ID_PREFIX } from '@onestop/commands';
import type { FieldViolation } from './errors';
import {
  anyInstantWindow,
  checkCount,
  checkEnum,
  checkId,
  checkInstant,
  checkText,
  checkWholeNumber,
  pastInstantWindow,
  type TextRule,
} from './limits';

/** A request's encoded size beyond which it is refused even when every field is within its limit. */
export const REQUEST_MAX_BYTES = 256 * 1024;
/** Items a repeated field may carry unless named below. */
export const DEFAULT_MAX_ITEMS = 200;
const MAX_ITEMS: Record<string, number> = { documents: 100, items: 100, scores: 50, fees: 50 };
/** Largest amount of money in đồng a request may carry (10^13: ten thousand billion). */
export const MAX_VND = 10_000_000_000_000;

const NO_SPACE = { re: /^\S+$/, description: 'must not contain spaces' };

/** The text limit of a string field, by its name (see docs/security.md). */
export function textRuleFor(name: string): TextRule {
  if (name === 'page_token') return { max: 512, pattern: NO_SPACE };
  if (/(^|_)(reason|note|comment|question|answer|summary|items|description|problem)$/.test(name)) return { max: 4000, multiline: true };
  if (/(^|_)name$/.test(name) || name === 'handed_by' || name === 'collected_by') return { max: 200 };
  if (/(^|_)address$/.test(name)) return { max: 500 };
  if (name === 'email') return { max: 254 };
  if (name === 'phone' || name === 'id_number') return { max: 32 };
  if (/(^|_)code$/.test(name) || /(^|_)number$/.test(name)) return { max: 64, trim: true, pattern: NO_SPACE };
  if (name === 'file_ref') return { max: 1024 };
  return { max: 1000 };
}

const isIdField = (name: string) => name === 'id' || name.endsWith('_id');
/** Instants at which something already happened: not later than now plus the clock tolerance. */
const PAST_INSTANTS = new Set(['at', 'as_of', 'handed_over_at', 'collected_at', 'paid_at', 'status_at', 'received_at', 'submitted_at']);

interface FieldSchema {
  name: string;
  type: string;
  /** Fully-qualified type of a message or enum field. */
  typeName: string;
  repeated: boolean;
}
interface MessageSchema {
  byJsName: Map<string, FieldSchema>;
}
interface EnumSchema {
  numbers: number[];
  names: string[];
}
interface MethodSchema {
  requestType: string;
  /** proto-loader's decoder (int64 as strings): used to say which field could not be decoded. */
  lenientDecode: (bytes: Buffer) => unknown;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function protoFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return protoFiles(full);
    return e.name.endsWith('.proto') ? [path.relative(PROTO_ROOT, full)] : [];
  });
}

type DescriptorField = { name: string; label: string; type: string; typeName: string };
type Entry = { format?: string; type?: { field?: DescriptorField[]; value?: { name: string; number: number }[] } };

export class RequestSchemas {
  private readonly messages = new Map<string, MessageSchema>();
  private readonly enums = new Map<string, EnumSchema>();
  private readonly methods = new Map<string, MethodSchema>();

  constructor(definition: PackageDefinition) {
    const entries = definition as unknown as Record<string, Entry & Record<string, unknown>>;
    const names = new Set(Object.keys(entries));
    const resolve = (scope: string, typeName: string): string => {
      if (typeName.startsWith('.')) return typeName.slice(1);
      const parts = scope.split('.');
      for (let i = parts.length; i >= 0; i--) {
        const candidate = [...parts.slice(0, i), typeName].join('.');
        if (names.has(candidate)) return candidate;
      }
      return typeName;
    };
    for (const [fullName, entry] of Object.entries(entries)) {
      if (entry.format?.includes('EnumDescriptorProto')) {
        const values = entry.type?.value ?? [];
        this.enums.set(fullName, { numbers: values.map((v) => v.number), names: values.map((v) => v.name) });
      } else if (entry.format?.includes('DescriptorProto')) {
        const byJsName = new Map<string, FieldSchema>();
        for (const f of entry.type?.field ?? []) {
          const typeName = f.typeName ? resolve(fullName, f.typeName) : '';
          byJsName.set(camel(f.name), { name: f.name, type: f.type, typeName, repeated: f.label === 'LABEL_REPEATED' });
        }
        this.messages.set(fullName, { byJsName });
      } else if (!entry.format) {
        // a service: its request types are named relative to the service's package
        const servicePackage = fullName.split('.').slice(0, -1).join('.');
        for (const method of Object.values(entry) as {
          path?: string;
          requestType?: { type?: { name?: string } };
          requestDeserialize?: (b: Buffer) => unknown;
        }[]) {
          if (!method?.path || !method.requestDeserialize) continue;
          const requestType = resolve(servicePackage, method.requestType?.type?.name ?? '');
          this.methods.set(method.path, { requestType, lenientDecode: method.requestDeserialize });
        }
      }
    }
  }

  /** The schemas of every message, enum and method under proto/onestop. */
  static load(): RequestSchemas {
    return new RequestSchemas(
      loadSync(protoFiles(path.join(PROTO_ROOT, 'onestop')), {
        includeDirs: [PROTO_ROOT],
        keepCase: true,
        longs: String,
        enums: Number,
        defaults: false,
      }),
    );
  }

  /** Checks (and NFC-normalises, in place) a decoded request of the method at `rpcPath`. */
  check(rpcPath: string, request: unknown, now: Date): FieldViolation[] {
    const method = this.methods.get(rpcPath);
    if (!method || typeof request !== 'object' || request === null) return [];
    const violations: FieldViolation[] = [];
    this.walk(method.requestType, request as Record<string, unknown>, '', now, violations);
    return violations;
  }

  /** Why bytes that the generated decoder refused cannot be accepted, naming the field if it can. */
  diagnose(rpcPath: string, bytes: Buffer): FieldViolation {
    const method = this.methods.get(rpcPath);
    const typeName = method?.requestType ?? 'the request';
    try {
      const lenient = method?.lenientDecode(bytes);
      const field = lenient && method ? this.findOversizedInteger(method.requestType, lenient as Record<string, unknown>, '') : undefined;
      if (field) return { field, description: `is beyond the largest whole number accepted (${Number.MAX_SAFE_INTEGER})` };
    } catch {
      // not protobuf at all: fall through
    }
    return { field: '(request)', description: `the request bytes cannot be decoded as ${typeName}` };
  }

  private walk(typeName: string, obj: Record<string, unknown>, prefix: string, now: Date, out: FieldViolation[]): void {
    const schema = this.messages.get(typeName);
    if (!schema) return;
    for (const [key, value] of Object.entries(obj)) {
      if (value === undefined || value === null) continue;
      const oneof = typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && '$case' in value;
      const holder = oneof ? (value as Record<string, unknown>) : obj;
      const jsName = oneof ? String(value.$case) : key;
      const field = schema.byJsName.get(jsName);
      if (!field) continue;
      const fieldPath = `${prefix}${field.name}`;
      const current = holder[jsName];
      if (field.repeated) {
        if (!Array.isArray(current)) continue;
        const over = checkCount(current, fieldPath, MAX_ITEMS[field.name] ?? DEFAULT_MAX_ITEMS);
        if (over.length) {
          out.push(...over);
          continue;
        }
        current.forEach((item, i) => {
          const fixed = this.checkValue(field, item, `${fieldPath}[${i}]`, now, out);
          if (fixed !== item) current[i] = fixed;
        });
      } else {
        const fixed = this.checkValue(field, current, fieldPath, now, out);
        if (fixed !== current) holder[jsName] = fixed;
      }
    }
  }

  /** Checks one value; returns it, normalised when it is text. */
  private checkValue(field: FieldSchema, value: unknown, fieldPath: string, now: Date, out: FieldViolation[]): unknown {
    switch (field.type) {
      case 'TYPE_STRING': {
        if (typeof value !== 'string') return value;
        if (isIdField(field.name)) {
          // A request id the platform derived (`onestop~…`) is shaped like any other after its
          // prefix; whether this caller may send one is the command path's rule (requestIdViolations).
          const derived = field.name === 'request_id' && value.startsWith(DERIVED_REQUEST_ID_PREFIX);
          out.push(...checkId(derived ? value.slice(DERIVED_REQUEST_ID_PREFIX.length) : value, fieldPath));
          return value;
        }
        const checked = checkText(value, fieldPath, textRuleFor(field.name));
        out.push(...checked.violations);
        return checked.value;
      }
      case 'TYPE_ENUM': {
        const e = this.enums.get(field.typeName);
        if (e && typeof value === 'number') out.push(...checkEnum(value, fieldPath, e.numbers, e.names));
        return value;
      }
      case 'TYPE_INT64':
      case 'TYPE_SINT64':
      case 'TYPE_SFIXED64':
      case 'TYPE_UINT64':
      case 'TYPE_FIXED64':
        if (typeof value === 'number')
          out.push(...checkWholeNumber(value, fieldPath, field.name.endsWith('_vnd') ? { min: 0, max: MAX_VND } : {}));
        return value;
      case 'TYPE_DOUBLE':
      case 'TYPE_FLOAT':
        if (typeof value === 'number' && !Number.isFinite(value)) out.push({ field: fieldPath, description: 'must be a finite number' });
        return value;
      case 'TYPE_MESSAGE':
        if (field.typeName === 'google.protobuf.Timestamp') {
          if (value instanceof Date)
            out.push(...checkInstant(value, fieldPath, PAST_INSTANTS.has(field.name) ? pastInstantWindow(now) : anyInstantWindow(now)));
          return value;
        }
        if (typeof value === 'object' && value !== null)
          this.walk(field.typeName, value as Record<string, unknown>, `${fieldPath}.`, now, out);
        return value;
      default:
        return value;
    }
  }

  /** In a leniently decoded request (int64 as decimal strings), the first int64 beyond 2^53. */
  private findOversizedInteger(typeName: string, obj: Record<string, unknown>, prefix: string): string | undefined {
    const schema = this.messages.get(typeName);
    if (!schema) return undefined;
    for (const field of schema.byJsName.values()) {
      const raw = obj[field.name];
      if (raw === undefined || raw === null) continue;
      const values = field.repeated && Array.isArray(raw) ? raw : [raw];
      for (let i = 0; i < values.length; i++) {
        const at = field.repeated ? `${prefix}${field.name}[${i}]` : `${prefix}${field.name}`;
        const v: unknown = values[i];
        if (field.type.endsWith('64') && !Number.isSafeInteger(Number(v))) return at;
        if (field.type === 'TYPE_MESSAGE' && typeof v === 'object' && v !== null) {
          const inner = this.findOversizedInteger(field.typeName, v as Record<string, unknown>, `${at}.`);
          if (inner) return inner;
        }
      }
    }
    return undefined;
  }
}

let shared: RequestSchemas | undefined;
/** The schemas, loaded once per process. */
export function requestSchemas(): RequestSchemas {
  shared ??= RequestSchemas.load();
  return shared;
}
