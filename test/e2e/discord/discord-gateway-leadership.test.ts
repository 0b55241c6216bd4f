import { afterEach, describe, expect, it } from 'vitest';
import type { Leadership } from '../../../src/ops/polling-leader.ts';
import { person, slashCommand } from '../../fakes/discord/wire-objects.ts';
import { DiscordHarness } from './discord-harness.ts';

/** The role as a test hands it out: `grant` and `revoke` do what the database lock would. */
class HandedRole implements Leadership {
  private work: { lead: () => Promise<void>; resign: () => Promise<void> } | undefined;
  follow(work: { lead: () => Promise<void>; resign: () => Promise<void> }): void {
    this.work = work;
  }
  grant(): Promise<void> {
    return this.work!.lead();
  }
  revoke(): Promise<void> {
    return this.work!.resign();
  }
  async stop(): Promise<void> {
    await this.work?.resign();
  }
}

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the Discord gateway with several processes', () => {
  it('GIVEN a process without the gateway role THEN it sends by REST but takes no interactions; granted the role it connects, revoked it lets go', async () => {
    const role = new HandedRole();
    h = await DiscordHarness.start({ gatewayLeadership: role });
    const { fake } = h;
    expect(fake.gateway.readySessions).toBe(0);
    expect(fake.registeredCommands.has('global')).toBe(true);
    const general = h.server.channels[0]!.id;
    await h.app.outbox.enqueue({ platform: 'discord', chatId: general }, { text: 'Sent without the gateway.' });
    await h.app.outbox.drain();
    expect(fake.messagesIn(general).map((m) => m.content)).toEqual(['Sent without the gateway.']);

    await role.grant();
    expect(fake.gateway.readySessions).toBe(1);
    const [answer] = await h.interact(slashCommand(fake.applicationId, person('sara'), h.general, 'help'));
    expect(answer!.content).toContain('Commands you can use here:');

    await role.revoke();
    await fake.waitFor('the gateway to close', () => fake.gateway.readySessions === 0);
    await h.app.outbox.enqueue({ platform: 'discord', chatId: general }, { text: 'Still sending.' });
    await h.app.outbox.drain();
    expect(fake.messagesIn(general).at(-1)!.content).toBe('Still sending.');
  });
});
