import type { EventPayload } from '../../core/event.ts';

/** What one typed line means to the console adapter. */
export type ConsoleLine =
  | { kind: 'event'; payload: EventPayload }
  | { kind: 'button'; number: number }
  | { kind: 'switch-chat'; to: 'private' | 'group' }
  | { kind: 'as'; name: string }
  | { kind: 'quit' }
  | { kind: 'empty' };

/** Reads a line in the Telegram form: `/cmd args`, `/cmd@bot args`, a button number, or text. */
export function parseConsoleLine(line: string): ConsoleLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (/^[0-9۰-۹]{1,2}$/.test(text))
    return { kind: 'button', number: Number(text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))) };
  const command = /^\/([A-Za-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (!command) return { kind: 'event', payload: { type: 'text', text } };
  const name = command[1]!.toLowerCase();
  const args = (command[2] ?? '').trim();
  if (name === 'quit' || name === 'exit') return { kind: 'quit' };
  if (name === 'private' || name === 'group') return { kind: 'switch-chat', to: name };
  if (name === 'as' && args) return { kind: 'as', name: args };
  return { kind: 'event', payload: { type: 'command', name, args } };
}
