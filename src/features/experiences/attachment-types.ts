import { UserError } from '../../core/errors.ts';

/** A file sent with an experience, kept by its platform id (the bot never downloads it). */
export interface AttachmentDraft {
  platform: string;
  fileId: string;
  fileName: string | null;
  mimeType: string;
  caption: string | null;
}

export const MAX_ATTACHMENTS = 10;

/** Documents a curator and a newsletter reader can open anywhere; pictures of any image type. */
const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
};

/** When a platform sends no MIME type (or a generic one), the file name's extension tells. */
const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
};

/** What members are told they may send: `images, pdf, doc, docx, odt, txt`. */
export const ACCEPTED_KINDS = Object.values(DOCUMENT_TYPES).join(', ');

function resolveMimeType(mimeType: string | undefined, fileName: string | undefined): string | null {
  const declared = mimeType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream') return declared;
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return extension ? (BY_EXTENSION[extension] ?? null) : null;
}

/** The usual extension of a type (`jpg` for `image/jpeg`): a name for a file that came without one. */
export function extensionOf(mimeType: string): string {
  const known = Object.entries(BY_EXTENSION).find(([, type]) => type === mimeType)?.[0];
  return known ?? mimeType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin';
}

export function isAcceptedType(mimeType: string): boolean {
  return mimeType.startsWith('image/') || mimeType in DOCUMENT_TYPES;
}

/** The attachment to keep, or a UserError that names the file and the types accepted. */
export function acceptAttachment(
  platform: string,
  file: { fileId: string; fileName?: string; mimeType?: string; caption?: string },
): AttachmentDraft {
  const mimeType = resolveMimeType(file.mimeType, file.fileName);
  if (!mimeType || !isAcceptedType(mimeType)) {
    throw new UserError('share.error.file-type', {
      name: file.fileName ?? file.mimeType ?? '?',
      types: ACCEPTED_KINDS,
    });
  }
  return {
    platform,
    fileId: file.fileId,
    fileName: file.fileName ?? null,
    mimeType,
    caption: file.caption?.trim() || null,
  };
}
