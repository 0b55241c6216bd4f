/** What every minutes handler takes from its context: who acts, where, and how a reply about an edit ends. */
import { roleAllows } from '../../core/roles.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { Ctx } from '../services.ts';
import type { Actor, ChatKey, Recording } from './minutes-service.ts';

export function actorOf(ctx: Ctx): Actor {
  return { memberId: ctx.member.id, chair: roleAllows(['chair'], ctx.role) };
}

export function chatOf(ctx: Ctx): ChatKey {
  return { platform: ctx.event.chat.platform, chatId: ctx.event.chat.chatId };
}

/** The minutes this chat records, for someone who may record them (else a clear refusal). */
export function recordingHere(ctx: Ctx): Promise<Recording> {
  return ctx.services.minutes.recording(ctx.requireCommunity(), chatOf(ctx), actorOf(ctx));
}

/**
 * A recorded entry's confirmation; after closing, it says which version of the minutes was posted.
 */
export async function replyRecorded(
  ctx: Ctx,
  key: string,
  params: Record<string, unknown>,
  version: number | null,
): Promise<void> {
  const suffix = version === null ? '' : `\n${ctx.t('minutes.reposted', { n: version })}`;
  await ctx.reply('minutes.text', { text: new Rendered(ctx.t(key, params) + suffix) });
}
