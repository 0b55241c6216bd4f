import { randomBytes } from 'node:crypto';
import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { namesAny } from './names-in-text.ts';
import { collectExperienceData, forgetExperienceData } from '../experiences/experience-privacy-repository.ts';
import { collectMeetingData, forgetMeetingData } from '../meetings/meeting-privacy-repository.ts';
import { collectLibraryData } from '../libraries/library-privacy-repository.ts';
import { collectRoundData, forgetRoundData } from '../rounds/round-privacy-repository.ts';
import { collectInterviewData, forgetInterviewData } from '../interviews/interview-privacy-repository.ts';
import { collectMinutesData, forgetMinutesData } from '../minutes/minutes-privacy-repository.ts';
import { collectActionData, forgetActionData } from '../actions/action-privacy-repository.ts';
import { collectFeedData } from '../feeds/feed-privacy-repository.ts';
import { collectDashboardData } from '../dashboard/dashboard-privacy-repository.ts';

/**
 * Messages not sent (queued, retrying, failed, or in doubt after a crash) to any chat, such as a group,
 * that name the member or carry their platform id: deleted, text and all. A message being handed to a
 * platform right now (claimed) goes out and then keeps no text, like every sent one.
 */
async function forgetQueuedMentions(tx: DbTransaction, names: readonly string[]): Promise<void> {
  const needles = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
  if (needles.length === 0) return;
  const stored = [...new Set(needles.flatMap((n) => [n, JSON.stringify(n).slice(1, -1)]))];
  const candidates = await tx.$queryRaw<Array<{ id: number; text: string }>>`
    SELECT id, payload::text AS text FROM "OutboxMessage"
    WHERE (status = 'failed' OR (status = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" < now())))
      AND EXISTS (SELECT 1 FROM unnest(${stored}::text[]) AS n(needle) WHERE strpos(payload::text, n.needle) > 0)`;
  const ids = candidates.filter((row) => namesAny(row.text, needles)).map((row) => row.id);
  if (ids.length > 0) await tx.outboxMessage.deleteMany({ where: { id: { in: ids } } });
}

/** What `/forgetme` kept, each without anything that leads back to the member: the summary they read. */
export interface KeptWithoutName {
  /** Approved experiences, now anonymous. */
  experiences: number;
  /** Named votes in closed polls, re-hashed (anonymous ones there lead to nobody already). */
  closedPollVotes: number;
  /** Submitted survey responses, without their free-text answers. */
  surveyResponses: number;
  pollsCreated: number;
  surveysCreated: number;
  meetingsChaired: number;
  /** Reports sent for a library (they stay with it) or about the member in a round about people. */
  roundSubmissions: number;
  /** Interviews the member gave and consented to publish anonymously: their words, without name or files. */
  interviews: number;
  /** Entries of the communities' activity log, without the actor. */
  auditEntries: number;
}

/** The member's anonymous ballot keys in these polls (BallotKeys.ballotsOf, bound to the member). */
export type AnonymousBallotsOf = (pollIds: readonly number[]) => Array<{ pollId: number; voter: string }>;

/**
 * Everything stored about one member, and its deletion. When a feature adds a table that names a
 * member, it adds it here too: a test lists the tables and checks each one is covered.
 */
