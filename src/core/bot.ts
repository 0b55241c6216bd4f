import type { Logger } from '../logger.ts';
import type { Translator } from '../i18n/translator.ts';
import type { InboundEvent } from './event.ts';
import type { ActorResolver, ConversationStore, EventGate, GateDecision } from './ports.ts';
import type { Outbox } from './outbox.ts';
import type { Router } from './router.ts';
import { Context } from './context.ts';
import { isUserError, quotableParams } from './errors.ts';
import { withStorableText } from './inbound-text.ts';
import { pause } from './pause.ts';
import type { Suggestion } from './command.ts';
import { suggestionsFor, type SuggestionRequest } from './suggestions.ts';

/**
 * Button presses are answered up to this many times the command limit in a minute: answering a report
 * or an interview is a press every few seconds (choices, toggles of a multiple choice, Skip, Done),
 * which a person does, while twenty typed commands a minute is already faster than one types.
 */
export const BUTTON_PRESS_ALLOWANCE = 4;

export interface BotParts<S> {
  router: Router<S>;
  services: S;
  resolver: ActorResolver;
  gate: EventGate;
  /** More events than this from one person in a minute are slowed down: one notice, then silence. */
  floodLimitPerMinute: number;
  /** Platforms whose every sender is trusted (the local console, where a script may pipe many lines). */
  unlimitedPlatforms?: ReadonlySet<string>;
  conversations: ConversationStore;
  outbox: Outbox;
  translator: Translator;
  logger: Logger;
  /**
   * True when an error says the database is out of reach (the event is tried again until it is back);
   * any other error while admitting an event is a bug to answer with an apology, not to retry forever
   * (a retry that can never succeed would hold up the platform's updates behind it). Unset: every error
   * is taken for an outage.
   */
  isDatabaseUnavailable?: (error: unknown) => boolean;
}

/**
 * The one entry point for inbound events from every adapter: drop redeliveries, resolve who and where,
 * route, and stand as the error boundary. A UserError becomes its message in the member's language;
 * anything else is logged with the event and answered with a short apology.
 */
export class Bot<S> {
  private readonly retries = new AbortController();

  constructor(private readonly parts: BotParts<S>) {}

  get router(): Router<S> {
    return this.parts.router;
  }

  /** Suggestions while a member types a command's argument (Discord's autocomplete); see `suggestions.ts`. */
  suggest(request: SuggestionRequest): Promise<Suggestion[]> {
    return suggestionsFor(this.parts, request);
  }

