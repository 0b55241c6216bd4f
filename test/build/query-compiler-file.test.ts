import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';

const GENERATED = new URL('../../src/db/generated/internal/', import.meta.url);

/**
 * scripts/prisma-generate.mjs makes the generated client load Prisma's query compiler from a binary
 * file: the base64 module Prisma imports otherwise stays in the bot's heap (8.7 MB) for its whole life.
 */
describe('the Prisma query compiler, loaded from a file (issue #21)', () => {
  it('GIVEN the generated client THEN it imports no base64 module, and the file beside it is WebAssembly', () => {
    const client = readFileSync(new URL('class.ts', GENERATED), 'utf8');
    expect(client).not.toContain('wasm-base64');
    expect(client).toContain("new URL('./query_compiler_bg.wasm', import.meta.url)");
    const wasm = readFileSync(fileURLToPath(new URL('query_compiler_bg.wasm', GENERATED)));
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } };
    expect(wasmApi.validate(wasm)).toBe(true);
  });

  it('GIVEN that client THEN a query only the compiler can plan (a nested create, read back with its relation) runs', async () => {
    const database = await createTestDatabase();
    try {
      const community = await database.prisma.community.create({
        data: {
          name: 'Kerman readers',
          joinCode: 'KERMAN01',
          chats: { create: { platform: 'telegram', externalId: '-5', kind: 'group', title: 'کتابداران کرمان' } },
        },
        include: { chats: true },
      });
      expect(community.chats.map((chat) => chat.title)).toEqual(['کتابداران کرمان']);
    } finally {
      await database.drop();
    }
  });
});
