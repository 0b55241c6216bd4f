import type { ButtonSpec } from '../../core/context.ts';
import type { OutboundMessage, StoredFile } from '../../core/event.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { roleAllows } from '../../core/roles.ts';
import { extensionOf } from './attachment-types.ts';
import { REVIEW_AUDIENCE } from './review-audience.ts';
import { attachmentData, readAttachmentData } from './button-data.ts';
import type { ExperienceRow } from './experience-repository.ts';
import type { StoredAttachment } from './experience-service.ts';

/**
 * The "open file" buttons of an experience shown in full (to a curator in /review, to a reader of an
 * approved one), and what pressing one does: the file goes to the chat the button was pressed in, by
 * its platform's reference. The message keeps no bytes: its own platform sends the file by its id,
 * another one fetches it when it sends (see `withForeignFiles`).
 */

/** Platforms whose names the locales spell out (Persian writes them in its own script). */
const NAMED_PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

/** Long names are cut on the button; the file keeps its whole name. */
const LABEL_NAME_LENGTH = 40;

/** One button per attachment, each on its own row: a file name needs the width. */
export function attachmentButtons(experience: Pick<ExperienceRow, 'id' | 'attachments'>): ButtonSpec[][] {
  return experience.attachments.map((attachment, index) => [
    {
      labelKey: 'experience.button.open-file',
      labelParams: { n: index + 1, name: cut(displayName(attachment), LABEL_NAME_LENGTH) },
      action: 'exp.file',
      data: attachmentData(experience.id, index + 1),
    },
  ]);
}

export function registerAttachmentCommands(router: AppRouter): void {
  addAction(router, 'exp.file', async (ctx, data) => {
    const { experienceId, n } = readAttachmentData(data);
    const viewer = {
      memberId: ctx.member.id,
      communityId: ctx.community?.id ?? null,
      isCurator: roleAllows(REVIEW_AUDIENCE, ctx.role),
    };
    const { experience, attachment } = await ctx.services.experiences.submissions.attachmentFor(
      viewer,
      experienceId,
      n,
    );
    const params = {
      id: String(experience.id),
      title: experience.title,
      n,
      count: experience.attachments.length,
      name: displayName(attachment),
      platform: platformName(ctx, attachment.platform),
    };
    const message: OutboundMessage = ctx.render('experience.file.caption', params);
    message.storedFile = storedFile(ctx, experience.id, n, attachment, params);
    // As `ctx.reply` does: in a forum topic the file belongs in the topic the button was pressed in.
    if (ctx.event.chat.threadId) message.threadId = ctx.event.chat.threadId;
    await ctx.send(ctx.here, message);
  });
}

function storedFile(
  ctx: Ctx,
  experienceId: number,
  n: number,
  attachment: StoredAttachment,
  params: Record<string, string | number>,
): StoredFile {
  return {
    platform: attachment.platform,
    fileId: attachment.fileId,
    fileName: attachment.fileName ?? `experience-${experienceId}-${n}.${extensionOf(attachment.mimeType)}`,
    mimeType: attachment.mimeType,
    // Telegram keeps a photo (sent as a picture, without a name) apart from a document; its id is
    // accepted only by the method of its kind.
    ...(attachment.fileName === null && attachment.mimeType.startsWith('image/') ? { isImage: true } : {}),
    unavailable: {
      tooBig: ctx.t('experience.file.too-big', params),
      gone: ctx.t('experience.file.gone', params),
    },
  };
}

/** The name members know the file by: its own, or its type when it came without one (a photo). */
function displayName(attachment: Pick<StoredAttachment, 'fileName' | 'mimeType'>): string {
  return attachment.fileName ?? attachment.mimeType;
}

function platformName(ctx: Ctx, platform: string): string {
  return NAMED_PLATFORMS.has(platform) ? ctx.t(`platform.${platform}`) : platform;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
