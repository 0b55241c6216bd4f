import { isUserError } from '../../core/errors.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import type { OutboundFile } from '../../core/event.ts';
import type { Page, PageResult } from '../web-pages.ts';

/**
 * What the chair's and the admin's pages share: ids read from the URL or a form, a service's refusal
 * (the chat's `UserError`) shown on the page in the viewer's language, and the short notes a page
 * shows after a change it redirected from.
 */

/** An id from the URL or a form: digits only (Persian digits too, as chat reads them), else 404. */
export function idFrom(page: Page, value: string | undefined): number {
  const digits = value === undefined ? '' : toLatinDigits(value.trim());
  if (!/^\d{1,9}$/.test(digits)) page.notFound();
  return Number(digits);
}

export function idParam(page: Page, name: string): number {
  return idFrom(page, page.param(name));
}

/**
 * Runs a change; a refusal the chat would have answered with (a `UserError`) becomes the sentence the
 * page shows instead, in the viewer's language. Anything else is a failure for the error page.
 */
export async function refusalOf(page: Page, change: () => Promise<unknown>): Promise<string | null> {
  try {
    await change();
    return null;
  } catch (error) {
    if (isUserError(error)) return page.t(error.key, error.params);
    throw error;
  }
}

/** `?done=KEY` after a redirect: the note of a change that went through, when KEY is one the page knows. */
export function doneNote(page: Page, keys: readonly string[], prefix: string): string | null {
  const done = page.query('done');
  return done && keys.includes(done) ? page.t(`${prefix}.${done}`) : null;
}

/** A file as the chat sends it (base64 in an outbound message), as a download of the same bytes. */
export function download(page: Page, file: OutboundFile): PageResult {
  return page.file({
    fileName: file.fileName,
    mimeType: file.mimeType,
    content: Buffer.from(file.contentBase64, 'base64'),
  });
}