export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  async collect(memberId: number) {
    const member = await this.db.member.findUnique({
      where: { id: memberId },
      include: {
        identities: {
          select: { platform: true, externalId: true, displayName: true, privateChatId: true, createdAt: true },
        },
        memberships: {
          select: {
            role: true,
            mappedRole: true,
            mappedRolePlatform: true,
            mappedRoleSeenAt: true,
            joinedAt: true,
            community: { select: { id: true, name: true } },
          },
        },
        committees: { select: { joinedAt: true, committee: { select: { id: true, name: true, communityId: true } } } },
        linkCodes: { select: { expiresAt: true, createdAt: true } },
      },
    });
    if (!member) return null;
    const conversationKeys = member.identities.map((i) => ({
      key: { endsWith: `:${i.externalId}`, startsWith: `${i.platform}:` },
    }));
    const [conversations, auditLog, pollVotes, surveyResponses, pollsCreated, surveysCreated] = await Promise.all([
      conversationKeys.length
        ? this.db.conversation.findMany({
            where: { OR: conversationKeys },
            select: { flow: true, step: true, data: true, expiresAt: true },
          })
        : [],
      this.db.auditLog.findMany({
        where: { actorMemberId: memberId },
        select: { action: true, details: true, createdAt: true, communityId: true },
        orderBy: { createdAt: 'asc' },
      }),
      // Named ballots only: an anonymous one carries no member id (its keyed hash is not theirs to read).
      this.db.pollVote.findMany({
        where: { memberId },
        select: {
          votedAt: true,
          platform: true,
          poll: { select: { id: true, question: true, communityId: true } },
          option: { select: { label: true } },
        },
        orderBy: { votedAt: 'asc' },
      }),
      this.db.surveyResponse.findMany({
        where: { memberId },
        select: {
          startedAt: true,
          submittedAt: true,
          survey: { select: { id: true, templateName: true, communityId: true } },
          answers: {
            select: {
              choices: true,
              scale: true,
              text: true,
              skipped: true,
              answeredAt: true,
              question: { select: { key: true } },
            },
          },
        },
      }),
      this.db.poll.findMany({
        where: { createdById: memberId },
        select: { id: true, question: true, createdAt: true },
      }),
      this.db.survey.findMany({
        where: { createdById: memberId },
        select: { id: true, templateName: true, createdAt: true },
      }),
    ]);
    const experiences = await collectExperienceData(this.db, memberId);
    const meetings = await collectMeetingData(this.db, memberId);
    const libraries = await collectLibraryData(this.db, memberId);
    const rounds = await collectRoundData(this.db, memberId);
    const interviews = await collectInterviewData(this.db, memberId);
    const minutes = await collectMinutesData(this.db, memberId);
    const actions = await collectActionData(this.db, memberId);
    const feeds = await collectFeedData(this.db, memberId);
    const dashboard = await collectDashboardData(this.db, memberId);
    return {
      member,
      conversations,
      auditLog,
      pollVotes,
      surveyResponses,
      pollsCreated,
      surveysCreated,
      ...experiences,
      ...meetings,
      ...libraries,
      ...rounds,
      ...interviews,
      ...minutes,
      ...actions,
      ...feeds,
      ...dashboard,
    };
  }

  /**
   * Deletes the member and what names them, in one transaction. The audit log keeps what happened
   * but no longer who did it; messages already queued to their private chats are dropped.
   */
  async forget(memberId: number, ballotsIn: AnonymousBallotsOf): Promise<KeptWithoutName> {
    return this.db.$transaction(async (tx) => {
      // First: a vote in flight locks this row FOR SHARE (ballot-repository.ts), so that it either
      // lands before and is withdrawn below, or waits and finds the member gone.
      await tx.$queryRaw`SELECT id FROM "Member" WHERE id = ${memberId} FOR UPDATE`;
      const identities = await tx.identity.findMany({
        where: { memberId },
        select: { platform: true, externalId: true, privateChatId: true, displayName: true },
      });
      await forgetQueuedMentions(tx, [
        ...identities.flatMap((i) => [i.displayName, i.externalId]),
        ...(await tx.member.findMany({ where: { id: memberId }, select: { displayName: true } })).map(
          (m) => m.displayName,
        ),
      ]);
      for (const identity of identities) {
        await tx.floodWindow.deleteMany({ where: { key: `${identity.platform}:${identity.externalId}` } });
        await tx.conversation.deleteMany({
          where: { key: { startsWith: `${identity.platform}:`, endsWith: `:${identity.externalId}` } },
        });
        if (identity.privateChatId) {
          // Every message to their private chat, sent or not: where it went names them.
          await tx.outboxMessage.deleteMany({ where: { platform: identity.platform, chatId: identity.privateChatId } });
          await tx.chat.deleteMany({
            where: { platform: identity.platform, externalId: identity.privateChatId, kind: 'private' },
          });
        }
      }
      // A named vote in an open poll is withdrawn; in a closed one (its result announced) it stays
      // counted with nothing left that leads back to the member: ballot key re-hashed with a random
      // nonce that is thrown away, no member, platform or time.
      await tx.$executeRaw`
        DELETE FROM "PollVote" v USING "Poll" p
        WHERE v."memberId" = ${memberId} AND p.id = v."pollId" AND p."closedAt" IS NULL`;
      // An anonymous ballot names no member: its key is recomputed for every open anonymous poll and
      // withdrawn, or the person, back as a new member, would vote a second time. (A closed poll's
      // anonymous ballots were re-hashed at its close: they lead to no one any more.)
      const openAnonymous = await tx.$queryRaw<Array<{ id: number }>>`
        SELECT id FROM "Poll" WHERE anonymous AND "closedAt" IS NULL`;
      const ballots = ballotsIn(openAnonymous.map((p) => p.id));
      if (ballots.length > 0) {
        await tx.$executeRaw`
          DELETE FROM "PollVote" v
          USING unnest(${ballots.map((b) => b.pollId)}::int[], ${ballots.map((b) => b.voter)}::text[]) AS b(poll_id, voter)
          WHERE v."pollId" = b.poll_id AND v.voter = b.voter`;
      }
      const closedPollVotes = await tx.$executeRaw`
        UPDATE "PollVote"
        SET voter = encode(sha256(convert_to(voter || ':' || "pollId" || ':' || ${randomBytes(32).toString('hex')}, 'UTF8')), 'hex'),
          "memberId" = NULL, platform = NULL, "votedAt" = NULL
        WHERE "memberId" = ${memberId}`;
      // Survey answers: an unfinished response goes; a submitted one stays in the counts without the
      // member, and its free-text answers (their own words, which may name them) are deleted.
      await tx.surveyResponse.deleteMany({ where: { memberId, submittedAt: null } });
      await tx.surveyAnswer.deleteMany({ where: { response: { memberId }, text: { not: null } } });
      const surveyResponses = (await tx.surveyResponse.updateMany({ where: { memberId }, data: { memberId: null } }))
        .count;
      const { count: auditEntries } = await tx.auditLog.updateMany({
        where: { actorMemberId: memberId },
        data: { actorMemberId: null },
      });
      // Identities, memberships, committee places and link codes go with the member (ON DELETE CASCADE);
      // the polls and surveys they opened stay, without their name (ON DELETE SET NULL).
      // Before the experiences are counted: an interview withdrawn here takes its experience with it.
      const interviews = await forgetInterviewData(tx, memberId);
      // What stays without them, counted before it loses their name (for the summary they read).
      const [experiences, pollsCreated, surveysCreated, meetingsChaired] = await Promise.all([
        tx.experience.count({ where: { authorId: memberId, status: 'approved' } }),
        tx.poll.count({ where: { createdById: memberId } }),
        tx.survey.count({ where: { createdById: memberId } }),
        tx.meeting.count({ where: { chairId: memberId } }),
      ]);
      await forgetExperienceData(tx, memberId);
      await forgetMeetingData(tx, memberId);
      await forgetMinutesData(tx, memberId);
      await forgetActionData(tx, memberId);
      const roundSubmissions = await forgetRoundData(tx, memberId);
      await tx.member.delete({ where: { id: memberId } });
      return {
        experiences,
        closedPollVotes,
        surveyResponses,
        pollsCreated,
        surveysCreated,
        meetingsChaired,
        roundSubmissions,
        interviews,
        auditEntries,
      };
    });
  }
}
