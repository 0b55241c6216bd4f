import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Platform libraries: only adapters may know them. */
const PLATFORMS = ['telegraf', 'telegraf/*', 'discord.js', '**/adapters/**'];
/** The Prisma client: only `src/db/` and repositories may use it. */
const PRISMA = ['**/db/prisma-client*', '**/db/generated/**', '@prisma/client', '@prisma/client/*'];
/** What an adapter must not reach: it knows the core, i18n and the logger (and types from ops/), nothing of the app. */
const APP_SIDE = [
  '**/features/**',
  '**/db/**',
  '**/web/**',
  '**/wiring/**',
  '**/app.ts',
  '**/services.ts',
  '**/main.ts',
  '**/config.ts',
];
const restrict = (...groups) => ['error', { patterns: groups.flat() }];
/**
 * The Prisma client as a value (queries, `Prisma.sql`): only `src/db/` and repositories. The `Db` type
 * may be named elsewhere, to hand the connection to the repositories a feature builds.
 */
const PRISMA_VALUE = {
  group: PRISMA,
  allowTypeImports: true,
  message: 'Only src/db/ and *-repository.ts files use the Prisma client; elsewhere, import its types only.',
};
/** An adapter may import types from ops/ (what it reports), nothing that runs. */
const OPS_TYPES = {
  group: ['**/ops/**'],
  allowTypeImports: true,
  message: 'An adapter may import only types from ops/.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'src/db/generated/', 'coverage/', 'dist/', 'dist-test-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      // Without these the rule resolves a .ts import but does not read the file, and sees no cycle.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // Type-only imports (`import type`, or every specifier `type`) are not followed: they vanish at run time.
      'import-x/no-cycle': 'error',
    },
  },
  // A file gets one `no-restricted-imports` setting (the last block that matches it), so each block
  // below lists every group that applies to its files.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', 'src/**/*-repository.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [PRISMA_VALUE] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/features/**/*.ts', 'src/i18n/**/*.ts'],
    rules: {
      // The core and features stay platform-neutral: adapters are the only place that knows a platform.
      'no-restricted-imports': restrict(PLATFORMS),
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      // Data flows adapter → event → core; what an adapter needs of the app is handed to it (see src/wiring/).
      'no-restricted-imports': restrict(APP_SIDE, PRISMA),
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [OPS_TYPES] }],
    },
  },
);
