// Test-only, loaded with `node --import`: appends the name of every npm package the process imports to
// the file named by RECORD_PACKAGES_FILE, one a line, so that a test can tell which ones a start loads.
import { register } from 'node:module';
import process from 'node:process';
import { URL } from 'node:url';

register(new URL('./record-packages-hooks.mjs', import.meta.url), { data: { file: process.env.RECORD_PACKAGES_FILE } });
