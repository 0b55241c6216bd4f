/**
 * The command contract: each feature declares a command once — its name, who may use it and where, its
 * typed arguments and its text grammar — and every platform is generated from that declaration. Text
 * platforms (Telegram, Bale, the console) send what the member typed, which the command's `parse` turns
 * into values; Discord sends option values, which go straight to the same typed arguments. The handler
 * (`run`) only ever sees the values. The model is Sapphire's resolvers: a parse step that either yields
 * a typed value or a localized error, before anything runs.
 */
import type { ChatKind, CommandOptionValue, PlatformRole, TargetPerson } from './event.ts';
import type { Context } from './context.ts';
import type { Audience, Role } from './roles.ts';
import type { Language } from '../i18n/languages.ts';
import type { CalendarName } from '../i18n/when-parser.ts';
import { toLatinDigits } from '../i18n/digits.ts';
import { UserError } from './errors.ts';

/** Where a command may be used. */
export type ChatScope = 'any' | ChatKind;

export type { PlatformRole };

/**
 * What an argument holds: `text` is free text; `when` a date or time as members write it (read later by
 * the date parser, in the member's calendar and zone); `committee` a committee's name; `meeting` and
 * `poll` the id of one (a survey shares the polls' numbering); `member` another person; `role` a
 * platform role; `choice` one of fixed values; `flag` a switch.
 */
export type ArgType =
  'text' | 'when' | 'committee' | 'choice' | 'integer' | 'meeting' | 'poll' | 'flag' | 'member' | 'role';

/** A fixed choice: its label from a locale key (translated), or a literal label (a format's name). */
export type Choice = { value: string; labelKey: string } | { value: string; label: string };

/** One suggestion while an argument is typed: the value it gets, and what the member reads. */
export interface Suggestion {
  value: string | number;
  label: string;
}

