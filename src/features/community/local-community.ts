import type { Actor, ChatRef } from '../../core/event.ts';
import type { ResolvedActor } from '../../core/ports.ts';
import type { MemberResolver } from './member-resolver.ts';
import type { CommunityService } from './community-service.ts';

/**
 * Makes sure a group chat belongs to a community in which `actor` is admin, and that the actor's private
 * chat is known: what the console chat needs to start as "a local admin of a local community".
 */
export async function ensureLocalCommunity(
  resolver: MemberResolver,
  community: CommunityService,
  actor: Actor,
  group: ChatRef,
  privateChat: ChatRef,
  name: string,
): Promise<ResolvedActor> {
  await resolver.resolve(actor, privateChat);
  const resolved = await resolver.resolve(actor, group);
  if (resolved.chatBound) return resolved;
  await community.createForChat(name, group, resolved.member, resolved.member.language ?? 'en');
  return resolver.resolve(actor, group);
}
