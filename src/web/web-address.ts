/**
 * Where the dashboard is reached from outside: PUBLIC_URL. Its path (`https://example.org/hamkar`) is
 * where a reverse proxy forwards to the bot's `/`, so every link a page writes starts with it, while
 * the server's own routes do not. Cookies are Secure when the public address is https (a proxy
 * terminating TLS talks plain HTTP to the bot, so the request itself cannot tell).
 */
export interface WebAddress {
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  /** Its path without a trailing slash: '' at the root. */
  basePath: string;
  https: boolean;
}

export function webAddress(publicUrl: string): WebAddress {
  const url = new URL(publicUrl);
  return {
    publicUrl: publicUrl.replace(/\/+$/, ''),
    basePath: url.pathname.replace(/\/+$/, ''),
    https: url.protocol === 'https:',
  };
}

/** A link to one of the server's paths (`/c/3/`), as the browser must follow it. */
export function linkTo(address: WebAddress, path: string): string {
  return `${address.basePath}${path.startsWith('/') ? path : `/${path}`}`;
}
