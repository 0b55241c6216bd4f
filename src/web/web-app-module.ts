/**
 * The web app (Fastify, its plugins, the dashboard's pages), loaded when the HTTP server starts rather
 * than with the bot: some 300 ms of module loading that a bot with HTTP_SERVER=off never needs, and that
 * main.ts starts early, beside the database's start, when it does.
 */
export const loadWebApp = () => import('./web-app.ts');
