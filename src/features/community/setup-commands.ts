import { UserError } from '../../core/errors.ts';
import type { FlowInput } from '../../core/router.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { calendarButtons, languageButtons, timeZoneButtons } from './settings-commands.ts';
import { toCommunityView } from './member-resolver.ts';
import { listRoleMappings, mapRole, unmapRole } from './role-mapping-commands.ts';
import { readSeveralForms } from './setup-several.ts';
import type { ConversationState } from '../../core/ports.ts';

const SETUP_FLOW = 'setup';
const FLOW_TTL_MS = 30 * 60_000;

/**
 * `/setup` binds a group to a community (a new one, or an existing one by its join code) and sets the
 * community's defaults. Forms: `/setup`, `/setup new NAME`, `/setup join CODE`, `/setup unbind`,
 * `/setup code`, `/setup lang fa`, `/setup tz Asia/Tehran`, `/setup calendar persian`; on Discord also
 * `/setup map chair <@&ROLE>`, `/setup unmap <@&ROLE>` and `/setup roles` (see `role-mapping-commands.ts`).
 *
 * Two kinds of people may use it, for different things. The chat's administrators on the platform may
 * bind this chat (`new`, `join`) and unbind it: it is their chat. Everything that reaches the whole
 * community (the join code, its defaults, role mappings) is for the community's admins only, whatever
 * the platform says of them: a chat is easy to own (a Telegram group made a minute ago).
 */
