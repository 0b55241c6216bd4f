import type { CommandInteractionOption } from 'discord.js';
import type { TargetPerson } from '../../../core/event.ts';

/**
 * The values of an interaction's options by name, read by type. Subcommands are not used (a bare
 * command must stay callable), so the options are one flat list; nested ones are read all the same.
 */
export class OptionValues {
  private readonly byName = new Map<string, CommandInteractionOption>();

  constructor(options: readonly CommandInteractionOption[]) {
    const visit = (list: readonly CommandInteractionOption[]) => {
      for (const option of list) {
        if (option.options) visit(option.options);
        else this.byName.set(option.name, option);
      }
    };
    visit(options);
  }

  /** The string as the member typed it, or undefined when the option was left out or blank. */
  string(name: string): string | undefined {
    const value = this.byName.get(name)?.value;
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  }

  integer(name: string): number | undefined {
    const value = this.byName.get(name)?.value;
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  }

  flag(name: string): boolean {
    return this.byName.get(name)?.value === true;
  }

  /** The person a user option points at, named as the server shows them (nickname, then global name). */
  user(name: string): TargetPerson | undefined {
    const option = this.byName.get(name);
    const user = option?.user;
    if (!user) return undefined;
    const member = option.member as { displayName?: string; nick?: string | null } | null | undefined;
    const displayName = member?.nick ?? member?.displayName ?? user.globalName ?? user.username;
    return { userId: user.id, displayName };
  }

  /** The server role a role option points at: its id, and its name as the server shows it. */
  role(name: string): { id: string; name: string } | undefined {
    const role = this.byName.get(name)?.role;
    return role ? { id: role.id, name: role.name } : undefined;
  }

  /** The names of the options given a value (a blank text or a false switch is none), as Discord sent them. */
  given(): string[] {
    return [...this.byName.entries()]
      .filter(
        ([, option]) =>
          option.user !== undefined || (option.value !== false && String(option.value ?? '').trim() !== ''),
      )
      .map(([name]) => name);
  }
}
