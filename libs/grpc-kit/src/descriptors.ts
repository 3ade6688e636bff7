// The descriptors a server reflects: the FileDescriptorSet buf compiled from proto/ at build time
// (scripts/build-descriptors.js), indexed by file and symbol, and cut down per server to the files
// its own services need — so a port never describes services it does not serve.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from '@bufbuild/protobuf/wkt';

/** Where `npm run build` writes the descriptor set (the same path from src/ under ts-jest and from dist/). */
export const DESCRIPTOR_SET_PATH = path.resolve(__dirname, '../dist/descriptors.binpb');

export const HEALTH_SERVICE = 'grpc.health.v1.Health';
export const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'] as const;
/** Served with every scope so clients can decode rich error details (google.rpc.BadRequest …). */
const ALWAYS_FILES = ['google/rpc/status.proto', 'google/rpc/error_details.proto'];

export function loadDescriptorSet(file = DESCRIPTOR_SET_PATH): FileDescriptorSet {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`gRPC reflection descriptors not found at ${file} (${(err as Error).message}); run \`npm run build\``, { cause: err });
  }
  return fromBinary(FileDescriptorSetSchema, bytes);
}

/** Every file, by name, with the fully-qualified symbols each defines. */
export class DescriptorIndex {
  readonly files = new Map<string, FileDescriptorProto>();
  /** Fully-qualified symbol (no leading dot) → file name. */
  readonly symbols = new Map<string, string>();
  /** Extendee (no leading dot) → field number → file name. */
  readonly extensions = new Map<string, Map<number, string>>();
  readonly services = new Set<string>();
  private readonly encoded = new Map<string, Uint8Array>();

  constructor(set: FileDescriptorSet) {
    for (const file of set.file) {
      if (this.files.has(file.name)) continue;
      this.files.set(file.name, file);
      this.encoded.set(file.name, toBinary(FileDescriptorProtoSchema, file));
      this.indexFile(file);
    }
    for (const file of this.files.values()) {
      for (const dep of file.dependency) {
        if (!this.files.has(dep)) throw new Error(`descriptor set: ${file.name} imports ${dep}, which the set does not contain`);
      }
    }
  }

  bytesOf(name: string): Uint8Array {
    const bytes = this.encoded.get(name);
    if (!bytes) throw new Error(`descriptor set has no file ${name}`);
    return bytes;
  }

  /** The file and everything it imports, transitively; the file itself first. */
  closure(name: string, into = new Set<string>()): Set<string> {
    if (into.has(name)) return into;
    into.add(name);
    for (const dep of this.files.get(name)?.dependency ?? []) this.closure(dep, into);
    return into;
  }

  /** What a server serving `services` reflects: those, health and reflection, and the files they need. */
  scope(services: readonly string[]): ReflectionScope {
    const listed = [...services, HEALTH_SERVICE, ...REFLECTION_SERVICES];
    const visible = new Set<string>();
    for (const service of listed) {
      const file = this.symbols.get(service);
      if (!file || !this.services.has(service))
        throw new Error(`service ${service} has no descriptor in the reflection set; is it defined under proto/?`);
      this.closure(file, visible);
    }
    for (const file of ALWAYS_FILES) if (this.files.has(file)) this.closure(file, visible);
    return new ReflectionScope(this, listed, visible);
  }

  private add(symbol: string, file: string): void {
    if (!this.symbols.has(symbol)) this.symbols.set(symbol, file);
  }

  private indexFile(file: FileDescriptorProto): void {
    const prefix = file.package ? `${file.package}.` : '';
    for (const m of file.messageType) this.indexMessage(m, prefix, file.name);
    for (const e of file.enumType) this.indexEnum(e, prefix, file.name);
    for (const x of file.extension) this.indexExtension(x, prefix, file.name);
    for (const s of file.service) {
      const name = `${prefix}${s.name}`;
      this.add(name, file.name);
      this.services.add(name);
      for (const m of s.method) this.add(`${name}.${m.name}`, file.name);
    }
  }

  private indexMessage(m: DescriptorProto, prefix: string, file: string): void {
    const name = `${prefix}${m.name}`;
    this.add(name, file);
    for (const f of m.field) this.add(`${name}.${f.name}`, file);
    for (const o of m.oneofDecl) this.add(`${name}.${o.name}`, file);
    for (const nested of m.nestedType) this.indexMessage(nested, `${name}.`, file);
    for (const e of m.enumType) this.indexEnum(e, `${name}.`, file);
    for (const x of m.extension) this.indexExtension(x, `${name}.`, file);
  }

  private indexEnum(e: EnumDescriptorProto, prefix: string, file: string): void {
    this.add(`${prefix}${e.name}`, file);
    // Enum values are scoped as siblings of their enum (C++ scoping rules).
    for (const v of e.value) this.add(`${prefix}${v.name}`, file);
  }

  private indexExtension(x: FieldDescriptorProto, prefix: string, file: string): void {
    this.add(`${prefix}${x.name}`, file);
    const extendee = x.extendee.replace(/^\./, '');
    if (!this.extensions.has(extendee)) this.extensions.set(extendee, new Map());
    this.extensions.get(extendee)!.set(x.number, file);
  }
}

/** The part of the index one server exposes. Lookups outside it answer "not found". */
export class ReflectionScope {
  constructor(
    private readonly index: DescriptorIndex,
    readonly services: readonly string[],
    readonly visibleFiles: ReadonlySet<string>,
  ) {}

  /** The named file followed by its transitive imports, encoded; undefined when not visible here. */
  fileByName(name: string): Uint8Array[] | undefined {
    if (!this.visibleFiles.has(name)) return undefined;
    return [...this.index.closure(name)].map((f) => this.index.bytesOf(f));
  }

  fileContainingSymbol(symbol: string): Uint8Array[] | undefined {
    const file = this.index.symbols.get(symbol.replace(/^\./, ''));
    return file ? this.fileByName(file) : undefined;
  }

  fileContainingExtension(extendee: string, number: number): Uint8Array[] | undefined {
    const file = this.index.extensions.get(extendee.replace(/^\./, ''))?.get(number);
    return file ? this.fileByName(file) : undefined;
  }

  /** Extension numbers of a message visible here (empty when none), or undefined for an unknown type. */
  extensionNumbers(extendee: string): number[] | undefined {
    const name = extendee.replace(/^\./, '');
    const file = this.index.symbols.get(name);
    if (!file || !this.visibleFiles.has(file)) return undefined;
    return [...(this.index.extensions.get(name) ?? new Map<number, string>()).entries()]
      .filter(([, f]) => this.visibleFiles.has(f))
      .map(([n]) => n)
      .sort((a, b) => a - b);
  }
}
