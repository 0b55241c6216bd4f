import type { EventPayload } from '../../core/event.ts';

/** What one typed line means to the console adapter. */
export type ConsoleLine =
  | { kind: 'event'; payload: EventPayload }
  | { kind: 'button'; number: number }
  | { kind: 'switch-chat'; to: 'private' | 'group' }
  /** `/as NAME` speaks as NAME; `/as` alone (name null) as yourself again. */
  | { kind: 'as'; name: string | null }
  | { kind: 'quit' }
  | { kind: 'empty' };

export interface ConsoleLineContext {
  /** The last message in the current chat has buttons: a line of digits presses one of them. */
  buttonsWaiting: boolean;
}

/**
 * Reads a line in the Telegram form: `/cmd args`, `/cmd@bot args`, a button number, or text. A line of
 * only digits is a button press while buttons are waiting, and text otherwise: "10" typed as a poll
 * option in a guided flow is an option, not a press of button 10.
 */
export function parseConsoleLine(line: string, context: ConsoleLineContext): ConsoleLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (context.buttonsWaiting && /^[0-9۰-۹]{1,2}$/.test(text))
    return { kind: 'button', number: Number(text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))) };
  const command = /^\/([A-Za-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (!command) return { kind: 'event', payload: { type: 'text', text } };
  const name = command[1]!.toLowerCase();
  const args = (command[2] ?? '').trim();
  if (name === 'quit' || name === 'exit') return { kind: 'quit' };
  if (name === 'private' || name === 'group') return { kind: 'switch-chat', to: name };
  if (name === 'as') return { kind: 'as', name: args || null };
  return { kind: 'event', payload: { type: 'command', name, args } };
}
