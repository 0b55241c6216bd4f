import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/core/**/*.ts', 'src/features/**/*.ts', 'src/i18n/**/*.ts'],
    rules: {
      // The core and features stay platform-neutral: adapters are the only place that knows a platform.
      'no-restricted-imports': ['error', { patterns: ['telegraf', 'telegraf/*', 'discord.js', '**/adapters/**'] }],
    },
  },
);
