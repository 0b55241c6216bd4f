import type { InterviewForExport } from './interview-archive-service.ts';
import type { ExportedMedia } from './interview-export-files.ts';

/**
 * metadata.json: the exported interview described with the fifteen Dublin Core elements it has a
 * value for, as JSON-LD whose plain keys (`title`, `rights`) are those elements (`@vocab`), so that an
 * archive or a repository (DSpace, Omeka) maps it without a table. `rights` is the consent, as stored;
 * an anonymous interview names no contributor: the veteran is not named anywhere in its export.
 */
export interface InterviewMetadata {
  '@context': { '@vocab': 'http://purl.org/dc/elements/1.1/' };
  title: string;
  /** The interviewer (absent when their account is gone). */
  creator?: string;
  /** The veteran, unless the interview is anonymous. */
  contributor?: string;
  publisher: string;
  description: string;
  /** When it was finished, as a W3CDTF day (`2026-12-07`). */
  date: string;
  /** BCP 47 (`fa`). */
  language: string;
  rights: 'named' | 'anonymous' | 'members_only' | 'private';
  type: 'Interview';
  /** The media types of what the ZIP holds. */
  format: string[];
  identifier: string;
}

export function interviewMetadata(exported: InterviewForExport, fetched: readonly ExportedMedia[]): InterviewMetadata {
  const { interview, transcript } = exported;
  const included = fetched.flatMap((f) => (f.included ? [f.media.file.mimeType] : []));
  const finished = interview.finishedAt ?? interview.startedAt;
  return {
    '@context': { '@vocab': 'http://purl.org/dc/elements/1.1/' },
    title: exported.title,
    ...(interview.interviewer ? { creator: interview.interviewer.displayName } : {}),
    ...(interview.consent !== 'anonymous' && interview.veteranName ? { contributor: interview.veteranName } : {}),
    publisher: interview.community.name,
    description: transcript.templateTitle,
    date: finished.toISOString().slice(0, 10),
    language: exported.language,
    rights: interview.consent ?? 'private',
    type: 'Interview',
    format: [...new Set(['text/markdown', 'text/html', ...included])],
    identifier: `interview-${interview.id}`,
  };
}
