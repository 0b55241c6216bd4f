import { randomBytes } from 'node:crypto';
import { UserError } from '../../core/errors.ts';
import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { Logger } from '../../logger.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import type { AudienceRepository } from '../ballots/audience-repository.ts';
import { anonymousBallot, namedBallot, processBallotKeys, type BallotKeys } from './ballot-key.ts';
import { renderBarChartPng } from '../ballots/chart-renderer.ts';
import type { Messenger } from '../ballots/messenger.ts';
import type { NudgeOutcome } from '../ballots/nudge-sender.ts';
import type { OutboxRow } from '../../db/stores/outbox-rows.ts';
import { pollChartSpec } from './poll-chart.ts';
import { localizedClock } from '../archives/csv-clock.ts';
import { pollCsv } from './poll-csv.ts';
import { detectPollLanguage } from './poll-language.ts';
import type { PollDraft } from './poll-options-parser.ts';
import type { PollRepository, PollRow } from './poll-repository.ts';
import { checkPollContent } from './poll-rules.ts';
import { pollMessageText, resultsText, voteButtons } from './poll-text.ts';
import { computeTally, type Tally } from '../ballots/tally.ts';
import { asLanguage, chartFile, closesText, communityLanguage, formatFor } from './poll-format.ts';
import { LiveTally } from './poll-live-tally.ts';
import { OptionFactsCache, type OptionFacts } from './option-facts.ts';

/**
 * The automatic reminder goes out this long before the deadline (half the poll's time when that is
 * shorter). A code-level default until the configuration has a place for it.
 */
export const AUTO_NUDGE_BEFORE_MS = 24 * 3600_000;
/** Polls shorter than this get no automatic reminder: it would arrive right after the poll itself. */
const MIN_AUTO_NUDGE_SPAN_MS = 20 * 60_000;
/** How long an instance has to post a closed poll's result before another one takes over. */
const ANNOUNCE_LEASE_MS = 2 * 60_000;

/**
 * The outbox, as polls use it: besides posting, it is told of the nudges written for its passes (the
 * Outbox is; without `handOver`, its next pass finds them all the same, within its poll interval).
 */
export interface PollMessenger extends Messenger {
  handOver?(count: number): void;
}

export interface PostTarget extends OutboundTarget {
  threadId?: string;
}

export interface CreatePollInput {
  communityId: number;
  memberId: number;
  chairLanguage: Language;
  draft: PollDraft;
  closesAt: Date | null;
  /** The chat the command came from, when it is a group of the community. */
  here: PostTarget | null;
  /** The committee the poll is for (looked up from the draft's name by the caller); null: everyone. */
  committeeId: number | null;
  now: Date;
}

export interface VoteInput {
  optionId: number;
  memberId: number;
  platform: string;
  /** The community of the chat the button was pressed in (a group's), or null in a private chat. */
  groupCommunityId: number | null;
  now: Date;
}

export interface VoteOutcome {
  pollId: number;
  anonymous: boolean;
  multi: boolean;
  hidden: boolean;
  change: 'chosen' | 'added' | 'removed';
  /** The voter's choices after the press (named polls only: an anonymous confirmation names none). */
  choices: string[];
  /** The voter's private chat on the platform they pressed on, where the confirmation goes. */
  privateChatId: string | null;
}

export interface PollResults {
  poll: PollRow;
  tally: Tally;
  audience: number;
  chart: Buffer | null;
}

/** Rules of polls: who may vote on what, closing once, live tallies within limits, results, nudges. */
export class PollService {
  private ballotKey: Promise<string> | undefined;
  private readonly optionFacts = new OptionFactsCache();
  private readonly live: LiveTally;

  constructor(
    private readonly repo: PollRepository,
    private readonly audience: AudienceRepository,
    private readonly messenger: PollMessenger,
    private readonly translator: Translator,
    private readonly logger: Logger,
    /** From the instance secret (main.ts); a process-wide random one in tests. */
    private readonly keys: BallotKeys = processBallotKeys(),
  ) {
    this.live = new LiveTally(repo, messenger, translator, logger);
  }