  /**
   * Handles one event. When it cannot even be admitted (the database is out of reach), nothing of it
   * was recorded: it is tried again, with growing pauses, until it goes through or `stopRetrying()`;
   * meanwhile the adapter confirms nothing to its platform, which keeps the update (and the ones after it).
   */
  handle = async (received: InboundEvent): Promise<void> => {
    const event = withStorableText(received);
    const admission: Admission = { gateOutcomeUnknown: false };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handleOnce(event, admission);
      } catch (error) {
        if (!(error instanceof EventNotAdmittedError) || this.retries.signal.aborted) throw error;
        const delayMs = Math.min(MAX_ADMIT_RETRY_MS, 250 * 2 ** (attempt - 1));
        this.parts.logger.warn(
          { err: error.cause, event: describeEvent(event), attempt, delayMs },
          'event not admitted (database unreachable?); trying again',
        );
        await pause(delayMs, this.retries.signal);
      }
    }
  };

  /** Ends the retries of events waiting for the database: a stopping process leaves them unhandled. */
  stopRetrying(): void {
    this.retries.abort();
  }

  private async handleOnce(event: InboundEvent, admission: Admission): Promise<void> {
    const { router, services, logger, floodLimitPerMinute } = this.parts;
    let ctx: Context<S> | undefined;
    try {
      const { resolved, decision } = await this.admit(event, admission);
      if (!decision.firstTime) {
        logger.debug({ eventId: event.id, platform: event.chat.platform }, 'redelivered event ignored');
        return;
      }
      ctx = new Context(event, resolved, services, this.parts);
      const limit = floodLimitPerMinute * (event.payload.type === 'action' ? BUTTON_PRESS_ALLOWANCE : 1);
      if (decision.eventsInWindow > limit && !this.parts.unlimitedPlatforms?.has(event.chat.platform)) {
        // Faster than a person types: one polite notice, then no answers until the minute is over.
        logger.info({ user: event.actor.userId, platform: event.actor.platform }, 'flood: events slowed down');
        if (decision.eventsInWindow === limit + 1) await ctx.reply('error.slow-down');
        return;
      }
      await router.handle(ctx);
    } catch (error) {
      if (error instanceof EventNotAdmittedError) throw error;
      await this.answerError(event, ctx, error);
    }
  }

  /**
   * Resolves the sender, then records the event with the gate: recording is the last step, so an event
   * whose sender could not be resolved is not marked as seen — a retry, or the platform's redelivery
   * after a stop, still handles it. (Resolving a redelivered event again only repeats idempotent upserts.)
   */
  private async admit(event: InboundEvent, admission: Admission) {
    const { gate, resolver } = this.parts;
    const resolved = await resolver.resolve(event.actor, event.chat).catch((error: unknown) => {
      throw this.notAdmitted(error);
    });
    let decision: GateDecision;
    try {
      decision = await gate.admit(
        event.chat.platform,
        event.id,
        `${event.actor.platform}:${event.actor.userId}`,
        minuteOf(event.receivedAt),
      );
    } catch (error) {
      // The gate may have committed and only its answer was lost (a connection cut at that moment): a
      // "seen before" on the next attempt may then be this very attempt's record.
      admission.gateOutcomeUnknown = true;
      throw this.notAdmitted(error);
    }
    if (!decision.firstTime && admission.gateOutcomeUnknown) decision = { ...decision, firstTime: true };
    return { resolved, decision };
  }

  /** An outage is tried again (EventNotAdmittedError); anything else is answered as a failed handler. */
  private notAdmitted(error: unknown): unknown {
    const unavailable = this.parts.isDatabaseUnavailable?.(error) ?? true;
    return unavailable ? new EventNotAdmittedError(error) : error;
  }

  private async answerError(event: InboundEvent, ctx: Context<S> | undefined, error: unknown): Promise<void> {
    const { logger, outbox, translator } = this.parts;
    try {
      if (ctx && isUserError(error)) return await ctx.reply(error.key, quotableParams(error.params), error.options);
      logger.error({ err: error, event: describeEvent(event) }, 'handler failed');
      const text = ctx ? ctx.t('error.unexpected') : translator.t('en', 'error.unexpected');
      const threadId = event.chat.threadId;
      await outbox.enqueue(
        { platform: event.chat.platform, chatId: event.chat.chatId },
        threadId ? { text, threadId } : { text },
      );
    } catch (secondError) {
      logger.error({ err: secondError, event: describeEvent(event) }, 'could not even apologise');
    }
  }
}

/** What one `handle` call learnt about its event across its attempts to admit it. */
interface Admission {
  gateOutcomeUnknown: boolean;
}

/** Pauses between attempts to admit an event grow to this (a database restart takes seconds). */
const MAX_ADMIT_RETRY_MS = 5_000;

/** The event could not be recorded or its sender resolved: the database, not the event, is at fault. */
class EventNotAdmittedError extends Error {
  constructor(cause: unknown) {
    super('event not admitted', { cause });
    this.name = 'EventNotAdmittedError';
  }
}

function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/** What a log line may say about an event: ids and the command, not the member's text. */
function describeEvent(event: InboundEvent): Record<string, unknown> {
  const { payload } = event;
  return {
    id: event.id,
    platform: event.chat.platform,
    chat: event.chat.chatId,
    user: event.actor.userId,
    type: payload.type,
    ...(payload.type === 'command' ? { command: payload.name } : {}),
    ...(payload.type === 'action' ? { action: payload.action } : {}),
  };
}
