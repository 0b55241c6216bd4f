import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { Logger } from '../../logger.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { BallotKeys } from './ballot-key.ts';

/** What polls and surveys need of the outbox: post to any chat, and learn what a post became (to edit it). */
export interface Messenger {
  enqueue(target: OutboundTarget, message: OutboundMessage): Promise<number>;
  sentMessageId(outboxId: number): Promise<string | null>;
}

/** The parts of the core that services which post on their own (jobs, other chats) are built with. */
export interface FeatureCore {
  outbox: Messenger;
  translator: Translator;
  logger: Logger;
  /** The keys of anonymous ballots, from the instance secret; unset: random for this process (tests). */
  ballotKeys?: BallotKeys;
}
