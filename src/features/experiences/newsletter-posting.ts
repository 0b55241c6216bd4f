import type { OutboundFile, OutboundMessage, OutboundTarget } from '../../core/event.ts';
import { isolate } from '../../i18n/bidi.ts';
import { formatDate } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-types.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { LocalizedMessages } from './localized-messages.ts';
import { buildNewsletterDocument, type NewsletterDocument } from './newsletter-document.ts';
import type { Period, PublishableRow } from './newsletter-repository.ts';
import { renderHtml, renderMarkdown } from './newsletter-renderer.ts';
import type { PublishedIssue } from './newsletter-service.ts';

/** Titles listed in a chat message; the files hold them all. */
const LISTED_TITLES = 10;

/** The community an issue is written for: in its language, calendar and zone. */
export interface IssueCommunity {
  name: string;
  language: Language;
  calendar: CalendarName;
  timeZone: string;
}

/**
 * An issue's document in the community's language, as it is posted (and as a curator previews it,
 * from chat or from the dashboard).
 */
export function communityNewsletterDocument(
  messages: LocalizedMessages,
  community: IssueCommunity,
  issue: { number: number; createdAt: Date; period: Period; items: readonly PublishableRow[] },
): NewsletterDocument {
  const format = { language: community.language, calendar: community.calendar, timeZone: community.timeZone };
  return buildNewsletterDocument({ ...issue, communityName: community.name }, messages.t(community.language), format);
}

/**
 * Posts a published issue to each chat of the community, in the community's language: a message with
 * the Markdown file, then one with the standalone HTML page. One way whether the curator pressed
 * Publish in chat or on the dashboard. Returns the HTML file (a curator elsewhere gets it to look at).
 */
export async function postNewsletterIssue(
  messages: LocalizedMessages,
  send: (target: OutboundTarget, message: OutboundMessage) => Promise<unknown>,
  community: IssueCommunity,
  issue: PublishedIssue,
  period: Period,
): Promise<OutboundFile> {
  const language = community.language;
  const format = { language, calendar: community.calendar, timeZone: community.timeZone };
  const doc = communityNewsletterDocument(messages, community, { ...issue, period });
  const name = `newsletter-${issue.number}`;
  const markdown = textFile(`${name}.md`, 'text/markdown', renderMarkdown(doc));
  const html = textFile(`${name}.html`, 'text/html', renderHtml(doc));
  const { number } = issue;
  const list = newsletterTitleList(issue.items, language);
  for (const chat of issue.chats) {
    const target = { platform: chat.platform, chatId: chat.externalId };
    await send(
      target,
      messages.render(
        language,
        'newsletter.post',
        {
          number,
          community: community.name,
          count: issue.items.length,
          list,
          date: formatDate(issue.createdAt, format),
        },
        { file: markdown },
      ),
    );
    await send(target, messages.render(language, 'newsletter.post-html', { number }, { file: html }));
  }
  return html;
}

/** The first titles of an issue, one a line, for a chat message. */
export function newsletterTitleList(items: readonly PublishableRow[], language: Language): Rendered {
  // Rendered lines are inserted as they are: in Persian each title is isolated here instead.
  const lines = items
    .slice(0, LISTED_TITLES)
    .map((item) => `• ${language === 'fa' ? isolate(item.title) : item.title}`);
  if (items.length > LISTED_TITLES) lines.push('…');
  return new Rendered(lines.join('\n'));
}

function textFile(fileName: string, mimeType: string, text: string): OutboundFile {
  return { fileName, mimeType, contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}
