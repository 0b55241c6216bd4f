import { describeCommand } from '../../core/command.ts';
import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { LANGUAGES, isLanguage } from '../../i18n/languages.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { SUGGESTED_TIME_ZONES } from './community-defaults.ts';
import { suggestTimeZones } from './time-zone-suggestions.ts';

const TZ_FLOW = 'tz';
const FLOW_TTL_MS = 30 * 60_000;
const calendarArg = z.enum(['persian', 'gregorian']);

/** Choices of a language setting (`/lang`, `/setup language:`), labelled in the reader's language. */
export const LANGUAGE_CHOICES = LANGUAGES.map((language) => ({ value: language, labelKey: `language.${language}` }));
/** Choices of a calendar setting (`/calendar`, `/setup calendar:`). */
export const CALENDAR_CHOICES = calendarArg.options.map((calendar) => ({
  value: calendar,
  labelKey: `calendar.${calendar}`,
}));

export const startCommand = featureCommand({
  name: 'start',
  audience: 'anyone',
  chats: 'any',
  args: [],
  async run(ctx) {
    const key = ctx.community ? 'start.welcome-community' : 'start.welcome';
    const buttons = ctx.member.language ? undefined : languageButtons();
    await ctx.reply(key, { name: ctx.member.displayName, community: ctx.community?.name ?? '' }, { buttons });
  },
});

export const helpCommand = featureCommand({
  name: 'help',
  audience: 'anyone',
  chats: 'any',
  args: [],
  async run(ctx) {
    const commands = ctx.services.commandsFor(ctx.role, ctx.event.chat.kind, ctx.isChatAdmin);
    const lines = commands.map((c) =>
      ctx.t('help.line', {
        command: `/${c.name}`,
        text: new Rendered(describeCommand(c, ctx.language, (_language, key) => ctx.t(key))),
      }),
    );
    await ctx.reply('help.text', { commands: new Rendered(lines.join('\n')) });
  },
});

/** `/lang fa`; bare, the language buttons. The text is checked by `setLanguage`, as a button's is. */
export const langCommand = featureCommand({
  name: 'lang',
  audience: 'anyone',
  chats: 'any',
  args: [{ name: 'language', type: 'choice', choices: LANGUAGE_CHOICES }],
  run: (ctx, values) => setLanguage(ctx, values.language ?? ''),
});

/** `/tz Asia/Tehran`; bare, the zone buttons. */
export const tzCommand = featureCommand({
  name: 'tz',
  audience: 'anyone',
  chats: 'any',
  args: [{ name: 'zone', type: 'text', maxLength: 64, suggest: suggestTimeZones }],
  run: (ctx, values) => setTimeZone(ctx, values.zone ?? ''),
});

/** `/calendar persian`; bare, the calendar buttons. */
export const calendarCommand = featureCommand({
  name: 'calendar',
  audience: 'anyone',
  chats: 'any',
  args: [{ name: 'calendar', type: 'choice', choices: CALENDAR_CHOICES }],
  run: (ctx, values) => setCalendar(ctx, values.calendar ?? ''),
});

/** /start, /help and the personal settings: /lang, /tz, /calendar. */
export function registerSettingsCommands(router: AppRouter): void {
  router.command(startCommand);
  router.command(helpCommand);

  router.command(langCommand);
  addAction(router, 'lang.set', (ctx, data) => setLanguage(ctx, data));

  router.command(tzCommand);
  addAction(router, 'tz.set', (ctx, data) => setTimeZone(ctx, data));
  addAction(router, 'tz.other', async (ctx) => {
    await ctx.conversation.start(TZ_FLOW, 'zone', {}, FLOW_TTL_MS);
    await ctx.reply('tz.ask');
  });
  router.flow({
    name: TZ_FLOW,
    steps: {
      zone: async (ctx, input) => {
        if (input.type !== 'text') return ctx.reply('tz.ask');
        await setTimeZone(ctx, input.text);
        await ctx.conversation.end();
      },
    },
  });

  router.command(calendarCommand);
  addAction(router, 'cal.set', (ctx, data) => setCalendar(ctx, data));
}

export function languageButtons(action = 'lang.set'): ButtonSpec[][] {
  return [LANGUAGES.map((language) => ({ labelKey: `language.${language}`, action, data: language }))];
}

export function timeZoneButtons(action = 'tz.set', otherAction = 'tz.other'): ButtonSpec[][] {
  const rows: ButtonSpec[][] = [];
  for (let i = 0; i < SUGGESTED_TIME_ZONES.length; i += 2) {
    rows.push(SUGGESTED_TIME_ZONES.slice(i, i + 2).map((zone) => ({ label: zone, action, data: zone })));
  }
  rows.push([{ labelKey: 'tz.other', action: otherAction }]);
  return rows;
}

export function calendarButtons(action = 'cal.set'): ButtonSpec[][] {
  return [calendarArg.options.map((calendar) => ({ labelKey: `calendar.${calendar}`, action, data: calendar }))];
}

async function setLanguage(ctx: Ctx, arg: string): Promise<void> {
  const language = arg.trim().toLowerCase();
  if (language === '') return ctx.reply('lang.choose', {}, { buttons: languageButtons() });
  if (!isLanguage(language)) throw new UserError('lang.invalid', { value: arg.trim() });
  const member = await ctx.services.community.updateMemberSettings(ctx.member.id, { language });
  // Answer in the language just chosen.
  await ctx.refresh({ member }).reply('lang.done', { language: ctx.t(`language.${language}`) });
}

async function setTimeZone(ctx: Ctx, arg: string): Promise<void> {
  const input = arg.trim();
  if (input === '') return ctx.reply('tz.choose', { zone: ctx.timeZone }, { buttons: timeZoneButtons() });
  const timeZone = isValidTimeZone(input);
  if (!timeZone) throw new UserError('tz.invalid', { value: input });
  const member = await ctx.services.community.updateMemberSettings(ctx.member.id, { timeZone });
  const updated = ctx.refresh({ member });
  await updated.reply('tz.done', { zone: timeZone, now: nowFor(updated) });
}

async function setCalendar(ctx: Ctx, arg: string): Promise<void> {
  if (arg.trim() === '') return ctx.reply('calendar.choose', {}, { buttons: calendarButtons() });
  const parsed = calendarArg.safeParse(arg.trim().toLowerCase());
  if (!parsed.success) throw new UserError('calendar.invalid', { value: arg.trim() });
  const member = await ctx.services.community.updateMemberSettings(ctx.member.id, { calendar: parsed.data });
  const updated = ctx.refresh({ member });
  await updated.reply('calendar.done', { calendar: updated.t(`calendar.${parsed.data}`), now: nowFor(updated) });
}

export function nowFor(ctx: Ctx): string {
  return formatDateTime(new Date(), { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone });
}
