import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';

/** What polls and surveys need of the outbox: post to any chat, and learn what a post became (to edit it). */
export interface Messenger {
  enqueue(target: OutboundTarget, message: OutboundMessage): Promise<number>;
  sentMessageId(outboxId: number): Promise<string | null>;
}
