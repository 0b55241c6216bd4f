import type { OutboundMessage } from '../../core/event.ts';
import type { Logger } from '../../logger.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { Messenger } from '../ballots/messenger.ts';
import { asLanguage, formatFor } from './poll-format.ts';
import type { PollRepository } from './poll-repository.ts';
import { pollMessageText, voteButtons } from './poll-text.ts';
import { computeTally } from '../ballots/tally.ts';

/**
 * At most one edit of a poll message this often: Telegram counts edits against a group's 20 messages
 * a minute, and a busy poll would spend them all. Votes in between are coalesced into the next edit.
 */
export const TALLY_EDIT_INTERVAL_MS = 5_000;

/**
 * The live tally on a poll's messages. A vote only marks its poll; a scheduler job flushes the marks
 * into edits, each message edited at most once per interval (the right to edit is taken in the
 * database, so several instances share the limit). An edit that has to wait stays marked, so the
 * latest tally always ends up shown; a slower sweep covers what a crash or another instance left.
 */
export class LiveTally {
  /** Polls with votes not yet shown on their messages (this instance's; the sweep covers the others). */
  private readonly dirty = new Set<number>();

  constructor(
    private readonly repo: PollRepository,
    private readonly messenger: Messenger,
    private readonly translator: Translator,
    private readonly logger: Logger,
  ) {}

  markDirty(pollId: number): void {
    this.dirty.add(pollId);
  }

  /** Shows the latest tallies of the polls voted on since the last flush, within the edit interval. */
  async flush(now: Date): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      try {
        if (!(await this.refreshLive(id, now))) this.dirty.add(id);
      } catch (error) {
        this.dirty.add(id);
        this.logger.warn({ err: error, pollId: id }, 'live tally not updated; will retry');
      }
    }
  }

  /** Every open live poll brought up to date: what another instance or a crash left behind. */
  async sweep(now: Date): Promise<void> {
    for (const id of await this.repo.openLivePollIds()) {
      if (!(await this.refreshLive(id, now))) this.dirty.add(id);
    }
  }

  /** True when every message of the poll shows its tally now; false when an edit has to wait. */
  private async refreshLive(pollId: number, now: Date): Promise<boolean> {
    const poll = await this.repo.findPoll(pollId);
    if (!poll || poll.closedAt || poll.hideResults) return true;
    const [{ counts, voters }, messages] = await Promise.all([this.repo.counts(poll.id), this.repo.messages(pollId)]);
    const tally = computeTally(poll.options, counts, voters, poll.multi);
    let done = true;
    for (const message of messages) {
      const language = asLanguage(message.language);
      const text = pollMessageText(this.t(language), poll, tally, formatFor(poll, language));
      if (text === message.shownText) continue;
      // The poll's own post may still be on its way; it can be edited once the platform has it.
      const platformId = await this.messenger.sentMessageId(message.outboxId);
      if (!platformId || !(await this.repo.claimEdit(message.id, text, now, TALLY_EDIT_INTERVAL_MS))) {
        done = false;
        continue;
      }
      const edit: OutboundMessage = { text, buttons: voteButtons(poll), replaceMessageId: platformId };
      if (message.threadId) edit.threadId = message.threadId;
      await this.messenger.enqueue({ platform: message.platform, chatId: message.chatId }, edit);
    }
    return done;
  }

  private t(language: Language) {
    return this.translator.forLanguage(language);
  }
}
