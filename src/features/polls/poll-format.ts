import { formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages.ts';
import type { OutboundFile } from '../../core/event.ts';
import type { PollRow } from './poll-repository.ts';

/** How a poll is written for a chat or a member: its languages, dates in its community's calendar, its chart file. */

export function asLanguage(value: string): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

/** A group's messages are in its community's language (everyone there reads the same message). */
export function communityLanguage(poll: PollRow): Language {
  return asLanguage(poll.community.language);
}

export function formatFor(poll: PollRow, language: Language): FormatOptions {
  const calendar = poll.community.calendar === 'persian' ? 'persian' : 'gregorian';
  return { language, calendar, timeZone: poll.community.timeZone };
}

export function closesText(poll: PollRow, language: Language): string {
  return formatDateTime(poll.closesAt!, formatFor(poll, language));
}

export function chartFile(pollId: number, png: Buffer): OutboundFile {
  return {
    fileName: `poll-${pollId}.png`,
    mimeType: 'image/png',
    contentBase64: png.toString('base64'),
    isImage: true,
  };
}
