// The benchmark is not a test: it reports ratios measured in one run (machines here are noisy,
// so no absolute timing is asserted anywhere). Run with `npm run bench`.
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }] },
  moduleNameMapper: { '^@onestop/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/e2e/bench/*.bench.ts'],
  testTimeout: 600000,
};
