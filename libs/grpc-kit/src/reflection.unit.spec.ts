// The reflection answers on the build's descriptor set (libs/grpc-kit/dist/descriptors.binpb,
// written by `npm run build`): per-port scope, complete and strictly resolvable files.
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { DescriptorIndex, loadDescriptorSet } from './descriptors';
import { answer } from './reflection';

const set = loadDescriptorSet();
const index = new DescriptorIndex(set);
const intake = index.scope(['onestop.intake.v1.IntakeService']);

const decoded = (files: Uint8Array[] | undefined): FileDescriptorProto[] =>
  (files ?? []).map((b) => fromBinary(FileDescriptorProtoSchema, b));

function allMessages(ms: DescriptorProto[]): DescriptorProto[] {
  return ms.flatMap((m) => [m, ...allMessages(m.nestedType)]);
}

function dependenciesFirst(files: FileDescriptorProto[]): FileDescriptorProto[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: FileDescriptorProto[] = [];
  const visit = (f: FileDescriptorProto) => {
    if (out.includes(f)) return;
    for (const dep of f.dependency) visit(byName.get(dep)!);
    out.push(f);
  };
  files.forEach(visit);
  return out;
}

describe('reflection scope of one server', () => {
  it('lists its own service, health and both reflection versions, nothing else', () => {
    const res = answer(intake, { host: '', messageRequest: { case: 'listServices', value: '*' } });
    expect(res.messageResponse).toEqual({
      case: 'listServicesResponse',
      value: {
        service: [
          { name: 'onestop.intake.v1.IntakeService' },
          { name: 'grpc.health.v1.Health' },
          { name: 'grpc.reflection.v1.ServerReflection' },
          { name: 'grpc.reflection.v1alpha.ServerReflection' },
        ],
      },
    });
  });

  it('answers a symbol with its file first, then every file it imports', () => {
    const files = decoded(intake.fileContainingSymbol('onestop.intake.v1.IntakeService'));
    expect(files[0].name).toBe('onestop/intake/v1/intake_service.proto');
    const names = new Set(files.map((f) => f.name));
    for (const f of files) for (const dep of f.dependency) expect(names).toContain(dep);
    expect(names).toContain('google/protobuf/timestamp.proto');
  });

  it('does not reveal another service or its files', () => {
    expect(intake.fileContainingSymbol('onestop.processing.v1.ProcessingService')).toBeUndefined();
    expect(intake.fileByName('onestop/processing/v1/processing_service.proto')).toBeUndefined();
    const res = answer(intake, {
      host: '',
      messageRequest: { case: 'fileContainingSymbol', value: 'onestop.processing.v1.ProcessingService' },
    });
    expect(res.messageResponse).toMatchObject({ case: 'errorResponse', value: { errorCode: 5 } });
  });

  it('resolves methods, nested types and enum values, with or without a leading dot', () => {
    expect(decoded(intake.fileContainingSymbol('.onestop.intake.v1.IntakeService.GetProcedure'))[0].name).toBe(
      'onestop/intake/v1/intake_service.proto',
    );
    expect(decoded(intake.fileContainingSymbol('grpc.health.v1.HealthCheckResponse.SERVING'))[0].name).toBe('grpc/health/v1/health.proto');
  });

  it('serves descriptors a strict implementation accepts: absolute type names, real map entries', () => {
    const files = decoded([...intake.visibleFiles].flatMap((f) => intake.fileByName(f)!.slice(0, 1)));
    for (const file of files) {
      for (const m of allMessages(file.messageType)) {
        for (const field of m.field) {
          if (field.typeName)
            expect({ field: `${m.name}.${field.name}`, typeName: field.typeName }).toEqual({
              field: `${m.name}.${field.name}`,
              typeName: expect.stringMatching(/^\./),
            });
        }
        for (const entry of m.nestedType.filter((n) => n.options?.mapEntry)) expect(entry.name).toMatch(/Entry$/);
      }
    }
    const health = files.find((f) => f.name === 'grpc/health/v1/health.proto')!;
    const list = health.messageType.find((m) => m.name === 'HealthListResponse')!;
    expect(list.nestedType.map((n) => [n.name, n.options?.mapEntry])).toEqual([['StatusesEntry', true]]);
    // The served files alone (no other source) form a registry in which every reference resolves.
    expect(() => createFileRegistry(create(FileDescriptorSetSchema, { file: dependenciesFirst(files) }))).not.toThrow();
  });

  it('refuses a server whose service has no descriptor', () => {
    expect(() => index.scope(['onestop.nowhere.v1.Nothing'])).toThrow(/onestop\.nowhere\.v1\.Nothing has no descriptor/);
  });
});
