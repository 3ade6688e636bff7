// One jest run for every tier. Tiers are named in the file name: *.unit.spec.ts (pure, no I/O),
// *.int.spec.ts (real Kafka and document store), *.e2e.spec.ts (services started as processes),
// *.browser.spec.ts (the front office's pages in a real browser against the running services).
// Select a tier with `npm test -- --selectProjects unit`.
const base = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }] },
  moduleNameMapper: { '^@onestop/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  rootDir: __dirname,
};
module.exports = {
  // A global option (jest ignores it inside projects): integration and e2e tests wait on real
  // brokers and processes. Unit tests finish in milliseconds regardless.
  testTimeout: 120000,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,infra}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{libs,services,infra}/**/*.int.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'] },
    // Pages driven in Debian's Chromium (playwright-core) against the platform started as processes.
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/services/front-office/test/**/*.browser.spec.ts'] },
  ],
};
