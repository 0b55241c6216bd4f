import type { Logger } from '../logger.ts';
import type { HttpRoutes } from '../ops/http-routes.ts';
import { plainRoute } from '../ops/plain-route.ts';
import type { FeedService } from '../features/feeds/feed-service.ts';
import { FEED_PATH_PREFIX } from '../features/feeds/feed-secret.ts';

/**
 * Serves the calendar feeds on the bot's HTTP server under `/feed/`, and gives /feed the address
 * members' calendar apps reach it at (PUBLIC_URL). Without it, /feed says feeds are not served.
 */
export function serveFeeds(routes: HttpRoutes, feeds: FeedService, publicUrl: string, logger: Logger): void {
  routes.mountPrefix(FEED_PATH_PREFIX, plainRoute(feeds.endpoint.handle, logger));
  feeds.servedAt(publicUrl);
}