/** Who is typing, and where, for suggestions: read, never registered (typing is not yet writing). */
export interface Viewer {
  /** The community of the chat (or in a private chat the member's active one); null: none yet. */
  communityId: number | null;
  /** -1 for someone the bot has not met yet: they are in no committee and see nothing private. */
  memberId: number;
  role: Role | null;
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

export interface SuggestContext<S> {
  services: S;
  viewer: Viewer;
}

interface ArgBase<S> {
  /** The option's name on Discord and the key of its value: an English word of the text form (`multi`). */
  name: string;
  required?: boolean;
  /** The locale key of its description; `discord.option.<command>.<name>` when absent. */
  descriptionKey?: string;
  descriptionParams?: Record<string, string | number>;
  /** Suggestions while it is typed (Discord's autocomplete), run inside the feature with the asker's role. */
  suggest?: (ctx: SuggestContext<S>, query: string) => Promise<Suggestion[]>;
}

export type ArgSpec<S = unknown> =
  | (ArgBase<S> & {
      type: 'text' | 'when' | 'committee';
      maxLength?: number;
      /** A long text: a paragraph in a form. */
      multiline?: boolean;
      /** Up to this many values (`choice1` … `choiceN` on Discord), read as a list. */
      list?: number;
    })
  | (ArgBase<S> & { type: 'choice'; choices: readonly Choice[] })
  | (ArgBase<S> & { type: 'integer' | 'meeting' | 'poll' | 'flag' | 'member' | 'role' });

type ValueOfType<T> = T extends 'integer' | 'meeting' | 'poll'
  ? number
  : T extends 'flag'
    ? boolean
    : T extends 'member'
      ? TargetPerson
      : T extends 'role'
        ? PlatformRole
        : string;

type ValueOf<A> = A extends { list: number } ? string[] : A extends { type: infer T } ? ValueOfType<T> : never;

type RequiredArg = { required: true };

/** The values a command's handler receives: one per argument given; required ones are always there. */
export type ValuesOf<Args extends readonly ArgSpec<never>[]> = {
  [A in Extract<Args[number], RequiredArg> as A['name']]: ValueOf<A>;
} & {
  [A in Exclude<Args[number], RequiredArg> as A['name']]?: ValueOf<A>;
};

/** Any value an argument may hold: what a platform sends and the core checks. */
export type ArgValue = CommandOptionValue;
export type ArgValues = Record<string, ArgValue>;

/** What a text command carries besides its text. */
export interface TextInput {
  /** The author of the message it replies to. */
  target?: TargetPerson;
  /** Whether the platform shows the sender's roles (Discord): a grammar naming platform roles needs them. */
  platformRoles?: boolean;
}

export interface CommandForm<Name extends string = string> {
  fields: readonly Name[];
  optional?: readonly Name[];
}

/** A command as a feature declares it. */
export interface CommandDefinition<S, Args extends readonly ArgSpec<S>[]> {
  name: string;
  audience: Audience;
  chats: ChatScope;
  /** Listed in /help and the platforms' menus unless hidden. */
  hidden?: boolean;
  /** Its one-line description per language; the locales' `help.<name>` when absent. */
  description?: Readonly<Record<Language, string>>;
  args: Args;
  /**
   * The text grammar members type after `/name` (`Q | A | B --multi`), into the same values; throws a
   * `UserError` for what it cannot read. Absent: the text is the first argument's value (none: ignored).
   */
  parse?: (text: string, input: TextInput) => ValuesOf<Args>;
  /**
   * The form the command opens when called bare where forms exist (a Discord server): these text
   * arguments, required unless listed in `optional`.
   */
  form?: CommandForm<Args[number]['name']>;
  run: (ctx: Context<S>, values: ValuesOf<Args>) => Promise<void>;
}

/** A declared command as the router, `/help` and the adapters see it. */
export interface CommandSpec<S> {
  name: string;
  audience: Audience;
  chats: ChatScope;
  hidden?: boolean;
  description?: Readonly<Record<Language, string>>;
  args: readonly ArgSpec<S>[];
  form?: CommandForm;
  parse(text: string, input: TextInput): ArgValues;
  run(ctx: Context<S>, values: ArgValues): Promise<void>;
}

/** A definition as the router keeps it: the typed values become the general shape every adapter sends. */
export function defineCommand<S, const Args extends readonly ArgSpec<S>[]>(
  definition: CommandDefinition<S, Args>,
): CommandSpec<S> {
  const { parse, run, form, ...rest } = definition;
  return {
    ...rest,
    ...(form ? { form } : {}),
    parse: (text, input) => (parse ? (parse(text, input) as ArgValues) : firstArgument(definition.args, text)),
    run: (ctx, values) => run(ctx, values as ValuesOf<Args>),
  };
}

/** The text of a command without a grammar of its own: the whole of it is its first argument. */
function firstArgument(args: readonly ArgSpec<never>[], text: string): ArgValues {
  const [first] = args;
  const value = text.trim();
  if (!first || value === '') return {};
  return { [first.name]: textValue(first, value) };
}

/** One argument's value from text; ids and numbers accept Persian digits and a leading `#`. */
export function textValue(arg: ArgSpec<never>, text: string): ArgValue {
  switch (arg.type) {
    case 'integer':
    case 'meeting':
    case 'poll': {
      const digits = toLatinDigits(text.trim()).replace(/^#/, '');
      if (!/^\d{1,15}$/.test(digits)) throw new UserError('error.option-number', { option: arg.name });
      return Number(digits);
    }
    case 'flag':
      return true;
    default:
      return 'list' in arg && arg.list ? [text] : text;
  }
}

/** A refused option value concerns only the member who typed it. */
const PRIVATELY = { onlyToSender: true } as const;

/**
 * Typed values as a platform sent them (Discord's options, a submitted form), checked against the
 * command's arguments: an unknown name, a wrong type, a missing required value, a too-long text or a
 * value that is not one of the choices is answered in the member's language before anything runs.
 * A blank text or a false switch counts as not given, as when a member leaves an option empty.
 */
export function checkValues(args: readonly ArgSpec<never>[], given: ArgValues): ArgValues {
  const values: ArgValues = {};
  for (const [name, value] of Object.entries(given)) {
    const arg = args.find((a) => a.name === name);
    if (!arg) throw new UserError('error.option-unknown', { option: name }, PRIVATELY);
    const checked = checkValue(arg, value);
    if (checked !== undefined) values[name] = checked;
  }
  for (const arg of args) {
    if (arg.required && values[arg.name] === undefined)
      throw new UserError('error.option-missing', { option: arg.name }, PRIVATELY);
  }
  return values;
}

function checkValue(arg: ArgSpec<never>, value: ArgValue): ArgValue | undefined {
  const wrong = () => new UserError('error.option-invalid', { option: arg.name }, PRIVATELY);
  switch (arg.type) {
    case 'flag':
      if (typeof value !== 'boolean') throw wrong();
      return value || undefined;
    case 'integer':
    case 'meeting':
    case 'poll':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw wrong();
      return value;
    case 'member':
      if (!isObject(value) || typeof value.userId !== 'string' || typeof value.displayName !== 'string') throw wrong();
      return { userId: value.userId, displayName: value.displayName };
    case 'role':
      if (!isObject(value) || typeof value.id !== 'string' || typeof value.name !== 'string') throw wrong();
      return { id: value.id, name: value.name };
    case 'choice':
      if (typeof value !== 'string' || !arg.choices.some((c) => c.value === value)) throw wrong();
      return value;
    default: {
      const texts = arg.list ? value : [value];
      if (!Array.isArray(texts) || !texts.every((t): t is string => typeof t === 'string')) throw wrong();
      if (arg.list && texts.length > arg.list) throw wrong();
      const max = arg.maxLength;
      if (max !== undefined && texts.some((t) => [...t].length > max)) {
        throw new UserError('error.option-too-long', { option: arg.name, max }, PRIVATELY);
      }
      const kept = texts.filter((t) => t.trim() !== '');
      if (kept.length === 0) return undefined;
      return arg.list ? kept : kept[0];
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A command's one-line description in a language: its own, or the locales' `help.<name>`. */
export function describeCommand(
  command: Pick<CommandSpec<unknown>, 'name' | 'description'>,
  language: Language,
  t: (language: Language, key: string) => string,
): string {
  return command.description?.[language] ?? t(language, `help.${command.name}`);
}

/** The locale key describing an argument (Discord shows it under the option). */
export function argDescriptionKey(command: string, arg: ArgSpec<never>): string {
  return arg.descriptionKey ?? `discord.option.${command}.${arg.name}`;
}
