// Jest in ESM mode (@actions/core 3 is ESM-only): ts-jest's ESM preset, run with
// NODE_OPTIONS=--experimental-vm-modules (see the "test" script).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ESM build is .js in a package that is not "type": "module"; jest 29 needs the CJS build.
    '^aws-sdk-client-mock-jest$': '<rootDir>/node_modules/aws-sdk-client-mock-jest/dist/cjs/jest.js'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }]
  },
  testTimeout: 60000,
  maxWorkers: 4
}
