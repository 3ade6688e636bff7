// A stock reflection client (what grpcurl does first): lists the services a server exposes.
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const reflectionProto = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

export async function listServices(address: string): Promise<string[]> {
  const pkg = grpc.loadPackageDefinition(loadSync(reflectionProto)) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
  try {
    return await new Promise<string[]>((resolve, reject) => {
      type ReflectionResponse = { listServicesResponse?: { service: { name: string }[] } };
      const stream = (
        client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<unknown, ReflectionResponse> }
      ).serverReflectionInfo();
      stream.on('data', (res: ReflectionResponse) => {
        resolve((res.listServicesResponse?.service ?? []).map((s) => s.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ listServices: '*' });
    });
  } finally {
    client.close();
  }
}
