/**
 * A file name as it may go into an upload's multipart header. telegraf writes it between quotes in
 * `Content-Disposition` without escaping, and it comes from a member (an attachment passed on from
 * another platform): a `"` or a line break there would end the header and let the name add fields or
 * headers of its own. Control characters and line or paragraph separators go; bidi overrides go too
 * (they make `report‮fdp.exe` read as a PDF); quotes, backslashes and slashes become `_`. A ZWNJ, which
 * Persian names need, stays.
 */
export function uploadFileName(name: string): string {
  const cleaned = name
    .replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, '')
    .replace(/["\\/]/g, '_')
    .trim();
  return cleaned === '' ? 'file' : cleaned;
}
