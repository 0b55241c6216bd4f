import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkCommands,
  checkForceReply,
  checkKeyboard,
  visibleText,
  type ForceReplyMarkup,
  type InlineButton,
  type RuleCheck,
} from './bot-api-rules.ts';
import { FloodControl, TELEGRAM_FLOOD_LIMITS, type FloodLimits } from './flood-control.ts';
import { FileStore, type FileKind } from './file-store.ts';
import { parseMultipart } from './multipart.ts';
import { Outage, type OutageMode } from './outage.ts';

/**
 * A loopback fake of the Telegram Bot API (no network): the methods the bot calls, with Telegram's
 * answers and rules — long polling with `offset`/`timeout`, webhooks with a secret token, HTML parse
 * mode, 4096/1024-character limits, 64-byte callback data, flood control with 429 `retry_after`, 403
 * for a blocked bot, files kept by `file_id` (see `FileStore`). Tests inject updates and failures and
 * read what each chat received.
 */

export interface FakeBotApiOptions {
  token: string;
  username?: string;
  /** Telegram's limits (30/s, 1/s per chat, 20/min per group) answered with 429; `false`: none. */
  limits?: FloodLimits | false;
  /**
   * `bale`: behave as Bale's Bot API does — only its methods (any other answers 404 "Not Found"),
   * groups of type `group`, texts shown as sent (no parse mode rendered). Telegram's by default.
   */
  dialect?: 'telegram' | 'bale';
}

/**
 * The methods Bale's Bot API has, of those a bot like this one could call (docs.bale.ai and the
 * python-bale-bot and Balethon SDKs): no `setMyCommands`, no native polls, no forum topics.
 */
export const BALE_METHODS: ReadonlySet<string> = new Set([
  'getMe',
  'getUpdates',
  'setWebhook',
  'deleteWebhook',
  'getWebhookInfo',
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'editMessageText',
  'editMessageCaption',
  'editMessageReplyMarkup',
  'deleteMessage',
  'answerCallbackQuery',
  'getChat',
  'getChatMember',
  'getChatAdministrators',
  'getFile',
]);

export interface ApiCall {
  /**
   * Which bot process made the call: the first segment of its API root's path (`TELEGRAM_API_ROOT=
   * http://127.0.0.1:port/p1` → `p1`), empty without one. Several processes of one bot share a token.
   */
  caller: string;
  method: string;
  params: Record<string, unknown>;
  status: number;
  at: number;
}

/** A message a chat received (a text, a photo or a document), as its members see it. */
export interface DeliveredMessage {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument';
  chatId: string;
  messageId: number;
  /** The visible text, or the caption of a file. */
  text: string;
  threadId?: number;
  keyboard?: InlineButton[][];
  /** A question's `force_reply` markup, as sent. */
  forceReply?: ForceReplyMarkup;
  /** The message this one replies to (`reply_parameters.message_id`). */
  replyTo?: number;
  /**
   * The file: uploaded (`sentBy: 'upload'`, given a new `fileId` as Telegram does), or an earlier
   * file sent again by its `file_id` (`sentBy: 'file_id'`, nothing uploaded).
   */
  file?: { filename: string; bytes: Buffer; fileId: string; sentBy: 'upload' | 'file_id' };
  at: number;
  /** See `ApiCall.caller`. */
  caller: string;
}

export interface MessageEdit {
  method: string;
  chatId: string;
  messageId: number;
  text?: string;
  keyboard?: InlineButton[][];
}

export interface InjectedError {
  code: number;
  description: string;
  retryAfter?: number;
}

/** An update as a test writes it; the fake numbers it. */
export type UpdateBody = Record<string, unknown>;
type Update = UpdateBody & { update_id: number };

type Params = Record<string, unknown>;
type Files = Map<string, { filename: string; bytes: Buffer }>;
type Answer =
  { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: object };