  async create(input: CreatePollInput): Promise<{ poll: PollRow; chats: number }> {
    const { draft } = input;
    const targets = await this.targetsFor(input);
    const platforms = targets.map((t) => t.platform);
    const problem = checkPollContent(draft.question, draft.options, platforms);
    if (problem) throw new UserError(problem.key, problem.params);
    const poll = await this.repo.createPoll({
      communityId: input.communityId,
      createdById: input.memberId,
      question: draft.question,
      language: detectPollLanguage([draft.question, ...draft.options], input.chairLanguage),
      options: draft.options,
      multi: draft.multi,
      anonymous: draft.anonymous,
      hideResults: draft.hideResults,
      everywhere: draft.everywhere,
      committeeId: input.committeeId,
      closesAt: input.closesAt,
      nudgeAt: autoNudgeAt(input.now, input.closesAt),
    });
    const empty = computeTally(poll.options, new Map(), 0, poll.multi);
    for (const target of targets) await this.post(poll, empty, target);
    return { poll, chats: targets.length };
  }

  private async targetsFor(input: CreatePollInput): Promise<PostTarget[]> {
    if (!input.draft.everywhere) {
      if (!input.here) throw new UserError('poll.error.where');
      return [input.here];
    }
    const groups = await this.repo.groupChats(input.communityId);
    const chats = groups.map((c) => ({ platform: c.platform, chatId: c.externalId }));
    if (chats.length === 0) throw new UserError('poll.error.no-chats');
    // The thread the chair wrote in, for the copy in their own chat.
    return chats.map((c) =>
      input.here && c.platform === input.here.platform && c.chatId === input.here.chatId ? input.here : c,
    );
  }

  private async post(poll: PollRow, tally: Tally, target: PostTarget): Promise<void> {
    const language = communityLanguage(poll);
    const text = pollMessageText(this.t(language), poll, tally, formatFor(poll, language));
    const message: OutboundMessage = { text, buttons: voteButtons(poll) };
    if (target.threadId) message.threadId = target.threadId;
    const outboxId = await this.messenger.enqueue({ platform: target.platform, chatId: target.chatId }, message);
    await this.repo.addMessage({
      pollId: poll.id,
      platform: target.platform,
      chatId: target.chatId,
      threadId: target.threadId ?? null,
      language,
      outboxId,
      shownText: text,
    });
  }

  /**
   * A press on an option's button: one statement when the option was pressed before (its facts are
   * remembered). Every id is checked against the presser's community first.
   */
  async vote(input: VoteInput): Promise<VoteOutcome> {
    const cached = this.optionFacts.get(input.optionId);
    const outcome = cached ? await this.cast(cached, input) : null;
    if (outcome) return outcome;
    // Not remembered, or refused under what was remembered: read the facts, then try once more.
    if (cached) this.optionFacts.forget(input.optionId);
    const facts = await this.repo.ballots.optionFacts(input.optionId);
    if (!facts) throw new UserError('poll.error.unknown-button');
    this.optionFacts.set(facts);
    const fresh = await this.cast(facts, input);
    if (!fresh) throw new UserError('poll.error.unknown-button');
    return fresh;
  }

  /**
   * The vote under these facts; null, with nothing written, when they do not allow it or the database
   * does not bear them out (remembered facts are read again before a press is refused for them).
   */
  private async cast(facts: OptionFacts, input: VoteInput): Promise<VoteOutcome | null> {
    // In a group, the poll must be its community's; in a private chat (a reminder), the presser's.
    if (input.groupCommunityId !== null && input.groupCommunityId !== facts.communityId) return null;
    const voter = facts.anonymous
      ? anonymousBallot(await this.key(), facts.pollId, input.memberId)
      : namedBallot(input.memberId);
    const result = await this.repo.ballots.cast({
      facts,
      voter,
      presserId: input.memberId,
      platform: input.platform,
      checkMembership: input.groupCommunityId === null,
      // An anonymous ballot keeps no member, platform or time: any of them could single the voter out.
      stored: facts.anonymous ? null : { memberId: input.memberId, platform: input.platform, votedAt: input.now },
    });
    const { outcome } = result;
    if (outcome === 'gone') return null;
    if (outcome === 'refused') throw new UserError('poll.error.unknown-button');
    if (outcome === 'closed') throw new UserError('poll.error.closed', { id: String(facts.pollId) });
    if (outcome === 'outsider') {
      const name = (await this.repo.committeeName(facts.pollId)) ?? '';
      throw new UserError('poll.error.committee-only', { name });
    }
    if (!facts.hideResults) this.live.markDirty(facts.pollId);
    return {
      pollId: facts.pollId,
      anonymous: facts.anonymous,
      multi: facts.multi,
      hidden: facts.hideResults,
      change: outcome,
      choices: facts.anonymous ? [] : facts.multi ? result.choices : [facts.label],
      privateChatId: result.privateChatId,
    };
  }

  /** Whether the poll has a message in this chat (its result is posted there at close). */
  async isShownIn(pollId: number, chat: OutboundTarget): Promise<boolean> {
    const messages = await this.repo.messages(pollId);
    return messages.some((m) => m.platform === chat.platform && m.chatId === chat.chatId);
  }

