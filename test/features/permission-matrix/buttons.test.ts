import { describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS } from '../../../src/features/action-permissions.ts';
import { GROUP, texts } from '../../support/harness.ts';
import { expectedAllowed, matrixBot, PERSONAS } from './matrix.ts';

/** The permission matrix's button actions, each pressed in the group by every persona (see matrix.ts). */
const m = await matrixBot();

describe('permission matrix: button actions', () => {
  for (const [name, audience] of Object.entries(ACTION_PERMISSIONS)) {
    for (const role of PERSONAS) {
      const allowed = expectedAllowed(audience, 'any', role, GROUP);
      it(`GIVEN a ${role} WHEN pressing ${name} THEN ${allowed ? 'it is not refused for their role' : 'it is refused and nothing changes'}`, async () => {
        const person = await m.personWithRole(role);
        const before = await m.stateFingerprint();
        // Row 1 is the matrix's own group: an admin's Unbind would take it out from under the other cells.
        const data = name === 'setup.unbind' ? '999999' : '1';
        const event = person.event({ type: 'action', action: name, data }, GROUP);
        const reply = texts(await m.h.deliver(event));
        expect(/This button is only for:/.test(reply), reply).toBe(!allowed);
        if (!allowed) expect(await m.stateFingerprint()).toBe(before);
      });
    }
  }
});
