import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { parseMultipart } from '../telegram/multipart.ts';
import { FakeCdn, type CdnFile } from './fake-cdn.ts';
import { FakeGateway } from './fake-gateway.ts';
import { checkMessageBody, componentsOf, type SeenComponent } from './message-rules.ts';
import {
  contentOf,
  dmChannelObject,
  person,
  snowflake,
  userObject,
  type FakeGuild,
  type FakeUser,
  type InteractionPayload,
  type Wire,
} from './wire-objects.ts';

/**
 * A loopback fake of Discord (no network): the REST routes the bot uses (`/api/v10/...`), with
 * Discord's answers and rules, and a gateway (see `FakeGateway`). It records every REST call, keeps
 * the messages each channel shows, holds interactions to Discord's 3-second acknowledgement rule
 * (a late or second acknowledgement fails as it does on Discord), and answers injected failures —
 * a 429 with `retry_after` and the rate-limit headers, a DM to someone who closed DMs (50007). It
 * remembers the messages members wrote (`dispatchMessage`) and serves their attachments from its
 * CDN (see `FakeCdn`); a deleted message answers 404 Unknown Message, and its files are gone.
 */

export interface FakeDiscordOptions {
  token: string;
  applicationId?: string;
  /** How long an interaction may wait for its first response (Discord: 3 s). */
  ackDeadlineMs?: number;
  heartbeatIntervalMs?: number;
}

export interface RestCall {
  method: string;
  /** Without `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  /** The JSON body (or a multipart body's `payload_json`). */
  body: unknown;
  files: Array<{ filename: string; bytes: Buffer }>;
  status: number;
  at: number;
}

/** A message as the channel shows it (an ephemeral one only to the person who caused it). */
export interface FakeMessage {
  id: string;
  channelId: string;
  content: string;
  components: SeenComponent[];
  files: Array<{ filename: string; bytes: Buffer }>;
  ephemeral: boolean;
  /** How it was made: a channel message, or an interaction's reply (direct, deferred, follow-up). */
  via: 'channel' | 'reply' | 'deferred' | 'follow-up' | 'update';
  interactionId?: string;
  /** A deferred reply still "thinking": no content yet. */
  loading: boolean;
  deleted: boolean;
  edits: number;
  wire: Wire;
  at: number;
}

export interface InjectedFailure {
  status: number;
  /** Discord's JSON error code (50007, 10003 …); none for a 5xx. */
  code?: number;
  message?: string;
  /** Seconds, for a 429. */
  retryAfter?: number;
}

interface InteractionState {
  payload: InteractionPayload;
  dispatchedAt: number;
  acknowledgement?: { type: number; at: number };
  originalId?: string;
  modal?: Wire;
  choices?: unknown[];
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly guilds: FakeGuild[] = [];
  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly gateway: FakeGateway;
  /** Attachments' bytes, by signed links (`cdn.downloads`: what was fetched). */
  readonly cdn: FakeCdn;
  /** Application commands registered: `global` or a guild id → the body of the last PUT. */
  readonly registeredCommands = new Map<string, unknown[]>();
  /** DM channels whose person closed their DMs to the bot (50007). */
  readonly closedDms = new Set<string>();
  /** Requests that came back on a route before its 429's `retry_after` was over. */
  earlyRetries = 0;
  lateAcknowledgements = 0;

