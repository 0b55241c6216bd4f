import type { OutboundMessage } from '../../core/event.ts';
import type { Translator } from '../../i18n/translator.ts';
import { speakerFor } from '../meetings/meeting-text.ts';
import type { PrivateReader } from './action-repository.ts';
import type { ActionDigestRepository, OverdueAction } from './action-digest-repository.ts';
import { digestWeek } from './action-schedule.ts';
import { actionLines, block, readerFrom } from './action-text.ts';

/**
 * The weekly digest of overdue actions: from Monday 09:00 in the community's zone, each chair with
 * overdue actions to hear of (those they recorded, or of meetings they chair; the community's chairs
 * for an action that has neither) gets one private message listing them: owners, text, due date and
 * days overdue. Exactly once per chair, community and ISO week (ActionDigestRepository.sendWeek).
 */
export class ActionDigest {
  constructor(
    private readonly repo: ActionDigestRepository,
    private readonly translator: Translator,
    private readonly outbox: { wake(): void },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sends the digests whose time has come and that were not sent yet; returns how many went. */
  async run(): Promise<number> {
    const now = this.now();
    let sent = 0;
    for (const community of await this.repo.communitiesWithOverdue(now)) {
      const { week, due } = digestWeek(now, community.timeZone);
      if (!due) continue;
      sent += await this.repo.sendWeek(community.id, week, now, (chair, actions) => this.compose(chair, actions, now));
    }
    if (sent > 0) this.outbox.wake();
    return sent;
  }

  private compose(chair: PrivateReader, actions: OverdueAction[], now: Date): OutboundMessage {
    const reader = readerFrom(chair.language, chair.calendar, chair.timeZone);
    const s = speakerFor(this.translator, reader.language);
    const items = actions.map((action) => actionLines(s, reader, action, now));
    return { text: s.t('actions.digest', { count: actions.length, list: block(items) }) };
  }
}
