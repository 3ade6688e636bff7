// Hostile requests for any RPC, generated from the build's protobuf descriptors (fast-check), and a
// raw unary call that sends whatever bytes it is given — so every RPC of every service is fuzzed
// without a hand-written generator per request type, and new fields are fuzzed by their type.
import * as grpc from '@grpc/grpc-js';
import * as fc from 'fast-check';
import {
  create,
  createFileRegistry,
  type DescField,
  type DescMessage,
  type DescService,
  fromBinary,
  ScalarType,
  toBinary,
} from '@bufbuild/protobuf';
import { loadDescriptorSet } from '@onestop/grpc-kit';

const registry = createFileRegistry(loadDescriptorSet());

/** The service's descriptor (e.g. "onestop.intake.v1.IntakeService"). */
export function serviceDescriptor(name: string): DescService {
  const s = registry.getService(name);
  if (!s) throw new Error(`no service ${name} in the descriptor set`);
  return s;
}

/** Strings a client should never be able to use to do harm: huge, invisible, control, reserved, injection-shaped. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '   \t ',
  '\u200b\u200b\u200b',
  '\ufeff',
  'a\u0000b',
  '\u0007bell',
  'line\nbreak',
  '\r\n',
  '\u202etxt.exe',
  '\ud800',
  '\uffff',
  '😀'.repeat(70),
  'x'.repeat(129),
  'x'.repeat(301),
  'x'.repeat(5000),
  'x'.repeat(300_000),
  "' OR 1=1 --",
  '{"$gt":""}',
  '$where',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  'onestop~postal-pickup-1',
  'postal-pickup-1',
  'a b',
  '2026-02-30T25:61:00Z',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@' + 'a'.repeat(120),
  'Nguyễn Văn A', // NFD below
  'Nguye\u0302\u0303n',
];

/** Plausible values, so that some requests pass the edge and reach the handlers. */
export interface FuzzPools {
  ids: string[];
  codes: string[];
}

function stringArb(field: DescField, pools: FuzzPools): fc.Arbitrary<string> {
  const name = field.name;
  const plausible =
    name.endsWith('_id') || name === 'id'
      ? fc.constantFrom(...pools.ids)
      : name.endsWith('_code') || name.endsWith('_number')
        ? fc.constantFrom(...pools.codes)
        : fc.constantFrom('TRUCNINH', 'TCKH', 'Nguyễn Văn A', 'thôn Đông', '0912345678', 'a@b.vn');
  return fc.oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\w.:-]{1,140}$/) },
  );
}

const INT32 = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)));
const UINT32 = fc.oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 32 - 1));
const INT64 = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(0n, -1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 10n ** 13n, 10n ** 13n + 1n),
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
);
const UINT64 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 64n - 1n, 2n ** 53n + 1n));
const DOUBLE = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, 5));

function scalarArb(scalar: ScalarType, field: DescField, pools: FuzzPools): fc.Arbitrary<unknown> {
  switch (scalar) {
    case ScalarType.STRING:
      return stringArb(field, pools);
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 64 });
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return DOUBLE;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return INT64;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return UINT64;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return UINT32;
    default:
      return INT32;
  }
}

/** google.protobuf.Timestamp: plausible instants and absurd ones (year 1, 1900, 10000, 1e13 s, negative nanos). */
const TIMESTAMP = fc.record({
  seconds: fc.oneof(
    fc.bigInt({ min: 1_700_000_000n, max: 1_900_000_000n }),
    fc.constantFrom(0n, -1n, -2_208_988_800n, 253_402_300_800n, 10n ** 13n, -(10n ** 13n), 2n ** 63n - 1n, -(2n ** 63n)),
  ),
  nanos: fc.oneof(fc.constant(0), fc.integer(), fc.constantFrom(-1, 999_999_999, 1_000_000_000)),
});

function messageArb(desc: DescMessage, pools: FuzzPools, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (desc.typeName === 'google.protobuf.Timestamp') return TIMESTAMP;
  if (depth > 3) return fc.constant({});
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of desc.fields) {
    if (field.oneof) continue;
    parts[field.localName] = fieldArb(field, pools, depth);
  }
  for (const oneof of desc.oneofs) {
    parts[oneof.localName] = fc.oneof(
      fc.constant(undefined),
      ...oneof.fields.map((f) => fieldArb(f, pools, depth).map((value) => ({ case: f.localName, value }))),
    );
  }
  // Every field is left out now and then (proto3: not given).
  return fc.record(parts, { requiredKeys: [] }).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

function elementArb(field: DescField, pools: FuzzPools, depth: number): fc.Arbitrary<unknown> {
  if (field.message) return messageArb(field.message, pools, depth + 1).map((init) => create(field.message, init));
  if (field.enum) {
    const numbers = field.enum.values.map((v) => v.number);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...numbers) },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31))) },
    );
  }
  return scalarArb(field.scalar, field, pools);
}

function fieldArb(field: DescField, pools: FuzzPools, depth: number): fc.Arbitrary<unknown> {
  if (field.fieldKind === 'list') {
    const item = elementArb(field, pools, depth);
    // mostly short lists; now and then longer than any list limit (issue 15 §9: 100,000 documents)
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: item.chain((one) => fc.constantFrom(201, 1000).map((n) => Array.from({ length: n }, () => one))) },
    );
  }
  if (field.fieldKind === 'map') return fc.constant({});
  return elementArb(field, pools, depth);
}

/**
 * Encoded requests of one method's input type: well-formed messages with hostile values, and now and
 * then bytes that are not a valid encoding at all (truncated, mutated, random, a field of the wrong
 * wire type).
 */
export function requestBytesArb(input: DescMessage, pools: FuzzPools): fc.Arbitrary<Buffer> {
  const encoded = messageArb(input, pools, 0).map((init) => Buffer.from(toBinary(input, create(input, init))));
  const broken = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
    encoded.chain((b) => fc.nat({ max: Math.max(0, b.length - 1) }).map((n) => b.subarray(0, n))),
    encoded.chain((b) =>
      fc.tuple(fc.nat({ max: Math.max(0, b.length - 1) }), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
        const copy = Buffer.from(b);
        if (copy.length) copy[i] = v;
        return copy;
      }),
    ),
    // field 1 as a varint where a string or message is expected; an overlong varint
    fc.constant(Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])),
    fc.constant(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])),
  );
  return fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: broken });
}

/** What the server answered: OK or an error code and message. */
export interface RawAnswer {
  code: grpc.status;
  details: string;
  /** The raw response bytes on OK. */
  response?: Buffer;
}

/** One unary call with bytes as they are (no client-side encoding or checks). */
export function rawUnary(client: grpc.Client, path: string, request: Buffer, token: string, timeoutMs = 15_000): Promise<RawAnswer> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      metadata,
      { deadline: Date.now() + timeoutMs },
      (err: grpc.ServiceError | null, response?: Buffer) =>
        resolve(err ? { code: err.code, details: err.details ?? '' } : { code: grpc.status.OK, details: '', response }),
    );
  });
}

/** A client that sends anything (the server's receive limit decides), to one address. */
export function rawClient(address: string): grpc.Client {
  return new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': 64 * 1024 * 1024,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
}

/** The request id of an encoded request; '' when it has none or does not decode. */
export function requestIdOf(input: DescMessage, init: Buffer): string {
  const field = input.fields.find((f) => f.name === 'request_id');
  if (!field) return '';
  try {
    const m = fromBinary(input, init) as unknown as Record<string, unknown>;
    const v = m[field.localName];
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}
