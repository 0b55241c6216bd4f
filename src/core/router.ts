import type { ChatKind, EventPayload } from './event.ts';
import type { Context } from './context.ts';
import type { ConversationState } from './ports.ts';
import { roleAllows, type Audience, type Role } from './roles.ts';
import { UserError } from './errors.ts';
import { checkValues, type ChatScope, type CommandSpec } from './command.ts';

export type { ChatScope, CommandSpec };

export type Next = () => Promise<void>;
export type Middleware<S> = (ctx: Context<S>, next: Next) => Promise<void>;

export interface ActionSpec<S> {
  name: string;
  audience: Audience;
  handler: (ctx: Context<S>, data: string) => Promise<void>;
}

export type FlowInput = Extract<EventPayload, { type: 'text' } | { type: 'file' }>;

export type MembershipChange = Extract<EventPayload, { type: 'membership' }>['change'];

/** A multi-step flow: each step handles the member's next message while the flow waits there. */
export interface FlowSpec<S> {
  name: string;
  steps: Record<string, (ctx: Context<S>, input: FlowInput, state: ConversationState) => Promise<void>>;
  /**
   * The answer to `/cancel` once the flow has ended, for a flow that keeps what was given so far (a
   * survey's answers): the default answer says nothing was saved.
   */
  onCancel?: (ctx: Context<S>, state: ConversationState) => Promise<void>;
}

/**
 * Routes an event to its command, button action or the flow in progress, behind `(ctx, next)`
 * middleware (as in grammY's Composer). Permission checks happen here, once, for every command and
 * action, so that a refused action changes nothing.
 */
export class Router<S> {
  private readonly middlewares: Middleware<S>[] = [];
  private readonly commands = new Map<string, CommandSpec<S>>();
  private readonly actions = new Map<string, ActionSpec<S>>();
  private readonly flows = new Map<string, FlowSpec<S>>();
  private membershipHandler: ((ctx: Context<S>, change: MembershipChange) => Promise<void>) | undefined;

  use(middleware: Middleware<S>): this {
    this.middlewares.push(middleware);
    return this;
  }

  command(spec: CommandSpec<S>): this {
    if (this.commands.has(spec.name)) throw new Error(`command /${spec.name} registered twice`);
    this.commands.set(spec.name, spec);
    return this;
  }

  action(spec: ActionSpec<S>): this {
    if (this.actions.has(spec.name)) throw new Error(`action ${spec.name} registered twice`);
    this.actions.set(spec.name, spec);
    return this;
  }

  flow(spec: FlowSpec<S>): this {
    this.flows.set(spec.name, spec);
    return this;
  }

  /** What happens when the bot is added to or removed from a group (one handler: the community feature's). */
  onMembership(handler: (ctx: Context<S>, change: MembershipChange) => Promise<void>): this {
    if (this.membershipHandler) throw new Error('membership handler registered twice');
    this.membershipHandler = handler;
    return this;
  }

  /** The commands this person may use here, in registration order: what /help lists. */
  commandsFor(role: Role | null, chat: ChatKind, chatAdmin = false): CommandSpec<S>[] {
    return [...this.commands.values()].filter(
      (c) => !c.hidden && (c.chats === 'any' || c.chats === chat) && roleAllows(c.audience, role, chatAdmin),
    );
  }

  commandNamed(name: string): CommandSpec<S> | undefined {
    return this.commands.get(name);
  }

  allCommands(): CommandSpec<S>[] {
    return [...this.commands.values()];
  }

  async handle(ctx: Context<S>): Promise<void> {
    let index = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called twice');
      index = i;
      const middleware = this.middlewares[i];
      if (middleware) await middleware(ctx, () => run(i + 1));
      else await this.dispatch(ctx);
    };
    await run(0);
  }

  private async dispatch(ctx: Context<S>): Promise<void> {
    const payload = ctx.event.payload;
    switch (payload.type) {
      case 'command':
        return this.dispatchCommand(ctx, payload);
      case 'action':
        return this.dispatchAction(ctx, payload.action, payload.data);
      case 'text':
      case 'file':
        return this.dispatchInput(ctx, payload);
      case 'membership':
        return this.membershipHandler?.(ctx, payload.change);
    }
  }

  private async dispatchCommand(ctx: Context<S>, payload: Extract<EventPayload, { type: 'command' }>): Promise<void> {
    const { name, args, options } = payload;
    // `/cancel` with nothing after it ends the flow in progress; `/cancel ID` belongs to meetings.
    if (name === 'cancel' && args.trim() === '' && (!options || Object.keys(options).length === 0)) {
      const state = await ctx.conversation.current();
      if (state) {
        await ctx.conversation.end();
        const onCancel = this.flows.get(state.flow)?.onCancel;
        return onCancel ? onCancel(ctx, state) : ctx.reply('flow.cancelled');
      }
    }
    const command = this.commands.get(name);
    if (!command) throw new UserError('error.unknown-command', { command: `/${name}` });
    checkChat(command.chats, ctx, name);
    checkAudience(command.audience, ctx, `/${name}`);
    // Typed values (Discord's options) go straight to the arguments, checked against them here; text is
    // read by the command's grammar, which answers what it cannot read with the feature's own messages.
    const values = options
      ? checkValues(command.args, options)
      : command.parse(args.trim(), {
          ...(payload.target ? { target: payload.target } : {}),
          platformRoles: ctx.event.actor.platformRoleIds !== undefined,
        });
    await command.run(ctx, values);
  }

  private async dispatchAction(ctx: Context<S>, name: string, data: string): Promise<void> {
    const action = this.actions.get(name);
    if (!action) throw new UserError('error.stale-button');
    checkAudience(action.audience, ctx);
    await action.handler(ctx, data);
  }

  private async dispatchInput(ctx: Context<S>, input: FlowInput): Promise<void> {
    const state = await ctx.conversation.current();
    if (state && state.expiresAt.getTime() > Date.now()) {
      const step = this.flows.get(state.flow)?.steps[state.step];
      if (step) return step(ctx, input, state);
      await ctx.conversation.end(); // a flow or step that no longer exists after an upgrade
    }
    // In a group, chatter that is not for the bot is none of its business.
    if (ctx.event.chat.kind === 'private') await ctx.reply('error.not-a-command');
  }
}

function checkChat(scope: ChatScope, ctx: Context<unknown>, name: string): void {
  if (scope === 'any' || scope === ctx.event.chat.kind) return;
  if (scope === 'group') throw new UserError('error.group-only', { command: `/${name}` });
  throw new UserError('error.private-only', { command: `/${name}` }, { openPrivateChat: name });
}

/** Refuses before anything runs; `command` is named in the answer, a button is not (its name is internal). */
export function checkAudience(audience: Audience, ctx: Context<unknown>, command?: string): void {
  if (audience === 'anyone') return;
  // Someone outside any community needs one before a member's command; a privileged one is refused as such.
  if (ctx.role === null && audience.includes('member')) ctx.requireCommunity();
  if (!roleAllows(audience, ctx.role, ctx.isChatAdmin)) {
    const roles = ctx.list(audience.map((r) => ctx.t(`role.${r}`)));
    throw command
      ? new UserError('error.forbidden', { what: command, roles })
      : new UserError('error.forbidden-action', { roles });
  }
}
