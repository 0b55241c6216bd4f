/**
 * The folder (a direct child of the project root, ignored by git) where the test run builds the sources
 * once, for the real bot processes of the end-to-end tests: its own, so that a developer's dist/ and its
 * `npm start` are never rebuilt under them.
 */
export const E2E_BUILD_DIR = 'dist-test-e2e';