  /** The poll with this short id in this community (another community's is as good as missing). */
  async find(pollId: number, communityId: number): Promise<PollRow | null> {
    const poll = await this.repo.findPoll(pollId);
    return poll && poll.communityId === communityId ? poll : null;
  }

  /** Polls to suggest while a chair types an id or words of the question: open ones first. */
  search(communityId: number, text: string, take: number) {
    return this.repo.search(communityId, text, take);
  }

  async tally(poll: PollRow): Promise<Tally> {
    const { counts, voters } = await this.repo.counts(poll.id);
    return computeTally(poll.options, counts, voters, poll.multi);
  }

  /**
   * Results, with the chart labelled in `chartLanguage` (the language of whoever reads it, as the
   * text beside it); null for no chart: a hidden poll shown where members see it.
   */
  async results(poll: PollRow, chartLanguage: Language | null): Promise<PollResults> {
    const [tally, audience] = await Promise.all([
      this.tally(poll),
      this.repo.countMembers(poll.communityId, poll.committee?.id ?? null),
    ]);
    const chart = chartLanguage ? await this.chart(poll, tally, audience, chartLanguage) : null;
    return { poll, tally, audience, chart };
  }

  async chart(poll: PollRow, tally: Tally, audience: number, language: Language): Promise<Buffer> {
    return renderBarChartPng(pollChartSpec(this.t(language), language, poll, tally, audience));
  }

  async exportCsv(poll: PollRow, t: Translate) {
    const clock = localizedClock(poll.community, t);
    return pollCsv(t, poll.id, poll.anonymous, await this.repo.exportRows(poll.id), clock);
  }

  /** Closes a poll by a chair's word and posts its result; refused when it is closed already. */
  async close(poll: PollRow, actorId: number, now: Date): Promise<void> {
    if (poll.closedAt || !(await this.repo.claimClose(poll.id, now, ANNOUNCE_LEASE_MS))) {
      throw new UserError('poll.error.already-closed', { id: String(poll.id) });
    }
    await this.repo.audit(poll.communityId, actorId, 'poll.close', { pollId: poll.id });
    await this.announce(poll.id, now);
  }

  /** Closes the polls whose deadline has passed (and posts results a dead instance left unposted). */
  async closeDue(now: Date): Promise<number> {
    const due = await this.repo.claimDueClosings(now, ANNOUNCE_LEASE_MS, 20);
    for (const { id } of due) {
      try {
        await this.announce(id, now);
      } catch (error) {
        this.logger.error({ err: error, pollId: id }, 'could not post a closed poll; retried after the lease');
      }
    }
    return due.length;
  }

  /**
   * The end of a poll: anonymous ballots re-keyed beyond linking, each poll message edited to the
   * final tally without buttons, and the result with its chart posted in each of the poll's chats.
   */
  private async announce(pollId: number, now: Date): Promise<void> {
    const poll = await this.repo.findPoll(pollId);
    if (!poll) return;
    if (poll.anonymous) await this.repo.rekeyAnonymousBallots(poll.id, randomBytes(32).toString('hex'));
    const { tally, audience } = await this.results(poll, null);
    const messages = await this.repo.messages(poll.id);
    const chats = new Map<string, (typeof messages)[number]>();
    for (const message of messages) {
      const language = asLanguage(message.language);
      const text = pollMessageText(this.t(language), poll, tally, formatFor(poll, language));
      const platformId = await this.messenger.sentMessageId(message.outboxId);
      if (platformId && text !== message.shownText) {
        await this.messenger.enqueue(
          { platform: message.platform, chatId: message.chatId },
          { text, buttons: [], replaceMessageId: platformId },
        );
        await this.repo.recordShown(message.id, text, now);
      }
      chats.set(`${message.platform}:${message.chatId}`, message);
    }
    // Each chat's chart in the language its message is written in, drawn once per language.
    const charts = new Map<Language, Buffer>();
    for (const message of chats.values()) {
      const language = asLanguage(message.language);
      const chart = charts.get(language) ?? (await this.chart(poll, tally, audience, language));
      charts.set(language, chart);
      const text = resultsText(this.t(language), poll, tally, audience, formatFor(poll, language), {
        showCounts: true,
        final: true,
      });
      const final: OutboundMessage = { text, file: chartFile(poll.id, chart) };
      if (message.threadId) final.threadId = message.threadId;
      await this.messenger.enqueue({ platform: message.platform, chatId: message.chatId }, final);
    }
    await this.repo.markAnnounced(poll.id, now);
  }

