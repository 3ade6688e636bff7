// ESLint for the whole repository (flat config). Prettier owns formatting (eslint-config-prettier
// turns off every stylistic rule), ESLint owns correctness.
//
// Rule set, and why:
// - TypeScript gets typescript-eslint's `recommendedTypeChecked`, with type information from the
//   project service (every file is found through tsconfig.json; the tests through
//   tsconfig.test.json, which the root solution references). It includes the promise rules that
//   matter most for an event-driven service: no-floating-promises (an unawaited append or publish
//   loses its error), no-misused-promises (an async callback where a void one is expected) and
//   await-thenable.
// - require-await is off: an `async` method without `await` is the ordinary way to implement a
//   Promise-returning port and to turn a throw into a rejection.
// - In tests (specs, e2e, test support) the no-unsafe-* family, no-explicit-any and unbound-method
//   and no-unsafe-enum-comparison are off: tests poke at parsed JSON and wire responses on purpose, and pass jest and gRPC
//   client methods around by reference; the assertions themselves are their type check.
// - Unused variables are errors except names starting with `_` (kept for positional parameters and
//   destructuring that drops a field).
// - JavaScript files (scripts, jest configs) are CommonJS on Node: ESLint's recommended rules with
//   Node's globals, no type information.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const nodeGlobals = Object.fromEntries(
  [
    'require',
    'module',
    'exports',
    '__dirname',
    '__filename',
    'process',
    'console',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'URL',
    'fetch',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/.local/', '**/coverage/', 'libs/contracts/src/gen/', '**/*.d.ts'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'libs/test-support/src/**/*.ts', 'services/*/src/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  prettier,
);
