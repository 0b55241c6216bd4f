// The bot's own built modules bundled into a few files under dist/bundle/, which `npm start` and
// `npm run start:prod` run (dist/bundle/main.js); the packages stay in dist/vendor-bundle/.
//
// Why: once the packages were bundled, the bot's own ~450 modules loaded one by one were the larger part
// of what was left of a start: node's ES module loader resolves, reads, compiles and links each on its
// own (measured with Telegram, Bale and Discord: ready 2.45 → 2.0 s after a restart from node's spawn,
// median of five). esbuild bundles them from the per-file output in about 0.6 s, so a rebuild after
// an edit stays under a second (0.8–0.9 s for the whole `node scripts/build.mjs --incremental`). The
// dynamic imports (run-bot, the platforms, the web app) become chunks of their own, loaded when they are
// now.
//
// Each module's `import.meta.url` still names its per-file output, so that what it finds beside itself
// (templates, views, assets, ../../locales, the query compiler's .wasm) is found as before.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { esmBundleOptions, importPath, removeStaleOutputs, VENDOR_DIR } from './vendor-bundle.mjs';

export const APP_BUNDLE_DIR = 'bundle';

/** The bundle's entry, which `npm start` runs. */
export function appBundleEntry(outDir) {
  return path.join(outDir, APP_BUNDLE_DIR, 'main.js');
}

/** Whether the bundle is missing or older than one of the modules it is made from. */
export function appBundleIsStale(outDir, outputs) {
  let bundledAt;
  try {
    bundledAt = statSync(appBundleEntry(outDir)).mtimeMs;
  } catch {
    return true;
  }
  return outputs.some((file) => {
    try {
      return statSync(file).mtimeMs > bundledAt;
    } catch {
      return true;
    }
  });
}

/** Bundles `outDir/main.js` and what it imports from `outDir` into `outDir/bundle/`. */
export async function buildAppBundle({ root, outDir, target }) {
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const bundleDir = path.join(outDir, APP_BUNDLE_DIR);
  const vendorDir = path.join(outDir, VENDOR_DIR) + path.sep;
  const { metafile } = await esbuild.build({
    ...esmBundleOptions({ target, outdir: bundleDir }),
    entryPoints: [path.join(outDir, 'main.js')],
    // Packages kept in node_modules (see vendor-bundle.mjs) are imported by name, as before.
    packages: 'external',
    plugins: [
      {
        name: 'vendor-bundle-and-own-locations',
        setup(build) {
          build.onResolve({ filter: new RegExp(`[\\\\/]${VENDOR_DIR}[\\\\/]`) }, (args) => {
            const file = path.resolve(args.resolveDir, args.path);
            if (!file.startsWith(vendorDir)) return undefined;
            return { path: importPath(bundleDir, file), external: true };
          });
          build.onLoad({ filter: /\.js$/ }, (args) => {
            if (!args.path.startsWith(outDir + path.sep)) return undefined;
            const code = readFileSync(args.path, 'utf8');
            if (!code.includes('import.meta.url')) return { contents: code, loader: 'js' };
            const ownUrl = `new URL(${JSON.stringify(importPath(bundleDir, args.path))}, import.meta.url).href`;
            return { contents: code.replaceAll('import.meta.url', ownUrl), loader: 'js' };
          });
        },
      },
    ],
  });
  removeStaleOutputs(bundleDir, metafile);
}
