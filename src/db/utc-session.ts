import type pg from 'pg';

/** The server setting every connection of the bot runs with, whatever the machine or server says. */
export const UTC_SESSION_OPTION = '-c TimeZone=UTC';

/**
 * The same connection, with its session time zone fixed to UTC.
 *
 * Why: Prisma's pg adapter sends instants as UTC wall clocks without an offset ("2027-01-10 06:30:00")
 * and reads timestamptz values back by replacing whatever offset the server printed with +00:00. Both
 * are right only when the session's TimeZone is UTC. Left alone, the session takes the server's
 * `timezone` setting — which initdb copies from the machine's TZ (Asia/Tehran on an Iranian VPS) or an
 * operator sets on the database — and every instant is shifted by hours: reminders never come.
 *
 * Options already in the connection (`?options=…` in a URL, or `options` in the fields) are kept; ours
 * comes last, so it wins over a TimeZone set there.
 */
export function withUtcSession<T extends pg.ClientConfig>(connection: T): T {
  if (typeof connection.connectionString === 'string') {
    const { connectionString, options: fromUrl } = takeOptionsFromUrl(connection.connectionString);
    return { ...connection, connectionString, options: joinOptions(fromUrl, connection.options) };
  }
  return { ...connection, options: joinOptions(connection.options) };
}

function joinOptions(...given: (string | undefined)[]): string {
  return [...given.filter((option): option is string => Boolean(option?.trim())), UTC_SESSION_OPTION].join(' ');
}

/** pg lets a URL's `options` override the config's, so ours must not stay beside one in the URL. */
function takeOptionsFromUrl(connectionString: string): { connectionString: string; options?: string } {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { connectionString };
  }
  const options = url.searchParams.get('options');
  if (options === null) return { connectionString };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), options };
}

/**
 * Refuses to go on when the session did not get TimeZone=UTC: a connection pooler that drops startup
 * options (PgBouncer's `ignore_startup_parameters = options`) would otherwise shift every instant.
 */
export async function assertUtcSession(client: Pick<pg.Client, 'query'>): Promise<void> {
  const zone = (await client.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0]?.TimeZone;
  if (zone !== 'UTC') {
    throw new Error(
      `the database session runs in time zone ${zone ?? '(unknown)'}, not UTC: something between the bot and ` +
        `PostgreSQL (a connection pooler) dropped the connection's startup options. Let it pass \`options\` on, ` +
        `or make UTC the database's default: ALTER DATABASE <name> SET timezone = 'UTC'`,
    );
  }
}
