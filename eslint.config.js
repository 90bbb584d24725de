// `npm run lint` (run by `npm run typecheck`): typescript-eslint's recommended rules — not the
// type-aware ones, tsc checks the types — and no import cycles between the project's modules
// (import-x/no-cycle; it follows value imports, type-only ones are free).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  // The Experiment runs in Thunderbird's parent process with its own globals (src/experiment).
  { ignores: ['dist/', 'node_modules/', 'src/experiment/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without it import-x parses only `.js` files for their imports, and no-cycle never saw a
      // cycle between `.ts` modules.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      // Sources import each other as `./x.js` (ESM as it is emitted); the files are `x.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A leading underscore marks what is unused on purpose (a field taken out of a rest object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Request types of the page protocol without parameters are written `{}` (src/shared/protocol.ts).
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // Mail is written by strangers: matching control characters to remove them is the point.
      'no-control-regex': 'off',
    },
  },
  {
    // Decide apart from deliver (docs/ARCHITECTURE.md): handlers, the resource agent, the user
    // actions and the views return their changes as a Decision (core/itip/decision.ts); only
    // core/itip/commit.ts, the context that binds the writer and the engine's bookkeeping take it.
    files: ['src/core/itip/handlers/**', 'src/core/itip/actions/**', 'src/core/policy/**', 'src/core/views/**', 'src/core/calendars/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/writer.js'],
              importNames: ['writerOf', 'bindWriter'],
              message: 'Return the change as a Decision (core/itip/decision.ts); core/itip/commit.ts applies it.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', 'build.mjs'], languageOptions: { globals: globals.node } },
  {
    // Tests read JSON output and fake browser objects: loosely typed on purpose.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-this-alias': 'off' },
  },
  // Sent to the page as the text of one arrow function (test/ui/harness.ts), run in the browser.
  { files: ['test/ui/fake-browser.js'], languageOptions: { globals: globals.browser }, rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
);
