import { afterEach, describe, expect, it } from 'vitest';
import { person, textMessage, type FakeChat } from '../../fakes/telegram/updates.ts';
import { MessengerHarness } from '../bale/messenger-harness.ts';

/**
 * A Telegram group upgraded to a supergroup gets a new id. The bot hears it from the service message
 * (`migrate_to_chat_id`) and moves everything of the old id to the new one; a send that still goes to
 * the old id is refused with the new id in `parameters` and goes there instead.
 */
let h: MessengerHarness | undefined;
let clockAheadMs = 0;
afterEach(async () => {
  await h?.close();
  h = undefined;
  clockAheadMs = 0;
});

const sara = person(6001, 'Sara');
const reza = person(6002, 'Reza');
const oldGroup: FakeChat = { id: -6100, type: 'group', title: 'Librarians' };
const supergroup: FakeChat = { id: -1006100, type: 'supergroup', title: 'Librarians' };

describe('a Telegram group upgraded to a supergroup', () => {
  it('GIVEN a bound group with a planned reminder WHEN it becomes a supergroup THEN the binding, the reminder and queued messages follow it to the new id', async () => {
    h = await MessengerHarness.start({ messengers: ['telegram'], clockAheadMs: () => clockAheadMs });
    const telegram = h.fake('telegram');
    telegram.memberStatus.set(`${oldGroup.id}:${sara.id}`, 'creator');
    telegram.memberStatus.set(`${supergroup.id}:${sara.id}`, 'creator');
    await h.deliver('telegram', textMessage(oldGroup, sara, '/setup new Librarians'));
    const at = new Date(Math.ceil((Date.now() + 3 * 3600_000) / 60_000) * 60_000);
    await h.deliver('telegram', textMessage(oldGroup, sara, '/meeting offsets 0'));
    const when = at.toISOString().slice(0, 16).replace('T', ' ');
    await h.deliver('telegram', textMessage(oldGroup, sara, `/meeting ${when} | Reading circle | https://x.org/rc`));
    await h.drained();
    const community = await h.db.prisma.community.findFirstOrThrow();

    // A message waiting for its turn (a retry later) when the upgrade happens.
    const waiting = await h.db.prisma.outboxMessage.create({
      data: {
        platform: 'telegram',
        chatId: String(oldGroup.id),
        payload: { text: 'Later' },
        nextAttemptAt: new Date(Date.now() + 3600_000),
      },
    });
    // Someone writes in the new supergroup before the upgrade's service message is handled.
    telegram.upgraded.set(String(oldGroup.id), String(supergroup.id));
    await h.deliver('telegram', textMessage(supergroup, reza, 'hello'));
    await h.deliver('telegram', {
      message: { message_id: 900, date: 1, chat: oldGroup, from: sara, migrate_to_chat_id: supergroup.id },
    });

    const chats = await h.db.prisma.chat.findMany({ where: { kind: 'group' } });
    expect(chats.map((c) => [c.externalId, c.communityId])).toEqual([[String(supergroup.id), community.id]]);
    const reminders = await h.db.prisma.reminder.findMany({ where: { status: 'planned' } });
    expect(reminders.map((r) => r.targetChatId)).toEqual([String(supergroup.id)]);
    const moved = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: waiting.id } });
    expect([moved.chatId, moved.status]).toEqual([String(supergroup.id), 'pending']);
    await h.db.prisma.outboxMessage.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date() } });
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: 'chat.migrated' } });
    expect(audit?.details).toMatchObject({ from: String(oldGroup.id), to: String(supergroup.id), reminders: 1 });

    // A message still addressed to the old id is refused there and retargeted, not failed.
    const id = await h.app.outbox.enqueue({ platform: 'telegram', chatId: String(oldGroup.id) }, { text: 'Queued' });
    await h.drained();
    expect(
      telegram
        .deliveredTo(supergroup.id)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['Later', 'Queued']);
    // Only the message that still named the old id was refused there (once), then sent to the new one.
    const refused = telegram.callsOf('sendMessage').filter((c) => c.status === 400);
    expect(refused.map((c) => [String(c.params.chat_id), c.params.text])).toEqual([[String(oldGroup.id), 'Queued']]);
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status).toBe('sent');

    // The community answers in the supergroup, and the reminder arrives there.
    await h.deliver('telegram', textMessage(supergroup, sara, '/setup'));
    await h.drained();
    expect(telegram.deliveredTo(supergroup.id).at(-1)!.text).toContain('Librarians');
    clockAheadMs = at.getTime() - Date.now() + 1_000;
    await telegram.waitFor('the reminder in the supergroup', () =>
      telegram.deliveredTo(supergroup.id).find((m) => m.text.includes('“Reading circle” starts now.')),
    );
  });
});
