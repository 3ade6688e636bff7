// The fault suite (`npm run test:faults`): the platform under steady bounded load while its
// processes, Kafka, PostgreSQL and the postal provider fail in turn. Its own jest run, because it
// stops Kafka and PostgreSQL: the global setup starts a private infrastructure (infra/bin/infra on
// ports of its own, a temporary ONESTOP_INFRA_DIR) and deletes it afterwards; the shared one is
// never touched. Everything listens on 127.0.0.1 and the run stops by itself (`npm run test:faults`
// adds --forceExit: a failed run must not wait on a lifecycle still polling a broken platform).
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/e2e/faults/infra-setup.js',
  globalTeardown: '<rootDir>/e2e/faults/infra-teardown.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }] },
  moduleNameMapper: { '^@onestop/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/e2e/faults/*.faults.spec.ts'],
  // The whole suite is bounded: the spec's own phases time out well before this.
  testTimeout: 1_200_000,
};
