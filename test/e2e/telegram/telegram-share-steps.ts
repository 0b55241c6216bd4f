import type { FakeBotApi, UpdateBody } from '../../fakes/telegram/fake-bot-api.ts';
import { buttonPress, privateChatOf, textMessage, type FakeChat, type FakeUser } from '../../fakes/telegram/updates.ts';

/** A bot over the fake Bot API: `deliver` returns once the update is handled and its replies are sent. */
export interface TelegramDriver {
  fake: FakeBotApi;
  deliver(update: UpdateBody): Promise<void>;
}

/** Presses the button labelled `label` on the last message in `chat` that has it. */
export async function pressLast(driver: TelegramDriver, chat: FakeChat, from: FakeUser, label: string): Promise<void> {
  const message = [...driver.fake.deliveredTo(chat.id)]
    .reverse()
    .find((m) => m.keyboard?.flat().some((b) => b.text === label));
  const button = message?.keyboard?.flat().find((b) => b.text === label);
  if (!message || !button?.callback_data) throw new Error(`no button “${label}” in chat ${chat.id}`);
  await driver.deliver(buttonPress(chat, from, button.callback_data, message.messageId));
}

/**
 * A member's guided `/share` in their private chat, every step as they would go through it: the title,
 * the story, the files (updates naming files the fake keeps), no topic, no library, with their name.
 */
export async function shareGuided(
  driver: TelegramDriver,
  from: FakeUser,
  experience: { title: string; story: string; files: UpdateBody[] },
): Promise<void> {
  const dm = privateChatOf(from);
  await driver.deliver(textMessage(dm, from, '/share'));
  await driver.deliver(textMessage(dm, from, experience.title));
  await driver.deliver(textMessage(dm, from, experience.story));
  await pressLast(driver, dm, from, 'Done ›');
  for (const file of experience.files) await driver.deliver(file);
  await pressLast(driver, dm, from, 'Next ›');
  await pressLast(driver, dm, from, 'Next ›');
  await pressLast(driver, dm, from, 'No library');
  await pressLast(driver, dm, from, 'With my name');
  await pressLast(driver, dm, from, 'Send for review');
}
