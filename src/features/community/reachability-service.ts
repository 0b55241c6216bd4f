import type { GroupReachRow, MemberReachRow, ReachabilityRepository } from './reachability-repository.ts';

/** A member none of whose private chats takes the bot's messages any more. */
export interface RefusingMember {
  name: string;
  platform: string;
  since: Date;
  reason: string;
}

/** Who and where the bot cannot reach in one community, for its chairs. */
export interface ReachabilityReport {
  /** Blocked the bot (or the chat is gone) on every platform where they had opened a private chat. */
  refusing: RefusingMember[];
  /** Never opened a private chat with the bot on any platform: nothing private can reach them. */
  neverOpened: string[];
  groups: GroupReachRow[];
}

/**
 * A member counts as reachable when any one of their private chats still takes messages: private
 * sends (reminders, nudges, poll invitations) go to the first reachable one.
 */
export class ReachabilityService {
  constructor(private readonly repo: ReachabilityRepository) {}

  async report(communityId: number): Promise<ReachabilityReport> {
    const [identities, groups] = await Promise.all([
      this.repo.memberIdentities(communityId),
      this.repo.unreachableGroups(communityId),
    ]);
    const refusing: RefusingMember[] = [];
    const neverOpened: string[] = [];
    for (const rows of groupByMember(identities)) {
      const opened = rows.filter((row) => row.privateChatId !== null);
      if (opened.length === 0) {
        neverOpened.push(rows[0]!.displayName);
        continue;
      }
      if (opened.some((row) => row.unreachableAt === null)) continue;
      const latest = opened.reduce((a, b) => (b.unreachableAt! > a.unreachableAt! ? b : a));
      refusing.push({
        name: latest.displayName,
        platform: latest.platform!,
        since: latest.unreachableAt!,
        reason: latest.unreachableReason ?? '',
      });
    }
    return { refusing, neverOpened, groups };
  }
}

/** Rows come ordered by member: consecutive rows of one member form one group. */
function groupByMember(rows: readonly MemberReachRow[]): MemberReachRow[][] {
  const groups: MemberReachRow[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0]!.memberId === row.memberId) last.push(row);
    else groups.push([row]);
  }
  return groups;
}
