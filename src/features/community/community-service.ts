import { UserError } from '../../core/errors.ts';
import type { ChatRef } from '../../core/event.ts';
import type { CommunityView, MemberView } from '../../core/ports.ts';
import type { Role } from '../../core/roles.ts';
import type { Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import type { CommunityRepository, CommunityRow } from './community-repository.ts';
import { defaultsForLanguage } from './community-defaults.ts';
import { newCode, normalizeCode } from './join-code.ts';
import { toCommunityView, toMemberView } from './member-resolver.ts';
import { RoleMappingService } from './role-mapping-service.ts';

export const MAX_COMMUNITY_NAME = 100;

/** Rules of communities, their chats, roles and personal settings. */
export class CommunityService {
  /** Platform roles (Discord server roles) mapped to the community's roles: `/setup map`. */
  readonly roleMappings: RoleMappingService;

  constructor(private readonly repo: CommunityRepository) {
    this.roleMappings = new RoleMappingService(repo);
  }

  async createForChat(name: string, chat: ChatRef, founder: MemberView, language: Language): Promise<CommunityRow> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new UserError('setup.name-missing');
    if (trimmed.length > MAX_COMMUNITY_NAME) throw new UserError('error.too-long', { max: MAX_COMMUNITY_NAME });
    await this.refuseIfBound(chat);
    return this.repo.createCommunityForChat(
      { name: trimmed, joinCode: newCode(8), language, ...defaultsForLanguage(language) },
      { platform: chat.platform, externalId: chat.chatId },
      founder.id,
    );
  }

  async joinByCode(code: string, chat: ChatRef, admin: MemberView): Promise<CommunityRow> {
    const community = await this.repo.findCommunityByCode(normalizeCode(code));
    if (!community) throw new UserError('setup.code-unknown', { code });
    await this.refuseIfBound(chat);
    await this.repo.bindChat(chat.platform, chat.chatId, community.id);
    await this.repo.setRole(admin.id, community.id, 'admin');
    await this.repo.audit(community.id, admin.id, 'chat.bind', { platform: chat.platform, chat: chat.chatId });
    return community;
  }

  /** The bot was removed from a group: the chat is inactive until the bot comes back; the binding stays. */
  async deactivateChat(chat: ChatRef, actor: MemberView): Promise<void> {
    const existing = await this.repo.findChat(chat.platform, chat.chatId);
    await this.repo.setChatActive(chat.platform, chat.chatId, false);
    if (existing?.community) {
      await this.repo.audit(existing.community.id, actor.id, 'chat.bot-removed', {
        platform: chat.platform,
        chat: chat.chatId,
      });
    }
  }

  async describe(communityId: number) {
    const community = await this.repo.findCommunity(communityId);
    if (!community) throw new UserError('error.no-community-group');
    const [chats, members] = await Promise.all([
      this.repo.countChats(communityId),
      this.repo.countMembers(communityId),
    ]);
    return { ...community, chats, members };
  }

  async updateCommunitySettings(
    communityId: number,
    actorId: number,
    changes: { language?: Language; timeZone?: string; calendar?: CalendarName },
  ): Promise<CommunityView> {
    const row = await this.repo.updateCommunity(communityId, changes);
    await this.repo.audit(communityId, actorId, 'community.settings', changes);
    return toCommunityView(row);
  }

  async updateMemberSettings(
    memberId: number,
    changes: { language?: Language; timeZone?: string; calendar?: CalendarName },
  ): Promise<MemberView> {
    return toMemberView(await this.repo.updateMember(memberId, changes));
  }

  /** Grants a role to someone in the actor's chat, found by their platform id or, failing that, their name. */
  async grantRole(
    communityId: number,
    actor: MemberView,
    target: { platform: string; userId?: string; displayName: string },
    role: Role,
  ): Promise<{ displayName: string }> {
    const memberId = await this.findTarget(communityId, target);
    if (memberId === actor.id) throw new UserError('role.not-self');
    await this.repo.setRole(memberId, communityId, role);
    await this.repo.audit(communityId, actor.id, 'role.grant', { memberId, role });
    return { displayName: target.displayName };
  }

  private async findTarget(
    communityId: number,
    target: { platform: string; userId?: string; displayName: string },
  ): Promise<number> {
    if (target.userId) {
      const identity = await this.repo.findIdentity(target.platform, target.userId);
      if (identity) return identity.member.id;
      // Someone in the chat who never wrote to the bot: register them, as writing would have.
      const member = await this.repo.createMemberWithIdentity(target.platform, target.userId, target.displayName, null);
      return member.id;
    }
    const matches = await this.repo.findMembersByName(communityId, target.displayName);
    if (matches.length === 0) throw new UserError('role.target-unknown', { name: target.displayName });
    if (matches.length > 1) throw new UserError('role.target-ambiguous', { name: target.displayName });
    return matches[0]!.id;
  }

  private async refuseIfBound(chat: ChatRef): Promise<void> {
    const existing = await this.repo.findChat(chat.platform, chat.chatId);
    if (existing?.community) throw new UserError('setup.already-bound', { name: existing.community.name });
  }
}
