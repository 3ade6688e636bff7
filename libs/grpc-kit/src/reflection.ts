// gRPC server reflection (grpc.reflection.v1 and v1alpha) answering from buf-compiled descriptors,
// byte for byte, so strict clients (grpcurl, grpcui, Evans, Kreya — all protobuf-go) accept them.
// The reflection messages themselves are encoded from the same descriptor set.
import * as grpc from '@grpc/grpc-js';
import { create, createFileRegistry, fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import type { FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { REFLECTION_SERVICES, type ReflectionScope } from './descriptors';

type Oneof = { case: string | undefined; value?: unknown };
interface ReflectionRequest {
  host: string;
  messageRequest: Oneof;
}

/** Answers one reflection request (pure; exported for tests). */
export function answer(scope: ReflectionScope, request: ReflectionRequest): Record<string, unknown> {
  const files = (found: Uint8Array[] | undefined, what: string): Oneof =>
    found
      ? { case: 'fileDescriptorResponse', value: { fileDescriptorProto: found } }
      : { case: 'errorResponse', value: { errorCode: grpc.status.NOT_FOUND, errorMessage: `${what} not found` } };
  const req = request.messageRequest;
  let messageResponse: Oneof;
  switch (req.case) {
    case 'listServices':
      messageResponse = { case: 'listServicesResponse', value: { service: scope.services.map((name) => ({ name })) } };
      break;
    case 'fileByFilename':
      messageResponse = files(scope.fileByName(String(req.value)), `file ${String(req.value)}`);
      break;
    case 'fileContainingSymbol':
      messageResponse = files(scope.fileContainingSymbol(String(req.value)), `symbol ${String(req.value)}`);
      break;
    case 'fileContainingExtension': {
      const ext = req.value as { containingType: string; extensionNumber: number };
      messageResponse = files(
        scope.fileContainingExtension(ext.containingType, ext.extensionNumber),
        `extension ${ext.containingType}(${ext.extensionNumber})`,
      );
      break;
    }
    case 'allExtensionNumbersOfType': {
      const numbers = scope.extensionNumbers(String(req.value));
      messageResponse = numbers
        ? { case: 'allExtensionNumbersResponse', value: { baseTypeName: String(req.value).replace(/^\./, ''), extensionNumber: numbers } }
        : { case: 'errorResponse', value: { errorCode: grpc.status.NOT_FOUND, errorMessage: `type ${String(req.value)} not found` } };
      break;
    }
    default:
      messageResponse = {
        case: 'errorResponse',
        value: { errorCode: grpc.status.UNIMPLEMENTED, errorMessage: 'unknown reflection request' },
      };
  }
  return { validHost: request.host, originalRequest: request, messageResponse };
}

function definitionFor(pkg: string, requestType: DescMessage, responseType: DescMessage): grpc.ServiceDefinition {
  return {
    ServerReflectionInfo: {
      path: `/${pkg}.ServerReflection/ServerReflectionInfo`,
      requestStream: true,
      responseStream: true,
      requestSerialize: (m: Message) => Buffer.from(toBinary(requestType, m)),
      requestDeserialize: (b: Buffer) => fromBinary(requestType, b),
      responseSerialize: (m: Message) => Buffer.from(toBinary(responseType, m)),
      responseDeserialize: (b: Buffer) => fromBinary(responseType, b),
      originalName: 'serverReflectionInfo',
    },
  };
}

/** Adds both reflection versions to `server`, answering from `scope`. */
export function addReflection(server: grpc.Server, set: FileDescriptorSet, scope: ReflectionScope): void {
  const registry = createFileRegistry(set);
  for (const service of REFLECTION_SERVICES) {
    const pkg = service.slice(0, service.lastIndexOf('.'));
    const requestType = registry.getMessage(`${pkg}.ServerReflectionRequest`);
    const responseType = registry.getMessage(`${pkg}.ServerReflectionResponse`);
    if (!requestType || !responseType) throw new Error(`descriptor set lacks ${pkg} reflection messages; run \`npm run build\``);
    server.addService(definitionFor(pkg, requestType, responseType), {
      ServerReflectionInfo: (stream: grpc.ServerDuplexStream<Message, Message>) => {
        stream.on('data', (request: Message) => {
          stream.write(create(responseType, answer(scope, request as unknown as ReflectionRequest) as never));
        });
        stream.on('end', () => stream.end());
        stream.on('error', () => undefined);
      },
    });
  }
}
