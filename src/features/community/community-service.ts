import { UserError } from '../../core/errors.ts';
import type { ChatRef, OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { CommunityView, MemberView } from '../../core/ports.ts';
import type { Role } from '../../core/roles.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import type { CommunityRepository, CommunityRow } from './community-repository.ts';
import { bindingNotices } from './binding-notice.ts';
import { defaultsForLanguage } from './community-defaults.ts';
import { JOIN_CODE_LENGTH, JOIN_CODE_TTL_MS, newCode, normalizeCode } from './join-code.ts';
import { toCommunityView, toMemberView } from './member-resolver.ts';
import { RoleMappingService } from './role-mapping-service.ts';

export const MAX_COMMUNITY_NAME = 100;

/** Rules of communities, their chats, roles and personal settings. */
export class CommunityService {
  /** Platform roles (Discord server roles) mapped to the community's roles: `/setup map`. */
  readonly roleMappings: RoleMappingService;

  constructor(
    private readonly repo: CommunityRepository,
    /** Renders the binding notices in each admin's language. */
    private readonly translator: Translator,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.roleMappings = new RoleMappingService(repo);
  }

  async createForChat(name: string, chat: ChatRef, founder: MemberView, language: Language): Promise<CommunityRow> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new UserError('setup.name-missing');
    if (trimmed.length > MAX_COMMUNITY_NAME) throw new UserError('error.too-long', { max: MAX_COMMUNITY_NAME });
    await this.refuseIfBound(chat);
    // No join code yet: an admin makes one, privately, when another chat is to be bound (`/setup code`).
    return this.repo.createCommunityForChat(
      { name: trimmed, language, ...defaultsForLanguage(language) },
      { platform: chat.platform, externalId: chat.chatId },
      founder.id,
    );
  }

  /**
   * A new join code for the community, replacing the one before (which stops working at once). Valid
   * for a day and for one binding: the caller shows it to the admin privately, never in a group.
   */
  async issueJoinCode(communityId: number, actorId: number): Promise<{ code: string; expiresAt: Date }> {
    const code = newCode(JOIN_CODE_LENGTH);
    const expiresAt = new Date(this.now().getTime() + JOIN_CODE_TTL_MS);
    await this.repo.replaceJoinCode(communityId, code, expiresAt);
    await this.repo.audit(communityId, actorId, 'join-code.issue', { expiresAt: expiresAt.toISOString() });
    return { code, expiresAt };
  }

  /**
   * Binds the chat (whose administrator asks: the caller checks) to the community of a valid join code,
   * using the code up. It gives nobody a role: roles come only from the community. Returns the notices
   * that tell the community's admins, privately, which chat was bound, by whom and when.
   */
  async joinByCode(
    code: string,
    chat: ChatRef,
    actor: MemberView,
  ): Promise<{ community: CommunityRow; notices: Array<{ target: OutboundTarget; message: OutboundMessage }> }> {
    await this.refuseIfBound(chat);
    const at = this.now();
    const joined = await this.repo.bindChatWithCode(
      normalizeCode(code),
      at,
      {
        platform: chat.platform,
        externalId: chat.chatId,
      },
      actor.id,
    );
    if (!joined) {
      // Bound by someone else a moment ago, or the code is wrong, used or expired.
      await this.refuseIfBound(chat);
      throw new UserError('setup.code-unknown', { code });
    }
    const admins = await this.repo.findAdminsToTell(joined.community.id);
    const notices = bindingNotices(this.translator, admins, {
      community: joined.community,
      chatId: joined.chatId,
      platform: chat.platform,
      chatTitle: chat.title ?? null,
      by: actor.displayName,
      at,
    });
    return { community: joined.community, notices };
  }

  /**
   * Unbinds a chat (by its row id) from its community. Allowed to an admin of that community, wherever
   * they press (the binding notice comes privately), and to the chat's own administrator in that chat.
   */
  async unbindChat(
    chatRowId: number,
    actor: MemberView,
    asker: { chat: ChatRef; isChatAdmin: boolean },
  ): Promise<{ title: string | null; community: string }> {
    const chat = await this.repo.findChatById(chatRowId);
    if (!chat || chat.communityId === null) throw new UserError('setup.unbind-gone');
    const community = await this.repo.findCommunity(chat.communityId);
    if (!community) throw new UserError('setup.unbind-gone');
    const adminOfThisChat =
      asker.isChatAdmin && asker.chat.platform === chat.platform && asker.chat.chatId === chat.externalId;
    if (!adminOfThisChat && (await this.repo.ownRole(actor.id, chat.communityId)) !== 'admin') {
      throw new UserError('setup.unbind-forbidden', { name: community.name });
    }
    if (!(await this.repo.unbindChat(chat.id, chat.communityId, actor.id))) throw new UserError('setup.unbind-gone');
    return { title: chat.title, community: community.name };
  }

  /** The row id of a chat the bot knows, for `/setup unbind` there. */
  async chatRowId(chat: ChatRef): Promise<number> {
    const row = await this.repo.findChat(chat.platform, chat.chatId);
    if (!row?.community) throw new UserError('setup.not-bound');
    return row.id;
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
    await this.setRole(communityId, actor.id, memberId, role);
    return { displayName: target.displayName };
  }

  /**
   * Gives a member of the community (by id: the dashboard's roles page) a role, with `/role`'s rules:
   * nobody changes their own, so the admin who acts stays one and a community never loses its last.
   */
  async setRole(communityId: number, actorId: number, memberId: number, role: Role): Promise<void> {
    if (memberId === actorId) throw new UserError('role.not-self');
    await this.repo.setRole(memberId, communityId, role);
    await this.repo.audit(communityId, actorId, 'role.grant', { memberId, role });
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
