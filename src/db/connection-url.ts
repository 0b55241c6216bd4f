/** Connection fields of a server we run ourselves (the embedded one). */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
}

/**
 * A `postgresql://` URL for a database on that server. A Unix socket folder cannot be a URL host, so
 * it goes into the `host` query parameter, which pg (and libpq) read.
 */
export function connectionUrl(address: ServerAddress, database: string): string {
  const user = encodeURIComponent(address.user);
  const password = address.password === undefined ? '' : `:${encodeURIComponent(address.password)}`;
  const db = encodeURIComponent(database);
  if (address.host.startsWith('/')) {
    return `postgresql://${user}${password}@localhost:${address.port}/${db}?host=${encodeURIComponent(address.host)}`;
  }
  return `postgresql://${user}${password}@${address.host}:${address.port}/${db}`;
}

/** The URL without its password, for logs and `describe`. */
export function redactConnectionUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparsable URL)';
  }
}
