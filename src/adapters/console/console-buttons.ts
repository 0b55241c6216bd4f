import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** What typing a button's number does: the bot's action, or the move to the private chat with a command. */
export type ConsolePress = { type: 'action'; action: string; data: string } | { type: 'open-private'; command: string };

export interface ConsoleButton {
  label: string;
  press: ConsolePress;
}

const pressSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('action'), action: z.string(), data: z.string() }),
  z.object({ type: z.literal('open-private'), command: z.string() }),
]);
const fileSchema = z.record(z.string(), z.array(z.object({ label: z.string(), press: pressSchema })));
type Saved = z.infer<typeof fileSchema>;

/**
 * The buttons of the last message in each console chat, kept in a file under DATA_DIR: a button the
 * bot showed before a restart can still be pressed after it, as on a real platform. A message without
 * buttons ends the wait, so that a number typed later is text again.
 */
export class ConsoleButtons {
  private readonly byChat: Saved;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.byChat = readSaved(file);
  }

  /** The buttons waiting in a chat, in the order they are numbered. */
  waiting(chatId: string): ConsoleButton[] {
    return this.byChat[chatId] ?? [];
  }

  /**
   * A message printed in the chat, new or edited (the console prints an edit again, below what came
   * since): its buttons are the ones waiting now, as they are the last ones on screen. None: nothing waits.
   */
  async shown(chatId: string, buttons: ConsoleButton[]): Promise<void> {
    if (buttons.length === 0 && !this.byChat[chatId]) return;
    if (buttons.length === 0) delete this.byChat[chatId];
    else this.byChat[chatId] = buttons;
    await this.save();
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.byChat);
    // One write at a time, in order: the file always ends with the latest state. A write that fails
    // (a full disk) costs only the buttons after a restart, never the message being printed.
    this.saving = this.saving
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        await writeFile(this.file, text, { mode: 0o600 });
      })
      .catch(() => undefined);
    return this.saving;
  }
}

function readSaved(file: string): Saved {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  // A file damaged by a crash mid-write only loses the waiting buttons.
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