  private readonly failures: Array<{ method: string; path: RegExp; failure: InjectedFailure }> = [];
  private readonly blockedRoutes = new Map<string, number>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();
  private readonly dmChannels = new Map<string, string>();
  private readonly people = new Map<string, FakeUser>();
  /** Messages members wrote, by id, as `GET /channels/{channel}/messages/{message}` answers them. */
  private readonly memberMessages = new Map<string, { wire: Wire; deleted: boolean }>();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeDiscordOptions,
  ) {
    this.applicationId = options.applicationId ?? snowflake();
    this.bot = person('hamkar-test', { id: this.applicationId, bot: true });
    this.gateway = new FakeGateway(
      server,
      { token: options.token, bot: this.bot, applicationId: this.applicationId, guilds: () => this.guilds },
      options.heartbeatIntervalMs,
    );
    this.cdn = new FakeCdn(
      () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      (file) => this.isDeleted(file),
    );
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const holder: { fake?: FakeDiscord } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    holder.fake = new FakeDiscord(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return holder.fake;
  }

  /** `DISCORD_API` for the bot. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A person the fake knows (for DMs opened with `POST /users/@me/channels`). */
  addPerson(user: FakeUser): FakeUser {
    this.people.set(user.id, user);
    return user;
  }

  /** The DM channel between the bot and this person (the same one every time, as on Discord). */
  dmChannelOf(user: FakeUser): string {
    this.addPerson(user);
    let id = this.dmChannels.get(user.id);
    if (!id) this.dmChannels.set(user.id, (id = snowflake()));
    return id;
  }

  /** Sends INTERACTION_CREATE; the 3-second clock of the interaction starts now. */
  dispatchInteraction(payload: InteractionPayload): InteractionPayload {
    const state: InteractionState = { payload, dispatchedAt: Date.now() };
    this.interactions.set(payload.id, state);
    this.byToken.set(payload.token, state);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  /**
   * A member's message (MESSAGE_CREATE), remembered as the channel shows it; its attachments are kept
   * by the CDN (with the bytes a test gave `userMessage`) and linked there.
   */
  dispatchMessage(message: Wire): void {
    const id = String(message.id);
    const channelId = String(message.channel_id);
    const attachments = ((message.attachments as Wire[] | undefined) ?? []).map((attachment) => {
      const bytes = contentOf(attachment);
      const file: CdnFile = {
        attachmentId: String(attachment.id),
        channelId,
        messageId: id,
        filename: String(attachment.filename),
        size: Number(attachment.size),
        ...(bytes ? { bytes } : {}),
      };
      this.cdn.keep(file);
      return { ...attachment, ...this.links(file.attachmentId) };
    });
    const wire = { ...message, attachments };
    this.memberMessages.set(id, { wire, deleted: false });
    this.gateway.dispatch('MESSAGE_CREATE', wire);
  }

  /** Someone deleted a message (a member's or the bot's): the API and the CDN no longer know it. */
  deleteMessage(messageId: string): void {
    const member = this.memberMessages.get(messageId);
    const bot = this.messages.find((m) => m.id === messageId);
    if (!member && !bot) throw new Error(`the fake knows no message ${messageId}`);
    if (member) member.deleted = true;
    if (bot) bot.deleted = true;
  }

  /** How an interaction was acknowledged (its callback type and when), once it was. */
  acknowledgementOf(interactionId: string): { type: number; afterMs: number } | undefined {
    const state = this.interactions.get(interactionId);
    const ack = state?.acknowledgement;
    return ack && state ? { type: ack.type, afterMs: ack.at - state.dispatchedAt } : undefined;
  }

  modalShownFor(interactionId: string): Wire | undefined {
    return this.interactions.get(interactionId)?.modal;
  }

  choicesFor(interactionId: string): unknown[] | undefined {
    return this.interactions.get(interactionId)?.choices;
  }

  /** The next request matching `method` and `path` (without `/api/v10`) fails so, once. */
  failNext(method: string, path: RegExp, failure: InjectedFailure): void {
    this.failures.push({ method, path, failure });
  }

  /** What a channel shows, in order: loading and deleted replies left out. */
  messagesIn(channelId: string): FakeMessage[] {
    return this.messages.filter((m) => m.channelId === channelId && !m.loading && !m.deleted);
  }

  callsTo(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  async waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = check();
      if (result) return result;
      if (Date.now() > deadline) {
        const recent = this.calls.slice(-15).map((c) => `${c.method} ${c.path} ${c.status}`);
        throw new Error(`fake Discord: timed out waiting for ${what}. Last calls:\n${recent.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    // The CDN needs no token: a signed link is enough.
    if (this.cdn.handles(url.pathname)) return this.cdn.serve(req, res, url);
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const { body, files } = parseBody(raw, req.headers['content-type'] ?? '');
    const call: RestCall = { method, path, query: url.searchParams, body, files, status: 0, at: Date.now() };
    this.calls.push(call);
    const answer = this.route(call, req.headers.authorization);
    call.status = answer.status;
    const headers: Record<string, string> = {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...answer.headers,
    };
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private route(call: RestCall, authorization: string | undefined): Answer {
    const routeKey = `${call.method} ${call.path}`;
    const blockedUntil = this.blockedRoutes.get(routeKey);
    if (blockedUntil !== undefined && Date.now() < blockedUntil) {
      this.earlyRetries++;
      return rateLimited((blockedUntil - Date.now()) / 1000);
    }
    const injected = this.takeFailure(call);
    if (injected) {
      if (injected.status === 429) {
        const seconds = injected.retryAfter ?? 1;
        this.blockedRoutes.set(routeKey, Date.now() + seconds * 1000);
        return rateLimited(seconds);
      }
      return apiError(injected.status, injected.code ?? 0, injected.message ?? `${injected.status}: failed`);
    }
    const { path, method } = call;
    const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (interaction && method === 'POST') return this.interactionCallback(interaction[1]!, interaction[2]!, call);
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (webhook) return this.webhookRoute(webhook[2]!, webhook[3], call);
    if (authorization !== `Bot ${this.options.token}`) return apiError(401, 0, '401: Unauthorized');
    return this.botRoute(call);
  }

  private botRoute(call: RestCall): Answer {
    const { path, method } = call;
    if (method === 'GET' && path === '/gateway/bot') {
      const port = (this.server.address() as AddressInfo).port;
      return ok({
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') return ok(userObject(this.bot));
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands && method === 'PUT') {
      const list = Array.isArray(call.body) ? (call.body as Wire[]) : [];
      this.registeredCommands.set(commands[2] ?? 'global', list);
      return ok(list.map((c) => ({ ...c, id: snowflake(), application_id: commands[1], version: snowflake() })));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipientId = String((call.body as Wire).recipient_id);
      const user = this.people.get(recipientId) ?? { id: recipientId, username: `user${recipientId}` };
      return ok(dmChannelObject(this.dmChannelOf(user), user));
    }
    const send = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (send && method === 'POST') return this.createChannelMessage(send[1]!, call);
    const edit = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (edit && method === 'PATCH') return this.editMessage(edit[2]!, call, edit[1]);
    if (edit && method === 'GET') return this.fetchMessage(edit[1]!, edit[2]!);
    return apiError(404, 0, '404: Not Found');
  }

  private createChannelMessage(channelId: string, call: RestCall): Answer {
    if (this.closedDms.has(channelId)) return apiError(403, 50007, 'Cannot send messages to this user');
    if (!this.knowsChannel(channelId)) return apiError(404, 10003, 'Unknown Channel');
    const violation = checkMessageBody(call.body as Wire, call.files.length);
    if (violation) return apiError(400, violation.code, violation.message);
    return ok(this.store(channelId, call, 'channel').wire);
  }

  /** A message as it is now, its attachments with fresh signed links (Discord's expire within a day). */
  private fetchMessage(channelId: string, messageId: string): Answer {
    if (!this.knowsChannel(channelId)) return apiError(404, 10003, 'Unknown Channel');
    const member = this.memberMessages.get(messageId);
    const bot = this.messages.find((m) => m.id === messageId && !m.loading);
    const wire = member && !member.deleted ? member.wire : bot && !bot.deleted ? bot.wire : undefined;
    if (!wire || wire.channel_id !== channelId) return apiError(404, 10008, 'Unknown Message');
    const attachments = ((wire.attachments as Wire[] | undefined) ?? []).map((a) => ({
      ...a,
      ...this.links(String(a.id)),
    }));
    return ok({ ...wire, attachments });
  }

  private links(attachmentId: string): { url: string; proxy_url: string } {
    return { url: this.cdn.link(attachmentId), proxy_url: this.cdn.link(attachmentId) };
  }

  private knowsChannel(channelId: string): boolean {
    const inGuild = this.guilds.some((g) => [...g.channels, ...g.threads].some((c) => c.id === channelId));
    return inGuild || [...this.dmChannels.values()].includes(channelId);
  }

  private isDeleted(file: CdnFile): boolean {
    const member = this.memberMessages.get(file.messageId);
    if (member) return member.deleted;
    return this.messages.find((m) => m.id === file.messageId)?.deleted ?? true;
  }

  private interactionCallback(id: string, token: string, call: RestCall): Answer {
    const state = this.interactions.get(id);
    if (!state || state.payload.token !== token) return apiError(404, 10062, 'Unknown interaction');
    if (state.acknowledgement) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    if (Date.now() - state.dispatchedAt > (this.options.ackDeadlineMs ?? 3000)) {
      this.lateAcknowledgements++;
      return apiError(404, 10062, 'Unknown interaction');
    }
    const { type, data = {} } = call.body as { type: number; data?: Wire };
    let message: FakeMessage | undefined;
    if (type === InteractionResponseType.ChannelMessageWithSource) {
      const violation = checkMessageBody(data, call.files.length);
      if (violation) return apiError(400, violation.code, violation.message);
      message = this.store(state.payload.channel_id, { ...call, body: data }, 'reply', id);
    } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
      message = this.store(state.payload.channel_id, { ...call, body: data }, 'deferred', id);
      message.loading = true;
    } else if (type === InteractionResponseType.UpdateMessage) {
      const target = this.messages.find((m) => m.id === (state.payload.message as Wire | undefined)?.id);
      if (target) this.applyEdit(target, { ...call, body: data });
      message = target;
    } else if (type === InteractionResponseType.Modal) {
      state.modal = data;
    } else if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      state.choices = (data.choices as unknown[] | undefined) ?? [];
    } else if (type !== InteractionResponseType.DeferredMessageUpdate) {
      return apiError(400, 50035, `Invalid Form Body: unknown callback type ${type}`);
    }
    state.acknowledgement = { type, at: Date.now() };
    if (message && type !== InteractionResponseType.UpdateMessage) state.originalId = message.id;
    if (call.query.get('with_response') !== 'true') return { status: 204 };
    return ok({
      interaction: {
        id,
        type: state.payload.type,
        response_message_id: message?.id,
        response_message_loading: message?.loading ?? false,
        response_message_ephemeral: message?.ephemeral ?? false,
      },
      ...(message ? { resource: { type, message: message.wire } } : {}),
    });
  }

  private webhookRoute(token: string, messageId: string | undefined, call: RestCall): Answer {
    const state = this.byToken.get(token);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    if (call.method === 'POST' && messageId === undefined) {
      if (!state.acknowledgement) return apiError(404, 10015, 'Unknown Webhook');
      const violation = checkMessageBody(call.body as Wire, call.files.length);
      if (violation) return apiError(400, violation.code, violation.message);
      return ok(this.store(state.payload.channel_id, call, 'follow-up', state.payload.id).wire);
    }
    const id = messageId === '@original' ? state.originalId : messageId;
    const target = this.messages.find((m) => m.id === id && !m.deleted);
    if (!target) return apiError(404, 10008, 'Unknown Message');
    if (call.method === 'DELETE') {
      target.deleted = true;
      return { status: 204 };
    }
    if (call.method === 'PATCH') return this.editMessage(target.id, call);
    return ok(target.wire);
  }

  private editMessage(messageId: string, call: RestCall, channelId?: string): Answer {
    const target = this.messages.find((m) => m.id === messageId && !m.deleted);
    if (!target || (channelId !== undefined && target.channelId !== channelId)) {
      return apiError(404, 10008, 'Unknown Message');
    }
    const merged = { content: target.content, ...(call.body as Wire) };
    const violation = checkMessageBody(merged, call.files.length + target.files.length);
    if (violation) return apiError(400, violation.code, violation.message);
    this.applyEdit(target, call);
    return ok(target.wire);
  }

  private applyEdit(target: FakeMessage, call: Pick<RestCall, 'body' | 'files'>): void {
    const body = call.body as Wire;
    if (typeof body.content === 'string') target.content = body.content;
    if (Array.isArray(body.components)) target.components = componentsOf(body);
    if (call.files.length > 0) target.files = call.files;
    if (target.loading) target.loading = false;
    else target.edits++;
    target.wire = { ...target.wire, content: target.content, components: body.components ?? target.wire.components };
  }

  private store(
    channelId: string,
    call: Pick<RestCall, 'body' | 'files'>,
    via: FakeMessage['via'],
    interactionId?: string,
  ): FakeMessage {
    const body = (call.body ?? {}) as Wire;
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const id = snowflake();
    const content = typeof body.content === 'string' ? body.content : '';
    const wire: Wire = {
      id,
      channel_id: channelId,
      author: userObject(this.bot),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: call.files.map((f) => {
        const attachmentId = snowflake();
        this.cdn.keep({
          attachmentId,
          channelId,
          messageId: id,
          filename: f.filename,
          size: f.bytes.length,
          bytes: f.bytes,
        });
        return { id: attachmentId, filename: f.filename, size: f.bytes.length, ...this.links(attachmentId) };
      }),
      embeds: [],
      pinned: false,
      type: interactionId ? 20 : 0,
      flags,
      components: body.components ?? [],
      ...(interactionId ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
    };
    const message: FakeMessage = {
      id,
      channelId,
      content,
      components: componentsOf(body),
      files: call.files,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      via,
      ...(interactionId ? { interactionId } : {}),
      loading: false,
      deleted: false,
      edits: 0,
      wire,
      at: Date.now(),
    };
    this.messages.push(message);
    return message;
  }

  private takeFailure(call: RestCall): InjectedFailure | undefined {
    const index = this.failures.findIndex((f) => f.method === call.method && f.path.test(call.path));
    if (index < 0) return undefined;
    return this.failures.splice(index, 1)[0]!.failure;
  }
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function apiError(status: number, code: number, message: string): Answer {
  return { status, body: { code, message } };
}

/** Discord's answer to a request over a route's limit: the body and the headers discord.js reads. */
function rateLimited(seconds: number): Answer {
  const retryAfter = Math.max(0.001, Number(seconds.toFixed(3)));
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
    headers: {
      'retry-after': String(Math.ceil(retryAfter)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': 'user',
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string): Pick<RestCall, 'body' | 'files'> {
  if (contentType.startsWith('multipart/form-data')) {
    let body: unknown = {};
    const files: RestCall['files'] = [];
    for (const part of parseMultipart(raw, contentType)) {
      if (part.filename !== undefined) files.push({ filename: part.filename, bytes: part.body });
      else if (part.name === 'payload_json') body = JSON.parse(part.body.toString('utf8'));
    }
    return { body, files };
  }
  if (raw.length === 0) return { body: undefined, files: [] };
  return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
}
