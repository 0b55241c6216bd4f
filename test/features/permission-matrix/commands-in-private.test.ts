import { describe, expect, it } from 'vitest';
import { privateChat, texts } from '../../support/harness.ts';
import { expectedAllowed, matrixBot, PERSONAS, REFUSALS } from './matrix.ts';

/** The permission matrix's commands, each sent bare in a private chat by every persona (see matrix.ts). */
const m = await matrixBot();

describe('permission matrix: commands in a private chat', () => {
  for (const { name, audience, chats } of m.commands) {
    for (const role of PERSONAS) {
      const allowed = expectedAllowed(audience, chats, role, privateChat('x'));
      it(`GIVEN a ${role} in a private chat WHEN /${name} THEN ${allowed ? 'it is allowed' : 'it is refused and nothing changes'}`, async () => {
        const person = await m.personWithRole(role);
        const chat = privateChat(person.userId);
        const before = await m.stateFingerprint();
        const reply = texts(await person.says(`/${name}`, chat));
        const refused = REFUSALS.some((pattern) => pattern.test(reply));
        expect(refused, reply).toBe(!allowed);
        if (!allowed) expect(await m.stateFingerprint()).toBe(before);
      });
    }
  }
});
