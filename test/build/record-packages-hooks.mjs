// The module hooks of record-packages.mjs (they run on node's hooks thread).
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

/**
 * A package's entry in the built bot's bundle of packages (scripts/vendor-bundle.mjs): `vendor-bundle/
 * discord.js.js` is discord.js, `@prisma__client__runtime__client.js` is @prisma/client. Its shared
 * chunks name no package, but our code imports a package only through its entry.
 */
function bundledPackage(url) {
  const entry = /\/vendor-bundle\/([^/]+)\.js$/.exec(url)?.[1];
  if (!entry || entry.startsWith('chunk-')) return undefined;
  const parts = entry.split('__');
  return (entry.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url)?.[1] ?? bundledPackage(result.url);
  if (name && file) appendFileSync(file, `${name}\n`);
  return result;
}
