/**
 * The meeting link: an http(s) URL (Skyroom, Google Meet, Zoom …). A bare host with a path
 * (`meet.google.com/abc-defg-hij`) gets `https://`; anything else that is not a web address is refused.
 */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const BARE_HOST = /^[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:[/:?#]|$)/u;

export function normalizeLink(input: string): string | null {
  let text = input.trim();
  if (text === '' || /\s/.test(text)) return null;
  if (!HAS_SCHEME.test(text) && BARE_HOST.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
  // Kept as typed: URL's own spelling would turn a Persian path into percent escapes.
  return text;
}
