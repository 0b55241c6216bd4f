import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Bot API outage the fake plays for a while: every call answers a 5xx (Telegram's 502 Bad Gateway when
 * its front end cannot reach the bot servers), or every call hangs with no answer until the outage is
 * over and then loses its connection, as a request to an unreachable server does.
 */
export type OutageMode = { kind: 'fail'; status: number } | { kind: 'hang' };

export class Outage {
  /** Requests that came in during the outage, by method: proof that the bot kept trying. */
  readonly refused = new Map<string, number>();
  private readonly held = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private over = false;

  constructor(
    readonly mode: OutageMode,
    durationMs: number,
    private readonly onEnd: () => void = () => undefined,
  ) {
    this.timer = setTimeout(() => this.end(), durationMs);
    // A test that ends (or fails) during the outage must not wait for it.
    this.timer.unref();
  }

  get active(): boolean {
    return !this.over;
  }

  /** Answers (or holds) a request during the outage; false once it is over. */
  intercept(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.over) return false;
    const method = /\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? 'unknown';
    this.refused.set(method, (this.refused.get(method) ?? 0) + 1);
    req.resume();
    if (this.mode.kind === 'fail') {
      const body = { ok: false, error_code: this.mode.status, description: 'Bad Gateway' };
      res.writeHead(this.mode.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
    }
    return true;
  }

  /** Ends the outage now: held requests lose their connection; later ones are answered normally. */
  end(): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.onEnd();
  }
}
