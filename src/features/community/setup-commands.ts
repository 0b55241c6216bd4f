import { UserError } from '../../core/errors.ts';
import type { FlowInput } from '../../core/router.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { calendarButtons, languageButtons, timeZoneButtons } from './settings-commands.ts';
import { toCommunityView } from './member-resolver.ts';
import { listRoleMappings, mapRole, unmapRole } from './role-mapping-commands.ts';
import { platformRoleName } from './role-mapping-args.ts';
import { SETUP_ARGS, parseSetupText, type SetupValues, type TextOnlyForm } from './setup-grammar.ts';
import type { ConversationState } from '../../core/ports.ts';

const SETUP_FLOW = 'setup';
const FLOW_TTL_MS = 30 * 60_000;

/** What a Discord option got wrong concerns its sender alone, as when the adapter refused it. */
const PRIVATELY = { onlyToSender: true } as const;

/**
 * `/setup` binds a group to a community (a new one, or an existing one by its join code) and sets the
 * community's defaults; its forms are read by setup-grammar.ts. On Discord also the server's roles that
 * make chairs and curators (see `role-mapping-commands.ts`).
 *
 * Two kinds of people may use it, for different things. The chat's administrators on the platform may
 * bind this chat (`new`, `join`) and unbind it: it is their chat. Everything that reaches the whole
 * community (the join code, its defaults, role mappings) is for the community's admins only, whatever
 * the platform says of them: a chat is easy to own (a Telegram group made a minute ago).
 */
export const setupCommand = featureCommand({
  name: 'setup',
  /** Chat admins bind/unbind this chat; the join code, defaults and role mappings need the community's admin. */
  audience: ['admin', 'chat-admin'],
  chats: 'group',
  args: SETUP_ARGS,
  parse: (text, input) => parseSetupText(text, input),
  async run(ctx, given) {
    const values: SetupValues = given;
    if (values.only) return textOnlyForm(ctx, values.only);
    if (values.join !== undefined) return joinWith(ctx, values, values.join);
    const changes = settingChanges(values);
    if (changes.length === 0) return values.new === undefined ? showSetup(ctx) : newCommunity(ctx, values.new);
    // On a chat without a community, the community first: made now with `new`, else its name is asked
    // and the settings wait in the flow.
    if (!ctx.chatBound) {
      requireChatAdmin(ctx, 'new');
      if (values.new === undefined) {
        await ctx.conversation.start(SETUP_FLOW, 'name', { then: waitingValues(values) }, FLOW_TTL_MS);
        return ctx.reply('setup.ask-name');
      }
      return applyAll(await createCommunity(ctx, oneLine(values.new)), changes);
    }
    if (values.new !== undefined) throw new UserError('setup.usage');
    await applyAll(ctx, changes);
  },
});

export function registerSetupCommands(router: AppRouter): void {
  router.command(setupCommand);

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
          applyAll(await createCommunity(ctx, text), settingChanges(waitingIn(state))),
        ),
      code: (ctx, input) => withText(ctx, input, 'setup.ask-code', (text) => joinCommunity(ctx, text)),
    },
  });
}

/** One change to the community, with the `/setup` form that names it when it is refused. */
interface SettingChange {
  sub: 'lang' | 'tz' | 'calendar' | 'map' | 'unmap';
  apply(ctx: Ctx): Promise<void>;
}

/**
 * The settings and role mappings given, in the order they are applied (settings, then mappings), each
 * checked before any is applied.
 */
function settingChanges(values: SetupValues): SettingChange[] {
  const roles = (['chair', 'curator'] as const).map((role) => ({ role, given: values[`${role}_role`] }));
  // Every member holds @everyone (its id is the server's): mapping it would make everyone a chair.
  for (const platformRole of [...roles.map((r) => r.given), values.unmap_role]) {
    if (platformRole?.name === '@everyone') throw new UserError('discord.error.everyone-role', {}, PRIVATELY);
  }
  const changes: SettingChange[] = [];
  const { language, zone, calendar } = values;
  if (language !== undefined) changes.push({ sub: 'lang', apply: (ctx) => setCommunityLanguage(ctx, language) });
  if (zone !== undefined) {
    if (!isValidTimeZone(zone.trim())) throw new UserError('tz.invalid', { value: zone.trim() });
    changes.push({ sub: 'tz', apply: (ctx) => setCommunityZone(ctx, zone) });
  }
  if (calendar !== undefined) changes.push({ sub: 'calendar', apply: (ctx) => setCommunityCalendar(ctx, calendar) });
  for (const { role, given } of roles) {
    if (!given) continue;
    const request = { role, platformRoleId: given.id, platformRoleName: platformRoleName(given.name) };
    changes.push({ sub: 'map', apply: (ctx) => mapRole(ctx, request) });
  }
  const unmap = values.unmap_role;
  if (unmap) changes.push({ sub: 'unmap', apply: (ctx) => unmapRole(ctx, unmap.id) });
  return changes;
}

async function applyAll(ctx: Ctx, changes: readonly SettingChange[]): Promise<void> {
  for (const change of changes) {
    requireCommunityAdmin(ctx, change.sub);
    await change.apply(ctx);
  }
}

/** The settings and mappings of `/setup` that wait in the flow for the community's name. */
function waitingValues(values: SetupValues): SetupValues {
  const { new: _name, join: _code, only: _form, ...waiting } = values;
  return waiting;
}

function waitingIn(state: ConversationState): SetupValues {
  const then = (state.data as { then?: unknown }).then;
  // A flow begun before an upgrade kept the forms as text.
  if (Array.isArray(then)) {
    return parseSetupText(then.filter((f) => typeof f === 'string').join(' | '), { platformRoles: true });
  }
  return typeof then === 'object' && then !== null ? (then as SetupValues) : {};
}

/** `join` stands alone: the community joined keeps its own settings, which its admins change. */
async function joinWith(ctx: Ctx, values: SetupValues, join: string): Promise<void> {
  const given = Object.keys(values);
  if (given.length > 1) throw new UserError('discord.error.conflict', { options: given.join(', ') }, PRIVATELY);
  const code = join.trim();
  if (/\s/.test(code)) throw new UserError('discord.error.one-word', { option: 'join' }, PRIVATELY);
  requireChatAdmin(ctx, 'join');
  return code ? joinCommunity(ctx, code) : askFor(ctx, 'code');
}

async function newCommunity(ctx: Ctx, name: string): Promise<void> {
  requireChatAdmin(ctx, 'new');
  if (!name) return askFor(ctx, 'name');
  await createCommunity(ctx, oneLine(name));
}

function textOnlyForm(ctx: Ctx, form: TextOnlyForm): Promise<void> {
  switch (form) {
    case 'unbind':
      return unbindHere(ctx);
    case 'code':
      return sendJoinCode(ctx);
    case 'roles':
      return listRoleMappings(ctx, requireBound(ctx).id);
  }
}

/** A name as the text grammar reads it: runs of spaces are one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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
