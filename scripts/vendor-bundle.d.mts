// Types of vendor-bundle.mjs, for the tests that import it.
export declare const VENDOR_DIR: string;
export declare const VENDOR_MANIFEST: string;
export declare function isVendored(specifier: string): boolean;
export declare function vendorImportPath(specifier: string, fromFile: string, outDir: string): string;
export declare function rewriteVendorImports(code: string, outputFile: string, outDir: string): string;
export declare function removeStaleOutputs(
  dir: string,
  metafile: { outputs: Record<string, unknown> },
  keep?: string[],
): void;
export declare function buildVendorBundle(options: {
  root: string;
  outDir: string;
  outputs: string[];
  target: string;
}): Promise<number>;
export declare function importPath(fromDir: string, target: string): string;
export declare function esmBundleOptions(options: { target: string; outdir: string }): Record<string, unknown>;
