#!/usr/bin/env node
// Builds the FileDescriptorSet that gRPC server reflection serves (libs/grpc-kit/dist/descriptors.binpb):
// proto/ as compiled by buf (with the google/protobuf well-known files it imports), plus the
// grpc.health.v1 and grpc.reflection protos the servers also serve, under their canonical names.
// Compiled by buf rather than synthesised at run time, so every descriptor is what protoc would
// produce: fully-qualified type names, real map entry messages, complete file dependencies.
// Runs in `npm run gen` (part of `npm run build`).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const buf = path.join(root, 'node_modules/.bin/buf');
const out = path.join(root, 'libs/grpc-kit/dist/descriptors.binpb');

const grpcProtos = {
  'grpc/health/v1/health.proto': path.join(path.dirname(require.resolve('grpc-health-check/package.json')), 'proto/health/v1/health.proto'),
  'grpc/reflection/v1/reflection.proto': path.join(
    path.dirname(require.resolve('@grpc/reflection/package.json')),
    'build/proto/grpc/reflection/v1/reflection.proto',
  ),
  'grpc/reflection/v1alpha/reflection.proto': path.join(
    path.dirname(require.resolve('@grpc/reflection/package.json')),
    'build/proto/grpc/reflection/v1alpha/reflection.proto',
  ),
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-descriptors-'));
try {
  for (const [name, source] of Object.entries(grpcProtos)) {
    fs.mkdirSync(path.join(tmp, 'grpc-protos', path.dirname(name)), { recursive: true });
    fs.copyFileSync(source, path.join(tmp, 'grpc-protos', name));
  }
  const build = (input, file) => {
    execFileSync(buf, ['build', input, '--as-file-descriptor-set', '-o', file], { cwd: root, stdio: 'inherit' });
    return fs.readFileSync(file);
  };
  // Concatenated FileDescriptorSets are one FileDescriptorSet (field 1 is repeated); the few
  // files present in both are deduplicated by name when loaded.
  const set = Buffer.concat([
    build('proto', path.join(tmp, 'onestop.binpb')),
    build(path.join(tmp, 'grpc-protos'), path.join(tmp, 'grpc.binpb')),
  ]);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, set);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