export function registerSetupCommands(router: AppRouter): void {
  addCommand(router, 'setup', (ctx, args) => {
    const several = readSeveralForms(args);
    return several ? setupSeveral(ctx, several.forms, several.newName) : setupForm(ctx, args);
  });

  /** One form of `/setup`. */
  async function setupForm(ctx: Ctx, args: string): Promise<void> {
    const [sub = '', ...rest] = args.trim().split(/\s+/);
    const value = rest.join(' ').trim();
    // A platform role's name keeps its own spacing: the raw text after the sub-command.
    const afterSub = args.trim().slice(sub.length);
    switch (sub.toLowerCase()) {
      case '':
        return showSetup(ctx);
      case 'new':
        requireChatAdmin(ctx, sub);
        if (!value) return askFor(ctx, 'name');
        await createCommunity(ctx, value);
        return;
      case 'join':
        requireChatAdmin(ctx, sub);
        return value ? joinCommunity(ctx, value) : askFor(ctx, 'code');
      case 'unbind':
        return unbindHere(ctx);
      case 'code':
        return sendJoinCode(ctx);
      case 'lang':
        requireCommunityAdmin(ctx, sub);
        return setCommunityLanguage(ctx, value);
      case 'tz':
        requireCommunityAdmin(ctx, sub);
        return setCommunityZone(ctx, value);
      case 'calendar':
        requireCommunityAdmin(ctx, sub);
        return setCommunityCalendar(ctx, value);
      case 'map':
        requireCommunityAdmin(ctx, sub);
        return mapRole(ctx, afterSub);
      case 'unmap':
        requireCommunityAdmin(ctx, sub);
        return unmapRole(ctx, afterSub);
      case 'roles':
        return listRoleMappings(ctx, requireBound(ctx).id);
      default:
        throw new UserError('setup.usage');
    }
  }

  /**
   * Several forms at once (setup-several.ts): on a chat without a community, the community first (made
   * now with `new NAME`, else its name is asked and the forms wait in the flow), then each form in order.
   */
  async function setupSeveral(ctx: Ctx, forms: string[], newName: string | undefined): Promise<void> {
    if (!ctx.chatBound) {
      requireChatAdmin(ctx, 'new');
      if (newName === undefined) {
        await ctx.conversation.start(SETUP_FLOW, 'name', { then: forms }, FLOW_TTL_MS);
        return ctx.reply('setup.ask-name');
      }
      return applyAll(await createCommunity(ctx, newName), forms);
    }
    if (newName !== undefined) throw new UserError('setup.usage');
    await applyAll(ctx, forms);
  }

  async function applyAll(ctx: Ctx, forms: readonly string[]): Promise<void> {
    for (const form of forms) await setupForm(ctx, form);
  }

  /** The forms a `/setup` with several options left waiting for the community's name. */
  function waitingForms(state: ConversationState): string[] {
    const then = (state.data as { then?: unknown }).then;
    return Array.isArray(then) ? then.filter((f): f is string => typeof f === 'string') : [];
  }

  addAction(router, 'setup.new', (ctx) => {
    requireChatAdmin(ctx, 'new');
    return askFor(ctx, 'name');
  });
  addAction(router, 'setup.join', (ctx) => {
    requireChatAdmin(ctx, 'join');
    return askFor(ctx, 'code');
  });
  addAction(router, 'setup.code', (ctx) => sendJoinCode(ctx));
  addAction(router, 'setup.unbind', async (ctx, data) => {
    const chatRowId = Number(data);
    if (!/^\d{1,9}$/.test(data) || !Number.isSafeInteger(chatRowId)) throw new UserError('error.stale-button');
    await unbind(ctx, chatRowId);
  });
  addAction(router, 'setup.lang', (ctx, data) => setCommunityLanguage(ctx, data));
  addAction(router, 'setup.tz', (ctx, data) => setCommunityZone(ctx, data));
  addAction(router, 'setup.cal', (ctx, data) => setCommunityCalendar(ctx, data));

  router.flow({
    name: SETUP_FLOW,
    steps: {
      name: (ctx, input, state) =>
        withText(ctx, input, 'setup.ask-name', async (text) =>
          applyAll(await createCommunity(ctx, text), waitingForms(state)),
        ),
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

/** The chat's administrators on the platform: they may bind or unbind this chat, nothing more. */
function requireChatAdmin(ctx: Ctx, sub: string): void {
  if (ctx.isChatAdmin) return;
  throw new UserError('error.forbidden', { what: setupForm(sub), roles: ctx.t('role.chat-admin') });
}

/** The community's own admins (never the platform's word): what reaches the whole community. */
function requireCommunityAdmin(ctx: Ctx, sub: string): void {
  if (ctx.chatBound && ctx.role === 'admin') return;
  if (!ctx.chatBound) throw new UserError('setup.not-bound');
  throw new UserError('error.forbidden', { what: setupForm(sub), roles: ctx.t('role.admin') });
}

function setupForm(sub: string): string {
  return sub ? `/setup ${sub}` : '/setup';
}

async function showSetup(ctx: Ctx): Promise<void> {
  if (!ctx.chatBound || !ctx.community) {
    requireChatAdmin(ctx, '');
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
  const unbindButton = { labelKey: 'setup.button-unbind', action: 'setup.unbind' };
  if (ctx.role !== 'admin') {
    // A chat admin with no admin role in the community: only this chat is theirs to change.
    const chatRowId = await ctx.services.community.chatRowId(ctx.event.chat);
    return ctx.reply(
      'setup.bound-chat-admin',
      { name: ctx.community.name },
      { buttons: [[{ ...unbindButton, data: String(chatRowId) }]] },
    );
  }
  const [info, chatRowId] = await Promise.all([
    ctx.services.community.describe(ctx.community.id),
    ctx.services.community.chatRowId(ctx.event.chat),
  ]);
  await ctx.reply(
    'setup.bound',
    {
      name: info.name,
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
        [
          { labelKey: 'setup.button-code', action: 'setup.code' },
          { ...unbindButton, data: String(chatRowId) },
        ],
      ],
    },
  );
  await listRoleMappings(ctx, info.id, true);
}

/** Makes the community of this chat; the context as it is now, with the community and its admin. */
async function createCommunity(ctx: Ctx, name: string): Promise<Ctx> {
  const community = await ctx.services.community.createForChat(name, ctx.event.chat, ctx.member, ctx.language);
  const created = ctx.refresh({ community: toCommunityView(community), chatBound: true, role: 'admin' });
  await created.reply('setup.created', { name: community.name, zone: community.timeZone });
  return created;
}

async function joinCommunity(ctx: Ctx, code: string): Promise<void> {
  const { community, notices } = await ctx.services.community.joinByCode(code, ctx.event.chat, ctx.member);
  await ctx.reply('setup.joined', { name: community.name });
  for (const notice of notices) await ctx.send(notice.target, notice.message);
}

/** A new join code, to the admin alone: in their private chat (on Discord the DM), never in the group. */
async function sendJoinCode(ctx: Ctx): Promise<void> {
  requireCommunityAdmin(ctx, 'code');
  const community = ctx.community!;
  ctx.requirePrivateReach();
  const { code, expiresAt } = await ctx.services.community.issueJoinCode(community.id, ctx.member.id);
  const until = formatDateTime(expiresAt, { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone });
  await ctx.replyPrivately('setup.code', { name: community.name, code, until });
}

async function unbindHere(ctx: Ctx): Promise<void> {
  if (!ctx.chatBound) throw new UserError('setup.not-bound');
  if (!ctx.isChatAdmin && ctx.role !== 'admin') {
    throw new UserError('error.forbidden', {
      what: '/setup unbind',
      roles: ctx.list([ctx.t('role.admin'), ctx.t('role.chat-admin')]),
    });
  }
  await unbind(ctx, await ctx.services.community.chatRowId(ctx.event.chat));
}

async function unbind(ctx: Ctx, chatRowId: number): Promise<void> {
  const unbound = await ctx.services.community.unbindChat(chatRowId, ctx.member, {
    chat: ctx.event.chat,
    isChatAdmin: ctx.isChatAdmin,
  });
  await ctx.reply('setup.unbound-done', {
    chat: unbound.title ?? ctx.t('setup.chat-untitled'),
    name: unbound.community,
  });
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
