import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { serverOnlyFirst } from './eslint/server-only-rule.mjs';

const layer = (dirs) => dirs.flatMap((d) => [`@/${d}/*`, `@/${d}`, `**/${d}/*`, `../${d}/*`, `../../${d}/*`]);

/** Import arrows of design §2: app/components → lib; app → server → lib; sim → lib. */
const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', '.scaleguard/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: layer(['server', 'sim', 'app', 'components', 'e2e']), message: 'lib/ is pure: it imports nothing outside lib/.' },
          { group: ['react', 'react-dom', 'react/*', 'next', 'next/*', 'node:*', 'server-only'], message: 'lib/ is pure: no React, no next/*, no node:*.' },
          { group: ['@kubernetes/client-node'], allowTypeImports: true, message: 'lib/ may only `import type` from client-node.' },
        ],
      }],
    },
  },
  {
    // Tests of lib/ may read their fixture files from disk.
    files: ['lib/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Simulator tests of lib/ drive sim/ in-process (through test/sim-harness.ts) to prove plans.
    files: ['lib/**/*.sim.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: layer(['server', 'sim', 'app']), message: 'components/ import lib/ only, never server/ or sim/.' },
          { group: ['@kubernetes/client-node', 'server-only'], message: 'components/ never talk to a cluster.' },
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    plugins: { scaleguard: { rules: { 'server-only-first': serverOnlyFirst } } },
    rules: {
      'scaleguard/server-only-first': 'error',
      'no-restricted-imports': ['error', {
        patterns: [{ group: layer(['sim', 'app', 'components']), message: 'server/ imports lib/ only.' }],
      }],
    },
  },
  {
    // Tests drive the real simulator over HTTP; only they may reach into sim/.
    files: ['server/**/*.test.ts'],
    rules: { 'scaleguard/server-only-first': 'off', 'no-restricted-imports': 'off' },
  },
  {
    files: ['sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: layer(['server', 'app', 'components']), message: 'sim/ imports lib/ (types, cron math) only.' }],
      }],
    },
  },
];

export default config;
