import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayOpcodes } from 'discord.js';
import { guildCreatePayload, snowflake, userObject, type FakeGuild, type FakeUser, type Wire } from './wire-objects.ts';

/**
 * The gateway side of the fake: Discord's protocol with the `encoding=json` transport and no
 * compression (discord.js only asks for zlib-stream when `zlib-sync` is installed, which it is not
 * here). HELLO → IDENTIFY (token checked, intents kept) → READY (every guild unavailable) → one
 * GUILD_CREATE per guild, heartbeats ACKed; then the test's dispatches.
 */
export interface GatewayIdentity {
  token: string;
  bot: FakeUser;
  applicationId: string;
  guilds: () => Iterable<FakeGuild>;
}

interface Session {
  socket: WebSocket;
  sequence: number;
  ready: boolean;
}

/** Discord's close code for a bad token: the client gives up instead of reconnecting. */
const AUTHENTICATION_FAILED = 4004;

export class FakeGateway {
  /** Intents of every IDENTIFY, in order. */
  readonly identifies: Array<{ intents: number; properties: Wire }> = [];
  /** Query strings the client connected with (`v=10&encoding=json`). */
  readonly connections: string[] = [];
  heartbeats = 0;
  private readonly sessions = new Set<Session>();
  private readonly server: WebSocketServer;

  constructor(
    http: Server,
    private readonly identity: GatewayIdentity,
    private readonly heartbeatIntervalMs = 41_250,
  ) {
    this.server = new WebSocketServer({ server: http, path: '/gateway' });
    this.server.on('connection', (socket, request) => this.accept(socket, request.url ?? ''));
  }

  /** Sessions that completed IDENTIFY and got READY. */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.ready).length;
  }

  /** Sends a dispatch (`op 0`) to every ready session. */
  dispatch(type: string, data: unknown): void {
    for (const session of this.sessions) if (session.ready) this.send(session, type, data);
  }

  close(): void {
    for (const session of this.sessions) session.socket.terminate();
    this.server.close();
  }

  private accept(socket: WebSocket, url: string): void {
    const session: Session = { socket, sequence: 0, ready: false };
    this.sessions.add(session);
    this.connections.push(url.split('?')[1] ?? '');
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return socket.close(4002, 'Decode error'); // json text frames only
      this.receive(session, JSON.parse(String(raw)) as { op: number; d: unknown });
    });
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
  }

  private receive(session: Session, payload: { op: number; d: unknown }): void {
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        return;
      case GatewayOpcodes.Identify:
        return this.identify(session, payload.d as { token: string; intents: number; properties: Wire });
      case GatewayOpcodes.Resume:
        // No session is kept across connections: the client identifies again.
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
        return;
      default:
        return; // presence and voice updates: nothing to do
    }
  }

  private identify(session: Session, data: { token: string; intents: number; properties: Wire }): void {
    if (data.token !== this.identity.token && data.token !== `Bot ${this.identity.token}`) {
      session.socket.close(AUTHENTICATION_FAILED, 'Authentication failed.');
      return;
    }
    this.identifies.push({ intents: data.intents, properties: data.properties });
    const guilds = [...this.identity.guilds()];
    session.ready = true;
    this.send(session, 'READY', {
      v: 10,
      user: { ...userObject(this.identity.bot), bot: true, verified: true, flags: 0, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: snowflake(),
      resume_gateway_url: 'ws://127.0.0.1:1/never-resumed',
      shard: [0, 1],
      application: { id: this.identity.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
    });
    for (const guild of guilds) this.send(session, 'GUILD_CREATE', guildCreatePayload(guild, this.identity.bot));
  }

  private send(session: Session, type: string, data: unknown): void {
    session.sequence++;
    session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: type, s: session.sequence, d: data }));
  }
}
