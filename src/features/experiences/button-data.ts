import { UserError } from '../../core/errors.ts';

/** Button data is untrusted: a forged or garbled id is refused like a stale button. */
export function buttonId(data: string): number {
  const id = /^\d{1,9}$/.test(data) ? Number(data) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('error.stale-button');
  return id;
}

/** `12.40`: a search id and a result offset, the only state a paging button carries. */
export function searchPageData(searchId: number, offset: number): string {
  return `${searchId}.${offset}`;
}

export function readSearchPageData(data: string): { searchId: number; offset: number } {
  const match = /^(\d{1,9})\.(\d{1,6})$/.exec(data);
  if (!match) throw new UserError('error.stale-button');
  return { searchId: buttonId(match[1]!), offset: Number(match[2]) };
}

/** `12.3`: an experience's id and an attachment's number (from 1), all an "open file" button carries. */
export function attachmentData(experienceId: number, n: number): string {
  return `${experienceId}.${n}`;
}

export function readAttachmentData(data: string): { experienceId: number; n: number } {
  const match = /^(\d{1,9})\.(\d{1,2})$/.exec(data);
  if (!match || Number(match[2]) < 1) throw new UserError('error.stale-button');
  return { experienceId: buttonId(match[1]!), n: Number(match[2]) };
}
