// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import formatjs from 'eslint-plugin-formatjs';
import tseslint from 'typescript-eslint';

const electronOnlyInGlue = {
  name: 'electron',
  message: "Only main/electron/ and preload/ may import 'electron'; put the logic in a plain-Node module and pass it in.",
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.contract.json',
          './tsconfig.main.json',
          './tsconfig.preload.json',
          './tsconfig.renderer.json',
          './tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Failed calls reject with the plain error shape, because Error fields do not survive contextBridge.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'SerializedError', path: 'contract/errors.ts' }] }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInGlue] }],
    },
  },
  {
    files: ['main/electron/**', 'preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInGlue],
          patterns: [
            { group: ['../*'], message: 'contract/ imports nothing local outside itself.' },
            { group: ['node:*'], message: 'contract/ compiles for both Node and the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInGlue],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/server/**', 'node:*'],
              message: 'The renderer talks to window.candor only; import types and schemas from contract/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**', 'server/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInGlue],
          patterns: [{ group: ['**/renderer/**'], message: 'main/ and server/ never import the renderer.' }],
        },
      ],
    },
  },
  {
    // The review console runs in a browser: like the renderer, but it talks to the review API over fetch.
    files: ['server/console/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInGlue],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'node:*'],
              message: 'The review console talks to the review API only; import types and schemas from contract/.',
            },
            {
              // The rest of server/ is one folder up; contract/ and renderer/ are two.
              regex: '^\\.\\./(?!\\.\\./)',
              message: 'The review console runs in the browser and never imports the server itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every text a person reads comes from a message catalogue (contract/messages): no words
    // written into JSX, nor into the attributes a person reads or hears.
    files: ['renderer/**/*.tsx', 'server/console/**/*.tsx'],
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        { props: { include: [['*', '{label,placeholder,title,alt,aria-label,aria-description,aria-valuetext}']] } },
      ],
    },
  },
  {
    files: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }] }],
    },
  },
  {
    files: ['test/**', 'bench/**', '*.config.ts', '*.config.js', 'scripts/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['eslint.config.js', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
