import type { Actor, ChatRef } from '../../core/event.ts';
import type { ActorResolver, CommunityView, MemberView, ResolvedActor } from '../../core/ports.ts';
import type { Role } from '../../core/roles.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { Viewer } from '../../core/command.ts';
import type { CommunityRepository, CommunityRow, EventContextRow, MemberRow } from './community-repository.ts';
import { readViewer } from './viewer.ts';
import {
  effectiveRole,
  needsRemembering,
  platformRolesShown,
  rememberedRoleHere,
  type RememberedMappedRole,
} from './effective-role.ts';

/**
 * Resolves who and where for every event, registering on first contact: the chat, the person (a
 * member and their platform identity), their community and role. Anyone who writes in a chat bound
 * to a community becomes its member. Platform roles mapped to community roles (`/setup map`) count
 * too: from the event where it shows them, else as last remembered but only in a private chat on that
 * platform and for a day (see `rememberedRoleHere`). Administering the chat on the platform gives no
 * role here: that only lets one bind or unbind the chat (`Context.isChatAdmin`).
 */
export class MemberResolver implements ActorResolver {
  constructor(
    private readonly repo: CommunityRepository,
    /** The clock that dates a remembered mapped role and judges its freshness. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Who is typing a command, for its suggestions: read only (see `viewer.ts`). */
  view(actor: Actor, chat: ChatRef): Promise<Viewer> {
    return readViewer(this.repo, actor, chat);
  }

  async resolve(actor: Actor, chat: ChatRef): Promise<ResolvedActor> {
    // Nearly every event comes from someone already known, in a known chat: one read answers it
    // (the mapped platform roles included, when the event shows any).
    const shown = platformRolesShown(actor, chat);
    const now = this.now();
    const row = await this.repo.findEventContext(chat.platform, chat.chatId, actor.userId, shown);
    const known = fromKnownContext(row, actor, chat, shown !== undefined, now);
    if (known) {
      if (shown && row.communityId !== null)
        await this.rememberMappedRole(row.memberId!, row.communityId, chat.platform, shown, row, row.mappedNow, now);
      return known;
    }
    try {
      return await this.resolveAndRegister(actor, chat, shown, now);
    } catch (error) {
      // Two first events of one person at once (platforms deliver concurrently): the other one
      // registered them a moment ago, so reading again finds them.
      if (isUniqueViolation(error)) return this.resolveAndRegister(actor, chat, shown, now);
      throw error;
    }
  }

  /** The first contact, or anything changed: register and update what is missing, then answer. */
  private async resolveAndRegister(
    actor: Actor,
    chat: ChatRef,
    shown: readonly string[] | undefined,
    now: Date,
  ): Promise<ResolvedActor> {
    const chatRow = await this.ensureChat(chat);
    const { member, privateChatId } = await this.ensureMember(actor, chat);
    const boundCommunity = chat.kind === 'group' ? (chatRow?.community ?? null) : null;

    let community: CommunityRow | null = boundCommunity;
    let role: Role | null = null;
    if (boundCommunity) {
      const membership = await this.repo.upsertMembership(member.id, boundCommunity.id);
      let mappedNow: Role | null | undefined;
      if (shown) {
        mappedNow = await this.repo.roleMappings.highestMapped(boundCommunity.id, chat.platform, shown);
        await this.rememberMappedRole(member.id, boundCommunity.id, chat.platform, shown, membership, mappedNow, now);
      }
      // A group: no remembered role stands in (see `rememberedRoleHere`).
      role = effectiveRole(membership.role, null, mappedNow);
      if (member.activeCommunityId === null)
        await this.repo.updateMember(member.id, { activeCommunityId: boundCommunity.id });
    } else if (chat.kind === 'private') {
      ({ community, role } = await this.privateChatCommunity(member, chat, now));
    }

    return {
      member: toMemberView(member),
      community: community ? toCommunityView(community) : null,
      role,
      chatBound: Boolean(boundCommunity),
      privateChatId,
    };
  }

  private async ensureChat(chat: ChatRef) {
    const existing = await this.repo.findChat(chat.platform, chat.chatId);
    const title = chat.title ?? null;
    const unchanged =
      existing?.active && existing.unreachableAt === null && existing.kind === chat.kind && existing.title === title;
    if (unchanged) return existing;
    await this.repo.upsertChat(chat.platform, chat.chatId, chat.kind, title);
    return this.repo.findChat(chat.platform, chat.chatId);
  }

  private async ensureMember(
    actor: Actor,
    chat: ChatRef,
  ): Promise<{ member: MemberRow; privateChatId: string | null }> {
    const hereIfPrivate = chat.kind === 'private' ? chat.chatId : (actor.privateChatId ?? null);
    const identity = await this.repo.findIdentity(actor.platform, actor.userId);
    // A private chat the platform opened for us (not one the person wrote in) needs its row, so that a
    // refusal to deliver there can be recorded on it; one the person wrote in has it already.
    if (chat.kind !== 'private' && hereIfPrivate && identity?.privateChatId !== hereIfPrivate) {
      await this.repo.ensurePrivateChat(chat.platform, hereIfPrivate);
    }
    if (!identity) {
      const member = await this.repo.createMemberWithIdentity(
        actor.platform,
        actor.userId,
        actor.displayName,
        hereIfPrivate,
      );
      return { member, privateChatId: hereIfPrivate };
    }
    const changes: { displayName?: string; privateChatId?: string } = {};
    if (identity.displayName !== actor.displayName) changes.displayName = actor.displayName;
    if (hereIfPrivate && identity.privateChatId !== hereIfPrivate) changes.privateChatId = hereIfPrivate;
    if (Object.keys(changes).length > 0) await this.repo.updateIdentity(identity.id, changes);
    return { member: identity.member, privateChatId: hereIfPrivate ?? identity.privateChatId };
  }

  private async privateChatCommunity(
    member: MemberRow,
    chat: ChatRef,
    now: Date,
  ): Promise<{ community: CommunityRow | null; role: Role | null }> {
    if (member.activeCommunityId !== null) {
      const membership = await this.repo.findMembership(member.id, member.activeCommunityId);
      const community = membership ? await this.repo.findCommunity(member.activeCommunityId) : null;
      if (membership && community)
        return {
          community,
          role: effectiveRole(membership.role, rememberedRoleHere(membership, chat, now), undefined),
        };
    }
    const first = await this.repo.firstMembership(member.id);
    if (!first) return { community: null, role: null };
    return {
      community: first.community,
      role: effectiveRole(first.role, rememberedRoleHere(first, chat, now), undefined),
    };
  }

  /**
   * Keeps what the member's platform roles map to now, for their private chats on this platform: one
   * write when it changed or its confirmation is due a refresh (see `needsRemembering`), else none.
   */
  private async rememberMappedRole(
    memberId: number,
    communityId: number,
    platform: string,
    shown: readonly string[],
    remembered: RememberedMappedRole,
    mappedNow: Role | null,
    now: Date,
  ): Promise<void> {
    if (!needsRemembering(remembered, mappedNow, platform, now)) return;
    await this.repo.roleMappings.rememberMappedRole(memberId, communityId, platform, shown, mappedNow, now);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/** The resolution from the one-read context, or null when something must be written first. */
function fromKnownContext(
  row: EventContextRow,
  actor: Actor,
  chat: ChatRef,
  rolesShown: boolean,
  now: Date,
): ResolvedActor | null {
  const chatKnown =
    row.chatId !== null &&
    row.chatActive === true &&
    row.chatUnreachable === false &&
    row.chatKind === chat.kind &&
    row.chatTitle === (chat.title ?? null);
  const personKnown =
    row.memberId !== null &&
    row.identityName === actor.displayName &&
    (chat.kind !== 'private' || row.privateChatId === chat.chatId) &&
    (actor.privateChatId === undefined || row.privateChatId === actor.privateChatId);
  if (!chatKnown || !personKnown) return null;
  // A bound group where they have no membership yet, or a private chat without an active community.
  if (row.communityId !== null && row.role === null) return null;
  if (chat.kind === 'private' && row.communityId === null) return null;

  const member = toMemberView({
    id: row.memberId!,
    displayName: row.memberName!,
    language: row.memberLanguage,
    timeZone: row.memberTimeZone,
    calendar: row.memberCalendar,
    activeCommunityId: row.activeCommunityId,
  });
  const community =
    row.communityId === null
      ? null
      : toCommunityView({
          id: row.communityId,
          name: row.communityName!,
          language: row.communityLanguage!,
          timeZone: row.communityTimeZone!,
          calendar: row.communityCalendar!,
        });
  const ownOrMapped =
    row.role === null
      ? null
      : effectiveRole(row.role, rememberedRoleHere(row, chat, now), rolesShown ? row.mappedNow : undefined);
  return {
    member,
    community,
    role: ownOrMapped,
    chatBound: chat.kind === 'group' && community !== null,
    privateChatId: row.privateChatId,
  };
}

export function toMemberView(row: MemberRow): MemberView {
  return {
    id: row.id,
    displayName: row.displayName,
    language: isLanguage(row.language) ? row.language : null,
    timeZone: row.timeZone,
    calendar: row.calendar === 'persian' || row.calendar === 'gregorian' ? row.calendar : null,
  };
}

export function toCommunityView(row: CommunityRow): CommunityView {
  return {
    id: row.id,
    name: row.name,
    language: isLanguage(row.language) ? row.language : 'en',
    timeZone: row.timeZone,
    calendar: row.calendar === 'persian' ? 'persian' : 'gregorian',
  };
}
