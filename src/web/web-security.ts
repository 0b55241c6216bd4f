import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { WebAddress } from './web-address.ts';

/**
 * The Content-Security-Policy of every page: our own files only, no inline script or style (a page
 * that some text slipped into still runs nothing), no frames around us, forms posted only to us.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
} as const;

export function helmetOptions(address: WebAddress): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([name, values]) => [name, [...values]])),
    },
    // The same as CSP's frame-ancestors 'none', for browsers that read only the older header.
    frameguard: { action: 'deny' },
    // A sign-in page's address holds its token: no page tells another site where it came from.
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS means something only over https; over http (this machine) it would be ignored anyway.
    strictTransportSecurity: address.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // No cross-origin resources are loaded at all, so requiring CORP of them changes nothing.
    crossOriginEmbedderPolicy: false,
  };
}

/** The cookies' common flags: never readable by script, sent on top-level links from a chat app. */
export function cookieOptions(address: WebAddress): CookieSerializeOptions {
  return { path: address.basePath || '/', httpOnly: true, sameSite: 'lax', secure: address.https };
}

/**
 * `__Host-` makes the browser refuse the cookie unless it is Secure, for the whole site and set by the
 * site itself (no subdomain can plant one): possible at an https root only.
 */
export function cookieName(address: WebAddress, name: string): string {
  return address.https && address.basePath === '' ? `__Host-${name}` : name;
}
