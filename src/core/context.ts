import type { Translator, Translate, MessageParams } from '../i18n/translator.ts';
import { DEFAULT_LANGUAGE, languageFromHint, type Language } from '../i18n/languages.ts';
import type { CalendarName } from '../i18n/when-parser.ts';
import type { Button, InboundEvent, OutboundMessage, OutboundTarget } from './event.ts';
import type { ConversationStore, ConversationState, CommunityView, MemberView, ResolvedActor } from './ports.ts';
import type { Outbox } from './outbox.ts';
import type { Role } from './roles.ts';
import { UserError } from './errors.ts';

/** A button described by a locale key: rendered in the member's language when the reply is built. */
export interface ButtonSpec {
  labelKey?: string;
  labelParams?: MessageParams;
  /** A literal label (a committee name, a time zone) when no translation applies. */
  label?: string;
  action: string;
  data?: string;
}

export interface ReplyOptions {
  buttons?: ButtonSpec[][];
  file?: OutboundMessage['file'];
  /** A command to run in the bot's private chat: the reply links there (see `PrivateChatLink`). */
  openPrivateChat?: string;
  /** Shown to the sender alone where the platform can (see `OutboundMessage.onlyToSender`). */
  onlyToSender?: boolean;
}

/** What every handler gets: the event, who sent it, their community and role, t(), reply(). */
export class Context<Services = unknown> {
  readonly language: Language;
  readonly t: Translate;

  constructor(
    readonly event: InboundEvent,
    private resolved: ResolvedActor,
    readonly services: Services,
    private readonly core: { translator: Translator; outbox: Outbox; conversations: ConversationStore },
  ) {
    this.language = pickLanguage(resolved, event.actor.languageHint);
    this.t = core.translator.forLanguage(this.language);
  }

  /** Items joined the way this member's language joins a list. */
  list(items: readonly string[]): string {
    return this.core.translator.list(this.language, items);
  }

  get member(): MemberView {
    return this.resolved.member;
  }

  get community(): CommunityView | null {
    return this.resolved.community;
  }

  get role(): Role | null {
    return this.resolved.role;
  }

  /**
   * The platform says this person administers this group (Telegram/Bale owner or administrator, Discord
   * Manage Server): they may bind or unbind this chat. It is no role in any community (see `role`).
   */
  get isChatAdmin(): boolean {
    return this.event.chat.kind === 'group' && this.event.actor.isChatAdmin === true;
  }

  /** Whether this chat itself is bound to the community (a group of it), not a private chat. */
  get chatBound(): boolean {
    return this.resolved.chatBound;
  }

  get timeZone(): string {
    return this.member.timeZone ?? this.community?.timeZone ?? 'UTC';
  }

  get calendar(): CalendarName {
    return this.member.calendar ?? this.community?.calendar ?? (this.language === 'fa' ? 'persian' : 'gregorian');
  }

  /** The community, or a UserError telling the member how to get one. */
  requireCommunity(): CommunityView {
    if (!this.community) {
      throw new UserError(
        this.event.chat.kind === 'private' ? 'error.no-community-private' : 'error.no-community-group',
      );
    }
    return this.community;
  }

  /** After a handler changed the member or their community, a context whose replies use the new settings. */
  refresh(changes: Partial<ResolvedActor>): Context<Services> {
    return new Context(this.event, { ...this.resolved, ...changes }, this.services, this.core);
  }

  /**
   * Sends something only this person should see (a code, their data) to their private chat; in a group
   * the group is told it went there. Without a private chat the member is told how to open one.
   */
  async replyPrivately(key: string, params: MessageParams = {}, options: ReplyOptions = {}): Promise<void> {
    this.requirePrivateReach();
    if (this.event.chat.kind === 'private') return this.reply(key, params, options);
    const privateChatId = this.resolved.privateChatId!;
    await this.send({ platform: this.event.chat.platform, chatId: privateChatId }, this.render(key, params, options));
    await this.reply('notice.sent-privately');
  }

