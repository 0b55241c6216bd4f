import { formatDate } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { InterviewForExport } from './interview-archive-service.ts';
import type { ExportedMedia, MissingReason } from './interview-export-files.ts';
import type { MediaKind } from './interview-template-schema.ts';
import { mediaLabel, plain, transcriptCalendar } from './interview-transcript.ts';

/**
 * An exported interview as text in its own language, before it becomes Markdown or HTML: its title,
 * the facts about it, then each question and its answer, with each media file either at its place
 * in the ZIP or with the reason it is not there.
 */
export interface ExportDocument {
  language: Language;
  title: string;
  /** One line each: the template, the veteran (unless anonymous), the interviewer, how, when, the consent. */
  facts: string[];
  sections: Array<{ title: string; items: ExportItem[] }>;
  /** files.txt: its heading, then one line per media file. */
  filesHeading: string;
  fileList: string[];
}

export interface ExportItem {
  question: string;
  answer: { kind: 'text'; text: string } | { kind: 'media'; files: ExportFile[] };
}

export interface ExportFile {
  label: string;
  caption: string | null;
  media: MediaKind;
  mimeType: string;
  /** Its path in the ZIP; null when it is not in it. */
  path: string | null;
  /** Why it is not in the ZIP, in words. */
  missing: string | null;
}

export function buildExportDocument(exported: InterviewForExport, fetched: readonly ExportedMedia[]): ExportDocument {
  const { interview, language, t, transcript } = exported;
  const format = { language, calendar: transcriptCalendar(language), timeZone: interview.community.timeZone };
  const byNumber = new Map(fetched.map((f) => [f.media.n, f]));
  const files = new Map(
    transcript.media.map((media) => {
      const got = byNumber.get(media.n);
      const file: ExportFile = {
        label: mediaLabel(media, t),
        caption: media.file.caption,
        media: media.file.media,
        mimeType: media.file.mimeType,
        path: got?.included ? got.path : null,
        missing: got?.included ? null : missingText(t, got ? got.reason : 'retry', media.file.platform),
      };
      return [media.n, file];
    }),
  );
  const facts = [t('interview.export.doc.template', { title: transcript.templateTitle })];
  if (interview.consent !== 'anonymous') facts.push(t('interview.export.doc.veteran', { name: interview.veteranName }));
  if (interview.interviewer) {
    facts.push(t('interview.export.doc.interviewer', { name: interview.interviewer.displayName }));
  }
  facts.push(t('interview.export.doc.mode', { mode: interview.mode }));
  if (interview.finishedAt)
    facts.push(t('interview.export.doc.finished', { date: formatDate(interview.finishedAt, format) }));
  facts.push(
    t('interview.export.doc.consent', {
      consent: interview.consent ?? 'private',
      by: interview.consentBy ?? 'veteran',
    }),
  );
  return {
    language,
    title: exported.title,
    facts: facts.map(plain),
    sections: transcript.sections.map((section) => ({
      title: section.title,
      items: section.items.map((item) => ({
        question: item.question,
        answer:
          item.answer.kind === 'text'
            ? item.answer
            : { kind: 'media' as const, files: item.answer.media.map((media) => files.get(media.n)!) },
      })),
    })),
    filesHeading: plain(t('interview.export.files.heading', { id: String(interview.id), title: exported.title })),
    fileList: [...files.values()].map((file) =>
      plain(
        file.path
          ? t('interview.export.files.included', { label: file.label, path: file.path })
          : t('interview.export.files.missing', { label: file.label, reason: file.missing ?? '' }),
      ),
    ),
  };
}

/** Platforms whose names the locales spell out (Persian writes them in its own script). */
const NAMED_PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

function missingText(t: Translate, reason: MissingReason, platform: string): string {
  const name = NAMED_PLATFORMS.has(platform) ? t(`platform.${platform}`) : platform;
  // ICU selectors take no hyphen.
  return plain(t('interview.export.missing', { reason: reason.replace('-', '_'), platform: name }));
}
