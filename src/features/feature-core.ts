import type { Logger } from '../logger.ts';
import type { Translator } from '../i18n/translator.ts';
import type { Messenger } from './ballots/messenger.ts';
import type { BallotKeys } from './polls/ballot-key.ts';
import type { FileSources } from '../core/stored-files.ts';

/** The parts of the core that services which post on their own (jobs, other chats) are built with. */
export interface FeatureCore {
  outbox: Messenger;
  translator: Translator;
  logger: Logger;
  /** The keys of anonymous ballots, from the instance secret; unset: random for this process (tests). */
  ballotKeys?: BallotKeys;
  /** Where a feature fetches a file a member sent; unset: none can be (tests without files). */
  files?: FileSources;
  /** Where templates uploaded from the web dashboard are kept (`DATA_DIR/templates`); unset: in memory. */
  templatesDir?: string;
}