  /** The member's private chat on this platform (this chat, when private); null when they never opened one. */
  get privateTarget(): OutboundTarget | null {
    if (this.event.chat.kind === 'private') return this.here;
    const chatId = this.resolved.privateChatId;
    return chatId ? { platform: this.event.chat.platform, chatId } : null;
  }

  /** Throws, before anything is written, when a private reply would be impossible. */
  requirePrivateReach(): void {
    if (this.event.chat.kind !== 'private' && !this.resolved.privateChatId) {
      const payload = this.event.payload;
      const command = payload.type === 'command' ? payload.name : 'start';
      throw new UserError('error.open-private-chat', {}, { openPrivateChat: command });
    }
  }

  get here(): OutboundTarget {
    return { platform: this.event.chat.platform, chatId: this.event.chat.chatId };
  }

  /** Replies in this chat with a locale key. The message is stored in the outbox before anything is sent. */
  async reply(key: string, params: MessageParams = {}, options: ReplyOptions = {}): Promise<void> {
    const message = this.render(key, params, options);
    // In a forum topic the answer belongs in the same topic, not in the group's general thread.
    if (this.event.chat.threadId) message.threadId = this.event.chat.threadId;
    if (this.asking && this.event.chat.kind === 'group') {
      message.askReply = this.event.messageId ? { toMessageId: this.event.messageId } : {};
    }
    await this.send(this.here, message);
  }

  render(key: string, params: MessageParams = {}, options: ReplyOptions = {}): OutboundMessage {
    const message: OutboundMessage = { text: this.t(key, params) };
    if (options.buttons) message.buttons = this.renderButtons(options.buttons);
    if (options.file) message.file = options.file;
    if (options.openPrivateChat) {
      message.privateChatLink = { label: this.t('private.open-chat'), command: options.openPrivateChat };
    }
    if (options.onlyToSender) message.onlyToSender = true;
    return message;
  }

  renderButtons(rows: ButtonSpec[][]): Button[][] {
    return rows.map((row) =>
      row.map((b) => ({
        label: b.label ?? this.t(b.labelKey ?? b.action, b.labelParams),
        action: b.action,
        ...(b.data !== undefined ? { data: b.data } : {}),
      })),
    );
  }

  async send(target: OutboundTarget, message: OutboundMessage): Promise<void> {
    await this.core.outbox.enqueue(target, message);
  }

  /** The multi-step flow of this person in this chat; its state lives in the database. */
  get conversation(): ConversationHandle {
    return new ConversationHandle(conversationKey(this.event), this.core.conversations, this.language, (waiting) => {
      this.asking = waiting;
    });
  }

  /** Whether a flow step was started by this event: its replies then ask for the member's answer. */
  private asking = false;
}

export function conversationKey(event: InboundEvent): string {
  return `${event.chat.platform}:${event.chat.chatId}:${event.actor.userId}`;
}

export class ConversationHandle {
  constructor(
    readonly key: string,
    private readonly store: ConversationStore,
    private readonly language: Language,
    /** Told when the flow starts waiting for an answer, and when it ends. */
    private readonly onWaiting: (waiting: boolean) => void = () => {},
  ) {}

  current(): Promise<ConversationState | null> {
    return this.store.get(this.key);
  }

  async start(flow: string, step: string, data: Record<string, unknown>, ttlMs: number): Promise<void> {
    await this.store.set(this.key, {
      flow,
      step,
      data,
      language: this.language,
      expiresAt: new Date(Date.now() + ttlMs),
    });
    this.onWaiting(true);
  }

  async end(): Promise<void> {
    await this.store.delete(this.key);
    this.onWaiting(false);
  }
}

function pickLanguage(resolved: ResolvedActor, hint: string | undefined): Language {
  return resolved.member.language ?? resolved.community?.language ?? languageFromHint(hint) ?? DEFAULT_LANGUAGE;
}
