/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Sources import with `.js` specifiers (ESM rules); jest resolves the `.ts` files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // `npm test` reports coverage of the SDK itself: src/ less the Node-only emulator and CLI.
  collectCoverageFrom: ['src/**/*.ts', '!src/emulator/**', '!src/cli/**'],
  coverageReporters: ['text-summary'],
};
