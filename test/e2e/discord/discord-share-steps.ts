import type { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import {
  componentPress,
  slashCommand,
  userMessage,
  type AttachmentSpec,
  type FakeUser,
  type InteractionPayload,
  type Wire,
} from '../../fakes/discord/wire-objects.ts';

/** A bot over the Discord fake: each call returns once the event is handled and its answers are sent. */
export interface DiscordDriver {
  fake: FakeDiscord;
  interact(payload: InteractionPayload): Promise<unknown>;
  write(message: Wire): Promise<void>;
}

/** Presses the button labelled `label` on the last message of `from`'s DM with the bot that has it. */
export async function pressInDm(driver: DiscordDriver, from: FakeUser, label: string): Promise<void> {
  const dm = { dmChannelId: driver.fake.dmChannelOf(from) };
  const message = [...driver.fake.messagesIn(dm.dmChannelId)]
    .reverse()
    .find((m) => m.components.some((c) => c.label === label));
  const button = message?.components.find((c) => c.label === label);
  if (!message || !button?.customId) throw new Error(`no button “${label}” in the DM of ${from.username}`);
  await driver.interact(componentPress(driver.fake.applicationId, from, dm, message.wire, button.customId));
}

/**
 * A member's guided `/share` in their DM with the bot, every step as they would go through it: the
 * slash command, the title and the story as messages, each file as a message with an attachment, no
 * topic, no library, with their name. Returns the messages that carried the files.
 */
export async function shareGuidedOnDiscord(
  driver: DiscordDriver,
  from: FakeUser,
  experience: { title: string; story: string; files: AttachmentSpec[] },
): Promise<Wire[]> {
  const dm = { dmChannelId: driver.fake.dmChannelOf(from) };
  await driver.interact(slashCommand(driver.fake.applicationId, from, dm, 'share'));
  await driver.write(userMessage(from, dm, experience.title));
  await driver.write(userMessage(from, dm, experience.story));
  await pressInDm(driver, from, 'Done ›');
  const fileMessages: Wire[] = [];
  for (const file of experience.files) {
    const message = userMessage(from, dm, '', [file]);
    await driver.write(message);
    fileMessages.push(message);
  }
  await pressInDm(driver, from, 'Next ›');
  await pressInDm(driver, from, 'Next ›');
  await pressInDm(driver, from, 'No library');
  await pressInDm(driver, from, 'With my name');
  await pressInDm(driver, from, 'Send for review');
  return fileMessages;
}
