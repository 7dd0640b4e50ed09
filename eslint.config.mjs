import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import boundaries from './tools/lint/module-boundaries.cjs';

const { depConstraints, testDepConstraints, testFiles } = boundaries;

// @nx/enforce-module-boundaries silently skips itself without Nx's cached project graph:
// scripts/test.mjs runs `nx show projects` first, and tools/lint/module-boundaries.spec.ts fails if it is skipped.
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.cache/**', '.nx/**', 'coverage/**', 'bench/out/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
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

);
