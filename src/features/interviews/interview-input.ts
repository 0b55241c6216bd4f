import { Temporal } from 'temporal-polyfill';
import { isUserError } from '../../core/errors.ts';
import type { FlowInput } from '../../core/router.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import { readWhen, type WhenInputContext } from '../when-input.ts';
import type { InterviewAnswer, MediaFile } from './interview-answers.ts';
import type { InterviewQuestion, MediaKind } from './interview-template-schema.ts';

/**
 * What the person answering types or sends for one question, read into an answer or into the reason
 * it cannot be one (a locale key with its parameters), as small pure functions: the flow turns a
 * refusal into the reader's language.
 */
export type InputResult<T> = { ok: true; value: T } | { ok: false; key: string; params: Record<string, unknown> };

type Question<T extends InterviewQuestion['type']> = Extract<InterviewQuestion, { type: T }>;

/** One message's text for a text question, whole. */
export function readText(typed: string, question: Question<'text'>): InputResult<InterviewAnswer> {
  const text = typed.trim();
  if (!text) return { ok: false, key: 'interview.error.empty-text', params: {} };
  const length = [...text].length;
  if (length > question.maxLength) {
    return { ok: false, key: 'interview.error.too-long', params: { length, max: question.maxLength } };
  }
  return { ok: true, value: { kind: 'text', text } };
}

/**
 * One more message of a long answer: the parts so far and this one. Refused whole when the answer
 * would grow past the question's bound (the parts stay as they were).
 */
export function addPart(
  parts: readonly string[],
  typed: string,
  question: Question<'long-text'>,
): InputResult<InterviewAnswer> {
  const text = typed.trim();
  if (!text) return { ok: false, key: 'interview.error.empty-text', params: {} };
  const length = [...parts, text].reduce((sum, part) => sum + [...part].length, 0);
  if (length > question.maxLength) {
    return { ok: false, key: 'interview.error.too-long', params: { length, max: question.maxLength } };
  }
  return { ok: true, value: { kind: 'long-text', parts: [...parts, text] } };
}

/** Four digits alone (`۱۳۶۵`, `1986`): a year; below 1700 a Solar Hijri one, as the date parser reads years. */
const YEAR_ONLY = /^(\d{4})$/;

/**
 * A date as `/meeting` reads them (Jalali or Gregorian, Persian or Latin digits, month names), or a
 * year alone. The day is kept as the answerer's wall calendar gave it, the time of day when typed.
 */
export function readDate(typed: string, reader: WhenInputContext, now = new Date()): InputResult<InterviewAnswer> {
  const text = typed.trim();
  const year = YEAR_ONLY.exec(toLatinDigits(text).replace(/[\u200e\u200f\u061c]/g, ''));
  if (year) {
    const value = Number(year[1]);
    return {
      ok: true,
      value: { kind: 'year', year: value, calendar: value < 1700 ? 'persian' : 'gregorian', typed: text },
    };
  }
  try {
    const when = readWhen(text, reader, { now });
    const wall = Temporal.Instant.fromEpochMilliseconds(when.start.getTime()).toZonedDateTimeISO(reader.timeZone);
    const time = when.hasTime ? `${pad(wall.hour)}:${pad(wall.minute)}` : null;
    return { ok: true, value: { kind: 'date', day: wall.toPlainDate().toString(), time, typed: text } };
  } catch (error) {
    if (isUserError(error)) return { ok: false, key: error.key, params: error.params };
    throw error;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Telegram's voice notes come as Ogg/Opus without a name; Discord's are named `voice-message.ogg`. */
const VOICE_TYPES = new Set(['audio/ogg', 'audio/opus', 'audio/webm']);

/** What kind of media a file is, from its type and name. */
export function mediaKindOf(mimeType: string, fileName: string | null): MediaKind {
  if (mimeType.startsWith('image/')) return 'photo';
  if (mimeType.startsWith('audio/')) {
    const unnamed = !fileName || /^voice[-_]message/i.test(fileName);
    return VOICE_TYPES.has(mimeType) && unnamed ? 'voice' : 'audio';
  }
  return 'document';
}

/**
 * Whether a question takes this kind of file: a voice message and a sound file stand for each other
 * (a veteran who records on another app sends a file), and a question that takes documents takes any
 * file (a scanned page comes as a picture).
 */
export function accepts(question: Question<'media'>, kind: MediaKind): boolean {
  const accepted = new Set(question.accept);
  if (accepted.has('document') || accepted.has(kind)) return true;
  return (kind === 'voice' && accepted.has('audio')) || (kind === 'audio' && accepted.has('voice'));
}

/** A file sent for a media question, by its platform reference; refused when the question does not take it. */
export function readFile(
  platform: string,
  input: Extract<FlowInput, { type: 'file' }>,
  question: Question<'media'>,
  sofar: readonly MediaFile[],
): InputResult<InterviewAnswer> {
  const declared = input.mimeType?.split(';')[0]?.trim().toLowerCase();
  const mimeType = declared || 'application/octet-stream';
  const fileName = input.fileName?.trim() || null;
  const media = mediaKindOf(mimeType, fileName);
  if (!accepts(question, media)) {
    return { ok: false, key: 'interview.error.media-kind', params: { kind: media, name: fileName ?? mimeType } };
  }
  if (sofar.length >= question.max)
    return { ok: false, key: 'interview.error.media-full', params: { max: question.max } };
  const file: MediaFile = {
    platform,
    fileId: input.fileId,
    fileName,
    mimeType,
    media,
    caption: input.caption?.trim() || null,
  };
  return { ok: true, value: { kind: 'media', files: [...sofar, file] } };
}
