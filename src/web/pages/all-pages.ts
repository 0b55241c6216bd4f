import type { PageRegistry } from '../web-pages.ts';
import { registerHomePage } from './home-page.ts';
import { registerMyDataPages } from './my-data-pages.ts';
import { registerSessionsPages } from './sessions-pages.ts';

/** Every page of the dashboard: a feature's pages are added here with one line (see `web-pages.ts`). */
export function registerAllPages(pages: PageRegistry): void {
  registerHomePage(pages);
  registerMyDataPages(pages);
  registerSessionsPages(pages);
}
