import type { CommandInteractionOption } from 'discord.js';
import { UserError } from '../../../core/errors.ts';
import type { TargetPerson } from '../../../core/event.ts';
import type { CommandName } from '../../../features/permission-matrix.ts';
import { OptionValues } from './option-values.ts';
import { POLL_CHOICE_OPTIONS } from './command-options.ts';
import { MEETING_OPTION_START, POLL_FLAG_START, atMostOne, oneWord, plainPart, requireWith } from './text-guards.ts';

/** A slash command as the core's text command: `/name args`, and the person a user option names. */
export interface CommandText {
  name: string;
  args: string;
  target?: TargetPerson;
}

type Converter = (values: OptionValues) => Omit<CommandText, 'name'>;

const bare: Converter = () => ({ args: '' });
const single =
  (option: string): Converter =>
  (v) => ({ args: v.string(option) ?? '' });
const id =
  (option: string): Converter =>
  (v) => ({ args: v.integer(option)?.toString() ?? '' });
/** `sub VALUE` for the one of these options that was given: `/setup`'s and `/topics`' forms. */
const oneOf =
  (forms: Record<string, (value: string) => string>): Converter =>
  (v) => {
    const given = Object.keys(forms).filter((option) => v.string(option) !== undefined);
    atMostOne(given);
    const [option] = given;
    return { args: option ? forms[option]!(v.string(option)!) : '' };
  };

/** `/setup`'s setting options as its text forms. */
const SETUP_SETTING_FORMS: Record<string, (value: string) => string> = {
  language: (language) => `lang ${language}`,
  zone: (zone) => `tz ${zone}`,
  calendar: (calendar) => `calendar ${calendar}`,
};

/** `/setup`'s role options as its text forms: the mention, then the role's name as the server shows it. */
const SETUP_ROLE_FORMS: Record<string, (mention: string, name: string) => string> = {
  chair_role: (mention, name) => `map chair ${mention} ${name}`,
  curator_role: (mention, name) => `map curator ${mention} ${name}`,
  unmap_role: (mention) => `unmap ${mention}`,
};

/**
 * Every option given to `/setup`, applied in one command: its text forms joined by `|` (the core's
 * setup-several.ts), settings and role mappings first and `new NAME` last. `join` stands alone: the
 * community joined keeps its own settings, which its admins change.
 */
function setupText(v: OptionValues): { args: string } {
  const part = (option: string, value: string) => plainPart('setup', option, value, null);
  const code = v.string('join');
  if (code !== undefined) {
    atMostOne(v.given());
    return { args: `join ${oneWord('join', code)}` };
  }
  const forms: string[] = [];
  for (const [option, form] of Object.entries(SETUP_SETTING_FORMS)) {
    const value = v.string(option);
    if (value !== undefined) forms.push(form(part(option, value)));
  }
  for (const [option, form] of Object.entries(SETUP_ROLE_FORMS)) {
    const role = v.role(option);
    if (!role) continue;
    // Every member holds @everyone (its id is the server's): mapping it would make everyone a chair.
    if (role.name === '@everyone') throw new UserError('discord.error.everyone-role');
    // The name only labels the mapping (the id is what counts): a `|` in it must not end the form.
    forms.push(form(`<@&${role.id}>`, role.name.replaceAll('|', '\uFF5C')));
  }
  const name = v.string('new');
  if (name !== undefined) forms.push(`new ${part('new', name)}`);
  // A lone `new NAME` stays the single form; with others the `|` marks each form's end.
  return { args: forms.length === 1 && name !== undefined ? forms[0]! : forms.join(' | ') };
}

/** The text form of each command, from its typed options (see `command-options.ts`). */
const CONVERTERS: Record<CommandName, Converter> = {
  start: bare,
  help: bare,
  lang: single('language'),
  tz: single('zone'),
  calendar: single('calendar'),
  setup: setupText,
  role: (v) => {
    const target = v.user('member');
    return { args: v.string('role') ?? '', ...(target ? { target } : {}) };
  },
  committees: bare,
  join: single('committee'),
  leave: single('committee'),
  // `add` is `/committee`'s only form; without a name the core asks for one.
  committee: (v) => ({ args: `add ${v.string('add') ?? ''}`.trim() }),
  link: single('code'),
  mydata: bare,
  forgetme: bare,
  cancel: id('meeting'),
  meeting: meetingText,
  meetings: bare,
  ics: id('meeting'),
  poll: pollText,
  results: (v) => ({ args: [v.integer('poll'), v.flag('close') ? 'close' : ''].filter(Boolean).join(' ') }),
  export: (v) => {
    const archive = v.string('archive');
    const poll = v.integer('poll');
    const format = v.string('format');
    atMostOne([archive && 'archive', poll && 'poll'].filter((o): o is string => Boolean(o)));
    requireWith('format', format !== undefined, 'archive', archive !== undefined);
    if (archive) return { args: [archive, format].filter(Boolean).join(' ') };
    return { args: poll?.toString() ?? '' };
  },
  nudge: id('poll'),
  survey: (v) => {
    const template = v.string('template');
    const until = v.string('until');
    requireWith('until', until !== undefined, 'template', template !== undefined);
    if (!template) return { args: '' };
    const name = oneWord('template', template);
    return { args: until ? `${name} --until ${plainPart('survey', 'until', until, POLL_FLAG_START)}` : name };
  },
  share: (v) => shareText(v.string('title'), v.string('text')),
  review: bare,
  search: single('words'),
  newsletter: (v) => {
    const from = v.string('from');
    const to = v.string('to');
    requireWith('to', to !== undefined, 'from', from !== undefined);
    if (!from) return { args: '' };
    const start = plainPart('newsletter', 'from', from, null);
    return { args: to ? `${start} | ${plainPart('newsletter', 'to', to, null)}` : start };
  },
  topics: oneOf({ add: (names) => `add ${names}`, remove: (name) => `remove ${name}` }),
  unreachable: bare,
};

