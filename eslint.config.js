import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Import paths into the test folder (its helpers are not part of the app). */
const testImports = ['**/test/**', '**/test']
/** Imports of the server's code, which the client never makes. */
const noServerImports = { group: ['**/server/**'], message: 'The client imports nothing from server/: use the contract in schema/api/.' }

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Test helpers (test/) are for tests only: production code never imports them.
    files: ['schema/**/*.{ts,tsx}', 'server/**/*.{ts,tsx}', 'client/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: testImports }],
    },
  },
  {
    // Schema is shared by browser and server: no Node built-ins, no React, no DOM-only modules.
    files: ['schema/**/*.ts'],
    ignores: ['schema/**/*.test.ts'],
    rules: {
      // Native modules (resvg) are the server's: a Word export gets its chart renderer injected.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'react', 'react-dom', 'fs', 'path', 'crypto', '@resvg/*', '**/server/**', ...testImports] }],
    },
  },
  {
    // The web app knows the server only through the API contract (schema/api/): nothing from server/, not even a type.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noServerImports, { group: testImports, message: 'Test helpers are for tests only.' }] }] },
  },
  {
    // Its tests too.
    files: ['client/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noServerImports] }] },
  },
)
