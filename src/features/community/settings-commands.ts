import { describeCommand } from '../../core/command.ts';
import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { LANGUAGES, isLanguage } from '../../i18n/languages.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { SUGGESTED_TIME_ZONES } from './community-defaults.ts';

const TZ_FLOW = 'tz';
const FLOW_TTL_MS = 30 * 60_000;
const calendarArg = z.enum(['persian', 'gregorian']);

/** /start, /help and the personal settings: /lang, /tz, /calendar. */
export function registerSettingsCommands(router: AppRouter): void {
  addCommand(router, 'start', async (ctx) => {
    const key = ctx.community ? 'start.welcome-community' : 'start.welcome';
    const buttons = ctx.member.language ? undefined : languageButtons();
    await ctx.reply(key, { name: ctx.member.displayName, community: ctx.community?.name ?? '' }, { buttons });
  });

  addCommand(router, 'help', async (ctx) => {
    const commands = ctx.services.commandsFor(ctx.role, ctx.event.chat.kind, ctx.isChatAdmin);
    const lines = commands.map((c) =>
      ctx.t('help.line', { command: `/${c.name}`, text: new Rendered(describeCommand(c, ctx.language, (_language, key) => ctx.t(key))) }),
    );
    await ctx.reply('help.text', { commands: new Rendered(lines.join('\n')) });
  });

  addCommand(router, 'lang', (ctx, args) => setLanguage(ctx, args));
  addAction(router, 'lang.set', (ctx, data) => setLanguage(ctx, data));

  addCommand(router, 'tz', (ctx, args) => setTimeZone(ctx, args));
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

  addCommand(router, 'calendar', (ctx, args) => setCalendar(ctx, args));
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