/**
 * The typed options of a slash command turned into the argument text the core's parser for that
 * command takes, exactly as the member typed each value. Throws a `UserError` (answer it like any
 * other, in the member's language) when a value could not reach the parser as typed: a `|` or a
 * `--word` inside a question, title or option, or two options that ask for different things.
 */
export function commandTextFromOptions(commandName: string, options: readonly CommandInteractionOption[]): CommandText {
  const convert = Object.hasOwn(CONVERTERS, commandName) ? CONVERTERS[commandName as CommandName] : bare;
  return { name: commandName, ...convert(new OptionValues(options)) };
}

/** `/share Title | text`: the title must hold no `|`; the text may (the first `|` separates). */
export function shareText(title: string | undefined, text: string | undefined): { args: string } {
  if (title === undefined && text === undefined) return { args: '' };
  return { args: `${plainPart('share', 'title', title ?? '', null)} | ${text ?? ''}` };
}

function pollText(v: OptionValues): { args: string } {
  const part = (option: string, value: string) => plainPart('poll', option, value, POLL_FLAG_START);
  const question = v.string('question');
  const choices = POLL_CHOICE_OPTIONS.flatMap((option) => {
    const value = v.string(option);
    return value === undefined ? [] : [part(option, value)];
  });
  const flags = (['multi', 'anon', 'hide', 'everywhere'] as const).filter((flag) => v.flag(flag)).map((f) => `--${f}`);
  const until = v.string('until');
  if (until !== undefined) flags.push(`--until ${part('until', until)}`);
  const committee = v.string('committee');
  if (committee !== undefined) flags.push(`--committee ${part('committee', committee)}`);
  if (question === undefined && choices.length === 0 && flags.length === 0) return { args: '' };
  const body = [part('question', question ?? ''), ...choices].join(' | ');
  return { args: [body, ...flags].filter(Boolean).join(' ') };
}

/** The meeting's own parts, as `/meeting WHEN | Title | link [| agenda]` takes them. */
export interface MeetingParts {
  when?: string | undefined;
  title?: string | undefined;
  link?: string | undefined;
  agenda?: string | undefined;
}

/** `WHEN | Title | link [| agenda]`, each part checked; empty when no part is given. */
export function meetingLine(parts: MeetingParts): string {
  const names = ['when', 'title', 'link', 'agenda'] as const;
  if (names.every((name) => parts[name] === undefined)) return '';
  const [when, title, link, agenda] = names.map((name) =>
    plainPart('meeting', name, parts[name] ?? '', MEETING_OPTION_START),
  );
  return agenda ? `${when} | ${title} | ${link} | ${agenda}` : `${when} | ${title} | ${link}`;
}

function meetingText(v: OptionValues): { args: string } {
  const part = (option: string, value: string) => plainPart('meeting', option, value, MEETING_OPTION_START);
  const offsets = v.string('offsets');
  if (offsets !== undefined) {
    atMostOne(v.given());
    return { args: `offsets ${part('offsets', offsets)}` };
  }
  const line = meetingLine({
    when: v.string('when'),
    title: v.string('title'),
    link: v.string('link'),
    agenda: v.string('agenda'),
  });
  const options: string[] = [];
  const repeat = v.string('repeat');
  if (repeat !== undefined) options.push(`--${part('repeat', repeat.trim().replace(/^-+/, ''))}`);
  const duration = v.string('duration');
  if (duration !== undefined) options.push(`--duration ${part('duration', duration)}`);
  const committee = v.string('committee');
  if (committee !== undefined) options.push(`--committee ${part('committee', committee)}`);
  if (v.flag('everywhere')) options.push('--everywhere');
  const edit = v.integer('edit');
  const text = [line, ...options].filter(Boolean).join(' ');
  return { args: edit === undefined ? text : `edit ${edit} ${text}`.trim() };
}
