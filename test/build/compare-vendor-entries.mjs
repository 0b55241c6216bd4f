// Test-only: for each entry of a build's package bundle (scripts/vendor-bundle.mjs), compares what the
// entry exports with what node's own import of the package gives: the same names, each of the same
// type, and a default export with the same properties. Prints one JSON line: the entries and any
// difference found. Run from the project root: node test/build/compare-vendor-entries.mjs <build dir>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const bundleDir = path.resolve(process.argv[2], 'vendor-bundle');
const { entries } = JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8'));
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const shape = (value) =>
  value !== null && (typeof value === 'object' || typeof value === 'function')
    ? Object.keys(value).sort()
    : typeof value;
const differences = [];
for (const entry of entries) {
  const specifier = entry.replace(/__/g, '/');
  const fromNode = await import(specifier);
  const fromBundle = await import(pathToFileURL(path.join(bundleDir, `${entry}.js`)).href);
  const names = Object.keys(fromNode).filter((name) => IDENTIFIER.test(name));
  for (const name of names) {
    if (!(name in fromBundle)) differences.push(`${specifier}: ${name} is missing`);
    else if (typeof fromNode[name] !== typeof fromBundle[name])
      differences.push(`${specifier}: ${name} has another type`);
  }
  if (JSON.stringify(shape(fromNode.default)) !== JSON.stringify(shape(fromBundle.default))) {
    differences.push(`${specifier}: its default export differs`);
  }
}
process.stdout.write(JSON.stringify({ entries, differences }) + '\n');
