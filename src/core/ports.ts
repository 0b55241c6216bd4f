import type { Actor, ChatRef, InboundEvent, OutboundMessage, OutboundTarget } from './event.ts';
import type { Role } from './roles.ts';
import type { Viewer } from './command.ts';
import type { Language } from '../i18n/languages.ts';
import type { CalendarName } from '../i18n/when-parser.ts';

/**
 * What the core needs from storage, as interfaces: the core knows no Prisma. Implementations live in
 * `src/db/stores/` and the features' repositories.
 */

export interface CommunityView {
  id: number;
  name: string;
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

/** The person behind an event, resolved (and registered on first contact) for every event. */
export interface MemberView {
  id: number;
  displayName: string;
  /** Personal settings; null means "the community's". */
  language: Language | null;
  timeZone: string | null;
  calendar: CalendarName | null;
}

export interface ResolvedActor {
  member: MemberView;
  /** The community the event acts on: the chat's, or in a private chat the member's active one. */
  community: CommunityView | null;
  /**
   * The member's role in that community: only the community gives it (`/setup new`, `/role`, mapped
   * platform roles), never the platform's word that they administer the chat.
   */
  role: Role | null;
  /** Whether this chat is bound to `community` (false in private chats and unbound groups). */
  chatBound: boolean;
  /** The private chat with this person on this platform, once they opened one; null: cannot DM them. */
  privateChatId: string | null;
}

export interface ActorResolver {
  resolve(actor: Actor, chat: ChatRef): Promise<ResolvedActor>;
  /** Who is typing a command, for its suggestions: read only, nothing registered. */
  view(actor: Actor, chat: ChatRef): Promise<Viewer>;
}

export interface GateDecision {
  /** False for a redelivery of an event already handled. */
  firstTime: boolean;
  /** Events from this sender in the current window, this one included. */
  eventsInWindow: number;
}

/** Runs before every event: drops redeliveries and counts each sender's events per window. */
export interface EventGate {
  admit(platform: string, eventId: string, senderKey: string, windowStart: Date): Promise<GateDecision>;
}

export interface ConversationState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /** The member's language, to tell them in it when the flow expires unseen. */
  language: Language;
  expiresAt: Date;
}

export interface ConversationStore {
  get(key: string): Promise<ConversationState | null>;
  set(key: string, state: ConversationState): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes and returns the conversations that expired before `now`, to tell their owners. */
  takeExpired(now: Date, limit: number): Promise<Array<{ key: string; state: ConversationState }>>;
}

export interface QueuedMessage {
  id: number;
  target: OutboundTarget;
  message: OutboundMessage;
  attempts: number;
  /**
   * When a send of it first failed for a passing reason (null: never). A message that keeps failing is
   * given up by how long it has been failing, not by a count of tries, nor by how long it waited in the
   * queue (a bot that was down for a day still sends what was queued meanwhile).
   */
  firstFailedAt: Date | null;
}

export interface OutboxStore {
  /** Stores a message; with `claimForMs` it is claimed at once by the caller, who sends it right away. */
  enqueue(target: OutboundTarget, message: OutboundMessage, claimForMs?: number): Promise<number>;
  /**
   * Claims up to `limit` due messages of these platforms for `leaseMs`; a claim by one dispatcher hides
   * them from others. Messages whose delivery had begun (see `markDelivering`) are never claimed again.
   */
  claimDue(platforms: readonly string[], now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]>;
  /** The platform call that may deliver this message is about to be made. */
  markDelivering(id: number, at: Date): Promise<void>;
  /**
   * Moves the leases of pending messages this dispatcher still holds to `until`: a lease says the
   * holder is alive, not how long a send may take (a long broadcast waits in the rate limits).
   */
  extendClaims(ids: readonly number[], until: Date): Promise<void>;
  /**
   * Messages whose delivery had begun when their dispatcher died (lease expired, outcome unknown):
   * marked failed as in doubt, and returned for the log.
   */
  settleInDoubt(platforms: readonly string[], now: Date): Promise<Array<{ id: number; target: OutboundTarget }>>;
  /**
   * Pending edits (`replaceMessageId`) not in flight, of a platform message that has a newer pending
   * edit: marked done, since the newer edit carries the latest content. Returns how many.
   */
  supersedeEdits(platforms: readonly string[], now: Date): Promise<number>;
  /** Drops every claim: only when no other process can be using this database (the embedded one). */
  releaseClaims(): Promise<number>;
  markSent(id: number, at: Date, platformMessageId?: string): Promise<void>;
  /**
   * Deletes rows of messages sent before `before` (they only say when and where something went) and of
   * failed ones queued before it (their text, which may name members, goes with them).
   */
  forgetFinishedBefore(before: Date): Promise<number>;
  /** The platform's id of the message an outbox row became, once it was sent. */
  sentMessageId(id: number): Promise<string | null>;
  retryLater(id: number, at: Date, error: string, firstFailedAt: Date): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** The platform refused this chat for good (bot blocked, chat deleted): chairs see it, nothing retries. */
  markUnreachable(target: OutboundTarget, reason: string): Promise<void>;
  /** Messages not yet sent (pending, whatever their lease): used to drain before a clean stop. */
  countUnsent(platforms: readonly string[]): Promise<number>;
}

export type { InboundEvent };
