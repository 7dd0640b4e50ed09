import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import boundaries from './tools/lint/module-boundaries.cjs';

const { depConstraints, testDepConstraints, testFiles } = boundaries;

// @nx/enforce-module-boundaries silently skips itself without Nx's cached project graph:
// scripts/test.mjs runs `nx show projects` first, and tools/lint/module-boundaries.spec.ts fails if it is skipped.
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.cache/**', '.nx/**', 'coverage/**', 'bench/out/**', '**/*.js', '**/*.mjs', '**/*.cjs', '!scripts/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['apps/dashboard/**'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { project: ['./tsconfig.lint.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', { depConstraints }],
    },
  },
  {
    // The dashboard runs in the browser: its own tsconfig (DOM, JSX) and no imports of the Node libs.
    files: ['apps/dashboard/**/*.{ts,tsx}'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { project: ['./apps/dashboard/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', { depConstraints: [{ sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: [] }] }],
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': ['error', { depConstraints: testDepConstraints }] },
  },
  {
    // The entry scripts (npm start, npm test, npm run bench, infra) run on a fresh clone before node_modules
    // exists and install it themselves: a static import of a third-party package fails before that.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:|\\.{1,2}/)',
              message: 'Entry scripts run before npm ci: import node: built-ins and ./ files statically, third-party packages with await import() after ensureDependencies.',
            },
          ],
        },
      ],
    },
  },
);