  /**
   * Reminds, privately, the members who have not voted (of the poll's committee, when it is for one);
   * counts those it cannot reach.
   */
  async nudge(poll: PollRow): Promise<NudgeOutcome> {
    if (poll.closedAt) throw new UserError('poll.error.closed', { id: String(poll.id) });
    const audience = { id: poll.id, communityId: poll.communityId, committeeId: poll.committee?.id ?? null };
    // A named poll's ballots are member ids: the database leaves its voters out. An anonymous one's are
    // keyed hashes, told apart here.
    const members = await this.repo.nudgeAudience(audience, !poll.anonymous);
    const pending = poll.anonymous ? await this.withoutAnonymousVoters(poll.id, members) : members;
    // One message per language, not per member: thousands of members read the same few words.
    const rendered = new Map<Language, OutboundMessage>();
    const rows: OutboxRow[] = [];
    let unreachable = 0;
    for (const member of pending) {
      if (member.platform === null || member.chatId === null) {
        unreachable += 1;
        continue;
      }
      const language = asLanguage(member.language ?? poll.community.language);
      const message = rendered.get(language) ?? this.nudgeMessage(poll, language);
      rendered.set(language, message);
      rows.push({ platform: member.platform, chatId: member.chatId, message });
    }
    // Written together and sent by the outbox's passes, a batch at a time: a big community's nudge is
    // neither thousands of commits one after another nor thousands of sends held in memory at once.
    await this.repo.enqueueNudges(rows);
    this.messenger.handOver?.(rows.length);
    return { nudged: rows.length, unreachable };
  }

  private async withoutAnonymousVoters<M extends { memberId: number }>(pollId: number, members: M[]): Promise<M[]> {
    const [voters, key] = await Promise.all([this.repo.voters(pollId), this.key()]);
    return members.filter((m) => !voters.has(anonymousBallot(key, pollId, m.memberId)));
  }

  private nudgeMessage(poll: PollRow, language: Language): OutboundMessage {
    const t = this.t(language);
    const lines = [t('poll.nudge', { id: String(poll.id), question: poll.question })];
    if (poll.closesAt) lines.push(t('poll.closes-at', { when: closesText(poll, language) }));
    return { text: lines.join('\n'), buttons: voteButtons(poll) };
  }

  /** The automatic reminders that are due; the chair who made each poll is told what happened. */
  async nudgeDue(now: Date): Promise<number> {
    const due = await this.repo.claimDueNudges(now, 20);
    for (const { id } of due) {
      const poll = await this.repo.findPoll(id);
      if (!poll) continue;
      const outcome = await this.nudge(poll);
      await this.repo.audit(poll.communityId, null, 'poll.auto-nudge', { pollId: id, ...outcome });
      if (poll.createdById === null) continue;
      const chair = (await this.audience.members(poll.communityId)).find((m) => m.memberId === poll.createdById);
      if (!chair?.privateChat) continue;
      const language = asLanguage(chair.language ?? poll.community.language);
      await this.messenger.enqueue(chair.privateChat, {
        text: this.t(language)('poll.auto-nudged', { id: String(id), ...outcome }),
      });
    }
    return due.length;
  }

  /** Shows the latest tallies of the polls voted on since the last flush, within the edit interval. */
  flushTallies(now: Date): Promise<void> {
    return this.live.flush(now);
  }

  /** Every open live poll brought up to date: what another instance or a crash left behind. */
  sweepTallies(now: Date): Promise<void> {
    return this.live.sweep(now);
  }

  /**
   * Settles the database on this instance's ballot keys (re-keying what the stored key of before made):
   * run at start, so that a wrong secret stops the start and no vote or /forgetme meets old ballots.
   */
  async prepareBallotKeys(): Promise<void> {
    await this.key();
  }

  private key(): Promise<string> {
    this.ballotKey ??= this.repo.adoptBallotKeys(this.keys).then(
      () => this.keys.key,
      (error: unknown) => {
        this.ballotKey = undefined;
        throw error;
      },
    );
    return this.ballotKey;
  }

  private t(language: Language): Translate {
    return this.translator.forLanguage(language);
  }
}

function autoNudgeAt(now: Date, closesAt: Date | null): Date | null {
  if (!closesAt) return null;
  const span = closesAt.getTime() - now.getTime();
  if (span < MIN_AUTO_NUDGE_SPAN_MS) return null;
  return new Date(closesAt.getTime() - Math.min(AUTO_NUDGE_BEFORE_MS, span / 2));
}
