import { UserError } from '../../core/errors.ts';
import type { FlowInput } from '../../core/router.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { calendarButtons, languageButtons, timeZoneButtons } from './settings-commands.ts';
import { toCommunityView } from './member-resolver.ts';
import { listRoleMappings, mapRole, unmapRole } from './role-mapping-commands.ts';

const SETUP_FLOW = 'setup';
const FLOW_TTL_MS = 30 * 60_000;

/**
 * `/setup` binds a group to a community (a new one, or an existing one by its join code) and sets the
 * community's defaults. Forms: `/setup`, `/setup new NAME`, `/setup join CODE`, `/setup lang fa`,
 * `/setup tz Asia/Tehran`, `/setup calendar persian`; on Discord also `/setup map chair <@&ROLE>`,
 * `/setup unmap <@&ROLE>` and `/setup roles` (see `role-mapping-commands.ts`).
 */
export function registerSetupCommands(router: AppRouter): void {
  addCommand(router, 'setup', async (ctx, args) => {
    const [sub = '', ...rest] = args.trim().split(/\s+/);
    const value = rest.join(' ').trim();
    // A platform role's name keeps its own spacing: the raw text after the sub-command.
    const afterSub = args.trim().slice(sub.length);
    switch (sub.toLowerCase()) {
      case '':
        return showSetup(ctx);
      case 'new':
        return value ? createCommunity(ctx, value) : askFor(ctx, 'name');
      case 'join':
        return value ? joinCommunity(ctx, value) : askFor(ctx, 'code');
      case 'lang':
        return setCommunityLanguage(ctx, value);
      case 'tz':
        return setCommunityZone(ctx, value);
      case 'calendar':
        return setCommunityCalendar(ctx, value);
      case 'map':
        return mapRole(ctx, afterSub);
      case 'unmap':
        return unmapRole(ctx, afterSub);
      case 'roles':
        return listRoleMappings(ctx, requireBound(ctx).id);
      default:
        throw new UserError('setup.usage');
    }
  });

  addAction(router, 'setup.new', (ctx) => askFor(ctx, 'name'));
  addAction(router, 'setup.join', (ctx) => askFor(ctx, 'code'));
  addAction(router, 'setup.lang', (ctx, data) => setCommunityLanguage(ctx, data));
  addAction(router, 'setup.tz', (ctx, data) => setCommunityZone(ctx, data));
  addAction(router, 'setup.cal', (ctx, data) => setCommunityCalendar(ctx, data));

  router.flow({
    name: SETUP_FLOW,
    steps: {
      name: (ctx, input) => withText(ctx, input, 'setup.ask-name', (text) => createCommunity(ctx, text)),
      code: (ctx, input) => withText(ctx, input, 'setup.ask-code', (text) => joinCommunity(ctx, text)),
    },
  });
}

async function withText(ctx: Ctx, input: FlowInput, askKey: string, then: (text: string) => Promise<void>) {
  if (input.type !== 'text' || input.text.trim() === '') return ctx.reply(askKey);
  await then(input.text);
  // Only a success ends the flow: after a wrong code the member can simply type it again.
  await ctx.conversation.end();
}

async function askFor(ctx: Ctx, step: 'name' | 'code'): Promise<void> {
  await ctx.conversation.start(SETUP_FLOW, step, {}, FLOW_TTL_MS);
  await ctx.reply(step === 'name' ? 'setup.ask-name' : 'setup.ask-code');
}

async function showSetup(ctx: Ctx): Promise<void> {
  if (!ctx.chatBound || !ctx.community) {
    return ctx.reply(
      'setup.unbound',
      {},
      {
        buttons: [
          [
            { labelKey: 'setup.button-new', action: 'setup.new' },
            { labelKey: 'setup.button-join', action: 'setup.join' },
          ],
        ],
      },
    );
  }
  const info = await ctx.services.community.describe(ctx.community.id);
  await ctx.reply(
    'setup.bound',
    {
      name: info.name,
      code: info.joinCode,
      language: ctx.t(`language.${info.language}`),
      zone: info.timeZone,
      calendar: ctx.t(`calendar.${info.calendar}`),
      chats: info.chats,
      members: info.members,
    },
    {
      buttons: [
        ...languageButtons('setup.lang'),
        ...timeZoneButtons('setup.tz', 'setup.tz').slice(0, -1),
        ...calendarButtons('setup.cal'),
      ],
    },
  );
  await listRoleMappings(ctx, info.id, true);
}

async function createCommunity(ctx: Ctx, name: string): Promise<void> {
  const community = await ctx.services.community.createForChat(name, ctx.event.chat, ctx.member, ctx.language);
  await ctx.refresh({ community: toCommunityView(community), chatBound: true, role: 'admin' }).reply('setup.created', {
    name: community.name,
    code: community.joinCode,
    zone: community.timeZone,
  });
}

async function joinCommunity(ctx: Ctx, code: string): Promise<void> {
  const community = await ctx.services.community.joinByCode(code, ctx.event.chat, ctx.member);
  await ctx.reply('setup.joined', { name: community.name });
}

function requireBound(ctx: Ctx) {
  if (!ctx.chatBound || !ctx.community) throw new UserError('setup.not-bound');
  return ctx.community;
}

async function setCommunityLanguage(ctx: Ctx, value: string): Promise<void> {
  const community = requireBound(ctx);
  const language = value.trim().toLowerCase();
  if (!isLanguage(language)) throw new UserError('lang.invalid', { value });
  await ctx.services.community.updateCommunitySettings(community.id, ctx.member.id, { language });
  await ctx.reply('setup.updated', { setting: ctx.t('setup.setting-language'), value: ctx.t(`language.${language}`) });
}

async function setCommunityZone(ctx: Ctx, value: string): Promise<void> {
  const community = requireBound(ctx);
  const timeZone = isValidTimeZone(value.trim());
  if (!timeZone) throw new UserError('tz.invalid', { value: value.trim() });
  await ctx.services.community.updateCommunitySettings(community.id, ctx.member.id, { timeZone });
  await ctx.reply('setup.updated', { setting: ctx.t('setup.setting-zone'), value: timeZone });
}

async function setCommunityCalendar(ctx: Ctx, value: string): Promise<void> {
  const community = requireBound(ctx);
  const calendar = value.trim().toLowerCase();
  if (calendar !== 'persian' && calendar !== 'gregorian') throw new UserError('calendar.invalid', { value });
  await ctx.services.community.updateCommunitySettings(community.id, ctx.member.id, { calendar });
  await ctx.reply('setup.updated', { setting: ctx.t('setup.setting-calendar'), value: ctx.t(`calendar.${calendar}`) });
}
