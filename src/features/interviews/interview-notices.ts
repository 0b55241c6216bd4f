import type { OutboundMessage } from '../../core/event.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { Translator } from '../../i18n/translator.ts';
import { localize } from '../surveys/survey-questions.ts';
import { continueButton } from './interview-buttons.ts';
import { progressCount } from './interview-progress.ts';
import type { InterviewView } from './interview-service.ts';
import { interviewTitle, statusText, type Reader } from './interview-text.ts';

/** Someone's settings as stored (free strings): read into a language, calendar and zone the texts take. */
export interface ReaderSettings {
  language: string;
  calendar: string;
  timeZone: string;
}

/**
 * The messages an interview sends to someone other than the person acting, each in its reader's own
 * language and calendar: the veteran's invitation and silence reminder, and the interviewer's notices
 * that the veteran finished or withdrew.
 */
export class InterviewNotices {
  constructor(private readonly translator: Translator) {}

  reader(settings: ReaderSettings): Reader {
    const language = isLanguage(settings.language) ? settings.language : 'en';
    return {
      t: this.translator.forLanguage(language),
      language,
      calendar: settings.calendar === 'persian' ? 'persian' : 'gregorian',
      timeZone: settings.timeZone,
      list: (items) => this.translator.list(language, items),
    };
  }

  /** To the veteran, privately: who asks, what for, and the button to begin. */
  invitation(view: InterviewView, settings: ReaderSettings): OutboundMessage {
    const { t, language } = this.reader(settings);
    return {
      text: t('interview.invitation', {
        id: String(view.id),
        interviewer: view.interviewerName ?? '',
        title: interviewTitle(view, language),
        intro: localize(view.template.intro, language),
      }),
      buttons: continueButton(t, view.id, 'interview.button.begin'),
    };
  }

  /** To the veteran after days of silence: how far they got, and the button to go on. */
  silenceReminder(view: InterviewView, settings: ReaderSettings): OutboundMessage {
    const { t, language } = this.reader(settings);
    const { answered, count } = progressCount(view.questions, view.answers);
    return {
      text: t('interview.reminder', { id: String(view.id), title: interviewTitle(view, language), answered, count }),
      buttons: continueButton(t, view.id, 'interview.button.continue'),
    };
  }

  /** To the interviewer of a self-paced interview: the veteran finished it, with this consent. */
  finished(view: InterviewView, settings: ReaderSettings): OutboundMessage {
    const reader = this.reader(settings);
    return {
      text: reader.t('interview.notice.finished', {
        id: String(view.id),
        title: interviewTitle(view, reader.language),
        veteran: view.veteranName,
        status: statusText(reader, view),
      }),
    };
  }

  /** To the interviewer: the veteran withdrew the interview. */
  withdrawn(view: InterviewView, settings: ReaderSettings): OutboundMessage {
    const { t, language } = this.reader(settings);
    return {
      text: t('interview.notice.withdrawn', {
        id: String(view.id),
        title: interviewTitle(view, language),
        veteran: view.veteranName,
      }),
    };
  }
}