const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);
const EDIT_METHODS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption']);

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly delivered: DeliveredMessage[] = [];
  readonly edits: MessageEdit[] = [];
  readonly flood: FloodControl;
  /** `chatId:userId` → getChatMember status; `member` when unset. */
  readonly memberStatus = new Map<string, string>();
  /** Chats whose user blocked the bot (403). */
  readonly blocked = new Set<string>();
  /** Groups upgraded to supergroups: old id → new id. A send to the old id gets Telegram's 400 naming the new one. */
  readonly upgraded = new Map<string, string>();
  webhook: { url: string; secretToken?: string } | undefined;
  /** Called as a message is delivered, before the bot gets the answer (a test may kill the bot there). */
  onDelivered: ((message: DeliveredMessage) => void) | undefined;
  /** While set and active, every call fails or hangs (see outage.ts); `startOutage` sets it. */
  outage: Outage | undefined;
  /** The highest `offset` a getUpdates call confirmed: updates below it are handled. */
  confirmedOffset = 0;
  /** getUpdates calls that arrived while another was still waiting (two pollers on one token). */
  pollConflicts = 0;
  readonly botId = 7_000_001;
  /** The files this platform keeps: members' files a test puts here, and the bot's uploads. */
  readonly files = new FileStore();

  private readonly username: string;
  private readonly failures: Array<{ method: string; error: InjectedError }> = [];
  private readonly pending: Update[] = [];
  private nextUpdateId = 500_000;
  private readonly pollers = new Set<(answer: Answer) => void>();
  private readonly messages = new Map<string, { text?: string; keyboard: string; caption?: string }>();
  private readonly nextMessageId = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeBotApiOptions,
  ) {
    this.username = options.username ?? 'hamkar_test_bot';
    this.flood = new FloodControl(options.limits === false ? null : (options.limits ?? TELEGRAM_FLOOD_LIMITS));
  }

  static async start(options: FakeBotApiOptions): Promise<FakeBotApi> {
    const holder: { fake?: FakeBotApi } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    const fake = new FakeBotApi(server, options);
    holder.fake = fake;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `TELEGRAM_API_ROOT` for the bot. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get botUsername(): string {
    return this.username;
  }

  /** The calls of methods the platform does not have (Bale: answered 404). */
  get unknownMethodCalls(): ApiCall[] {
    return this.calls.filter((call) => call.status === 404);
  }

  async close(): Promise<void> {
    for (const poller of this.pollers) poller({ ok: true, result: [] });
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Delivers updates: by webhook when one is set (their HTTP statuses are returned), else queued for
   * getUpdates in one batch. An update given with an `update_id` keeps it (a redelivery).
   */
  async pushUpdates(...bodies: UpdateBody[]): Promise<{ ids: number[]; statuses: number[] }> {
    const updates = bodies.map((body) =>
      typeof body.update_id === 'number' ? (body as Update) : { update_id: this.nextUpdateId++, ...body },
    );
    if (this.webhook) {
      const statuses: number[] = [];
      for (const update of updates) statuses.push(await this.postToWebhook(update, this.webhook.secretToken));
      return { ids: updates.map((u) => u.update_id), statuses };
    }
    this.pending.push(...updates);
    this.answerPollers();
    return { ids: updates.map((u) => u.update_id), statuses: [] };
  }

  /** POSTs an update to the registered webhook with the given secret header (none when undefined). */
  postToWebhook(update: UpdateBody, secretToken: string | undefined): Promise<number> {
    if (!this.webhook) throw new Error('no webhook is set');
    const body = Buffer.from(JSON.stringify(update));
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': body.length,
    };
    if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
    return new Promise((resolve, reject) => {
      const req = request(this.webhook!.url, { method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** From now on every call fails (a 5xx) or hangs, for `durationMs`; returns the outage to end it early. */
  startOutage(mode: OutageMode, durationMs: number): Outage {
    this.outage?.end();
    this.outage = new Outage(mode, durationMs);
    return this.outage;
  }

  /** The next call of `method` (getUpdates too) fails with this error (once). */
  failNext(method: string, error: InjectedError): void {
    this.failures.push({ method, error });
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  deliveredTo(chatId: string | number): DeliveredMessage[] {
    return this.delivered.filter((message) => message.chatId === String(chatId));
  }

  /** Waits until `check` returns something truthy, and returns it; fails after `timeoutMs` saying what. */
  async waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = check();
      if (result) return result;
      if (Date.now() > deadline) {
        const recent = this.calls
          .slice(-15)
          .map((c) => `${c.method} ${c.status} ${JSON.stringify(c.params).slice(0, 160)}`);
        throw new Error(`fake Bot API: timed out waiting for ${what}. Last calls:\n${recent.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.outage?.intercept(req, res)) return;
    const download = /^(?:\/([\w-]+))?\/file\/bot([^/]+)\/(.+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (download) return this.serveFile(res, download[2]!, download[3]!, download[1] ?? '');
    const match = /^(?:\/([\w-]+))?\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const body = await readBody(req);
    // An outage that began while the body was arriving refuses this call too: it starts at one moment,
    // and a call the fake had not yet handled by then must not get through (the outage tests count so).
    if (this.outage?.intercept(req, res)) return;
    const caller = match?.[1] ?? '';
    if (!match || match[2] !== this.options.token) {
      return this.reply(res, 'unknown', {}, failure(401, 'Unauthorized'), caller);
    }
    const method = match[3]!;
    let params: Params = {};
    const files: Files = new Map();
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      for (const part of parseMultipart(body, type)) {
        if (part.filename !== undefined) files.set(part.name, { filename: part.filename, bytes: part.body });
        else params[part.name] = part.body.toString('utf8');
      }
    } else if (body.length > 0) {
      params = JSON.parse(body.toString('utf8')) as Params;
    }
    const injected = this.injectedFailure(method, params);
    if (injected) return this.reply(res, method, params, injected, caller);
    if (method === 'getUpdates') return this.getUpdates(res, params, caller);
    this.reply(res, method, params, this.answer(method, params, files, caller), caller);
  }

  /** The failure `failNext` set for this method, taken (once). */
  private injectedFailure(method: string, params: Params): Answer | undefined {
    const injected = this.failures.findIndex((f) => f.method === method);
    if (injected < 0) return undefined;
    const { error } = this.failures.splice(injected, 1)[0]!;
    if (error.code === 429 && params.chat_id !== undefined) {
      this.flood.forceWait(String(params.chat_id), error.retryAfter ?? 1);
    }
    return failure(error.code, error.description, error.retryAfter ? { retry_after: error.retryAfter } : undefined);
  }

  private reply(res: ServerResponse, method: string, params: Params, answer: Answer, caller: string): void {
    const status = answer.ok ? 200 : answer.error_code;
    this.calls.push({ caller, method, params, status, at: Date.now() });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  private answer(method: string, params: Params, files: Files, caller: string): Answer {
    if (this.options.dialect === 'bale' && !BALE_METHODS.has(method)) return failure(404, 'Not Found');
    switch (method) {
      case 'getMe':
        return ok({ id: this.botId, is_bot: true, first_name: 'Hamkar', username: this.username });
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok(true);
      case 'setWebhook':
        return this.setWebhook(params);
      case 'answerCallbackQuery':
        return ok(true);
      case 'setMyCommands': {
        const checked = checkCommands(params.commands);
        return checked.ok ? ok(true) : failure(400, checked.description);
      }
      case 'getFile': {
        const answer = this.files.getFile(params.file_id);
        return answer.ok ? ok(answer.result) : failure(answer.code, answer.description);
      }
      case 'getChatMember': {
        const status = this.memberStatus.get(`${String(params.chat_id)}:${String(params.user_id)}`) ?? 'member';
        return ok({ status, user: { id: Number(params.user_id), is_bot: false, first_name: 'User' } });
      }
    }
    if (SEND_METHODS.has(method)) return this.send(method as DeliveredMessage['method'], params, files, caller);
    if (EDIT_METHODS.has(method)) return this.edit(method, params);
    return failure(404, 'Not Found');
  }

  private setWebhook(params: Params): Answer {
    const secret = params.secret_token;
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret))) {
      return failure(400, 'Bad Request: secret token contains unallowed characters');
    }
    this.webhook = { url: String(params.url), ...(secret !== undefined ? { secretToken: String(secret) } : {}) };
    return ok(true);
  }

  private send(method: DeliveredMessage['method'], params: Params, files: Files, caller: string): Answer {
    const chatId = String(params.chat_id);
    if (this.blocked.has(chatId)) return failure(403, 'Forbidden: bot was blocked by the user');
    const movedTo = this.upgraded.get(chatId);
    if (movedTo !== undefined) {
      return failure(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: Number(movedTo),
      });
    }
    const keyboard = checkKeyboard(params.reply_markup);
    if (!keyboard.ok) return failure(400, keyboard.description);
    const forceReply = checkForceReply(params.reply_markup);
    if (!forceReply.ok) return failure(400, forceReply.description);
    const replyTo = replyTarget(params.reply_parameters);
    if (!replyTo.ok) return failure(400, replyTo.description);
    let text: RuleCheck<string>;
    let file: DeliveredMessage['file'];
    // Bale documents no parse mode: what was sent is what members see, entities and all.
    const parseMode = this.options.dialect === 'bale' ? undefined : params.parse_mode;
    if (method === 'sendMessage') {
      text = visibleText(params.text, parseMode, 4096, 'text');
    } else {
      const sent = this.fileOf(method, params, files);
      if (!sent.ok) return failure(400, sent.description);
      file = sent.file;
      text =
        params.caption === undefined
          ? { ok: true, value: '' }
          : visibleText(params.caption, parseMode, 1024, 'caption');
    }
    if (!text.ok) return failure(400, text.description);
    const flood = this.flood.admit(chatId);
    if (!flood.ok)
      return failure(429, `Too Many Requests: retry after ${flood.retryAfter}`, { retry_after: flood.retryAfter });

    const messageId = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, messageId);
    const message: DeliveredMessage = { method, chatId, messageId, text: text.value, at: Date.now(), caller };
    if (params.message_thread_id !== undefined && this.options.dialect !== 'bale') {
      message.threadId = Number(params.message_thread_id);
    }
    if (keyboard.value) message.keyboard = keyboard.value;
    if (forceReply.value) message.forceReply = forceReply.value;
    if (replyTo.value !== undefined) message.replyTo = replyTo.value;
    if (file) message.file = file;
    this.messages.set(`${chatId}:${messageId}`, {
      ...(method === 'sendMessage' ? { text: text.value } : { caption: text.value }),
      keyboard: JSON.stringify(keyboard.value ?? []),
    });
    this.delivered.push(message);
    this.onDelivered?.(message);
    const chat = chatOf(chatId, this.options.dialect);
    return ok({ message_id: messageId, date: Math.floor(Date.now() / 1000), chat, text: text.value });
  }

  /** The file of a sendPhoto or sendDocument: an upload in the multipart body, or a kept file's id. */
  private fileOf(
    method: string,
    params: Params,
    files: Files,
  ): { ok: true; file: NonNullable<DeliveredMessage['file']> } | { ok: false; description: string } {
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    const kind: FileKind = method === 'sendPhoto' ? 'photo' : 'document';
    const upload = files.get(field);
    if (upload) {
      const kept = this.files.keepUpload(kind, upload.bytes, upload.filename);
      return { ok: true, file: { ...upload, fileId: kept.fileId, sentBy: 'upload' } };
    }
    const id = params[field];
    if (typeof id !== 'string' || id === '')
      return { ok: false, description: 'Bad Request: there is no file in the request' };
    const kept = this.files.byId(id, kind);
    if (!kept.ok) return kept;
    const filename = kept.file.fileName ?? `${kind}.${kind === 'photo' ? 'jpg' : 'bin'}`;
    return { ok: true, file: { filename, bytes: kept.file.bytes, fileId: id, sentBy: 'file_id' } };
  }

  /** `GET /file/bot<token>/<file_path>`: the bytes of a file getFile gave the path of. */
  private serveFile(res: ServerResponse, token: string, filePath: string, caller: string): void {
    const bytes = token === this.options.token ? this.files.download(filePath) : undefined;
    const status = bytes ? 200 : 404;
    this.calls.push({ caller, method: 'file', params: { file_path: filePath }, status, at: Date.now() });
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(failure(404, 'Not Found')));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
  }

  private edit(method: string, params: Params): Answer {
    const chatId = String(params.chat_id);
    const key = `${chatId}:${String(params.message_id)}`;
    const stored = this.messages.get(key);
    if (!stored) return failure(400, 'Bad Request: message to edit not found');
    const keyboard = checkKeyboard(params.reply_markup);
    if (!keyboard.ok) return failure(400, keyboard.description);
    const markup = JSON.stringify(keyboard.value ?? []);
    let next = { ...stored, keyboard: markup };
    if (method !== 'editMessageReplyMarkup') {
      const field = method === 'editMessageText' ? 'text' : 'caption';
      if (stored[field] === undefined) return failure(400, `Bad Request: there is no ${field} in the message to edit`);
      const parseMode = this.options.dialect === 'bale' ? undefined : params.parse_mode;
      const text = visibleText(params[field], parseMode, field === 'text' ? 4096 : 1024, field);
      if (!text.ok) return failure(400, text.description);
      next = { ...next, [field]: text.value };
    }
    if (JSON.stringify(next) === JSON.stringify(stored)) {
      return failure(
        400,
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    const flood = this.flood.admit(chatId);
    if (!flood.ok)
      return failure(429, `Too Many Requests: retry after ${flood.retryAfter}`, { retry_after: flood.retryAfter });
    this.messages.set(key, next);
    const edit: MessageEdit = { method, chatId, messageId: Number(params.message_id) };
    const text = next.text ?? next.caption;
    if (text !== undefined) edit.text = text;
    if (keyboard.value) edit.keyboard = keyboard.value;
    this.edits.push(edit);
    return ok({ message_id: Number(params.message_id), chat: chatOf(chatId, this.options.dialect), text });
  }

  private getUpdates(res: ServerResponse, params: Params, caller: string): void {
    if (this.webhook) {
      return this.reply(
        res,
        'getUpdates',
        params,
        failure(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ),
        caller,
      );
    }
    const offset = Number(params.offset ?? 0);
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
    // Confirmed updates are gone; a redelivery pushed again in the same batch is not.
    for (let i = this.pending.length - 1; i >= 0; i--)
      if (this.pending[i]!.update_id < offset) this.pending.splice(i, 1);
    // A newer poll ends an older one, as Telegram does.
    if (this.pollers.size > 0) this.pollConflicts++;
    for (const poller of this.pollers) poller(failure(409, 'Conflict: terminated by other getUpdates request'));
    const limit = Number(params.limit ?? 100);
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    if (this.pending.length > 0 || timeoutMs === 0) {
      return this.reply(res, 'getUpdates', params, ok(this.pending.slice(0, limit)), caller);
    }
    let done = false;
    const finish = (answer: Answer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pollers.delete(finish);
      if (!res.destroyed) {
        this.reply(res, 'getUpdates', params, answer.ok ? ok(this.pending.slice(0, limit)) : answer, caller);
      }
    };
    const timer = setTimeout(() => finish(ok([])), timeoutMs);
    this.pollers.add(finish);
    // The bot stopped polling (or died): nobody to answer.
    res.on('close', () => {
      done = true;
      clearTimeout(timer);
      this.pollers.delete(finish);
    });
  }

  private answerPollers(): void {
    for (const poller of [...this.pollers]) poller(ok([]));
  }
}

function ok(result: unknown): Answer {
  return { ok: true, result };
}

function failure(code: number, description: string, parameters?: object): Answer {
  return { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) };
}

function chatOf(chatId: string, dialect: FakeBotApiOptions['dialect']): { id: number; type: string } {
  const groupType = dialect === 'bale' ? 'group' : 'supergroup';
  return { id: Number(chatId), type: chatId.startsWith('-') ? groupType : 'private' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** `reply_parameters`: an object with a numeric `message_id` (its other fields are not checked here). */
function replyTarget(raw: unknown): RuleCheck<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { message_id?: unknown };
  if (typeof parsed?.message_id !== 'number') {
    return { ok: false, description: 'Bad Request: invalid reply parameters specified' };
  }
  return { ok: true, value: parsed.message_id };
}
