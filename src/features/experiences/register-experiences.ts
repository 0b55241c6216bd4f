import type { Db } from '../../db/prisma-client.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { AppRouter } from '../services.ts';
import { registerAttachmentCommands } from './attachment-commands.ts';
import { ExperienceRepository } from './experience-repository.ts';
import { ExperienceService } from './experience-service.ts';
import { LocalizedMessages } from './localized-messages.ts';
import { NewsletterRepository } from './newsletter-repository.ts';
import { NewsletterService } from './newsletter-service.ts';
import { registerNewsletterCommands } from './newsletter-commands.ts';
import { registerReviewCommands } from './review-commands.ts';
import { registerSearchCommands } from './search-commands.ts';
import { SearchRepository } from './search-repository.ts';
import { SearchService } from './search-service.ts';
import { registerShareCommands } from './share-commands.ts';
import { registerTopicCommands } from './topic-commands.ts';
import { TopicRepository } from './topic-repository.ts';
import { TopicService } from './topic-service.ts';

/** What the experience-sharing feature offers its handlers through `ctx.services.experiences`. */
export interface ExperienceServices {
  submissions: ExperienceService;
  search: SearchService;
  newsletters: NewsletterService;
  topics: TopicService;
  /** Messages in another person's language: the author after a review, a community's newsletter. */
  messages: LocalizedMessages;
}

export function buildExperienceServices(db: Db, translator: Translator): ExperienceServices {
  const experiences = new ExperienceRepository(db);
  return {
    submissions: new ExperienceService(experiences),
    search: new SearchService(new SearchRepository(db)),
    newsletters: new NewsletterService(new NewsletterRepository(db)),
    topics: new TopicService(new TopicRepository(db)),
    messages: new LocalizedMessages(translator),
  };
}

/**
 * `/share`, `/review`, `/search`, `/newsletter`, `/topics`, and the buttons that open an experience's
 * files (the `/export` archive is in export-command.ts).
 */
export function registerExperienceCommands(router: AppRouter): void {
  registerShareCommands(router);
  registerReviewCommands(router);
  registerSearchCommands(router);
  registerNewsletterCommands(router);
  registerTopicCommands(router);
  registerAttachmentCommands(router);
}
