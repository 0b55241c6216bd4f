import type { InterviewAnswers } from '../../../src/features/interviews/interview-answers.ts';
import {
  readInterviewTemplate,
  type InterviewTemplateBody,
} from '../../../src/features/interviews/interview-template-schema.ts';
import type { Harness } from '../../support/harness.ts';

/**
 * Finished interviews as the interview flows leave them (a row with its template, answers and consent),
 * for the tests of what happens to them afterwards: curation, search, newsletters, withdrawal, export.
 */

const text = (en: string, fa: string) => ({ en, fa, vi: en, ru: en });

/** A small template of the same shape as the shipped one: a follow-up on a choice, long text, a date, media. */
export const TEMPLATE: InterviewTemplateBody = readInterviewTemplate({
  title: text("A veteran librarian's career", 'مسیر کاری یک کتابدار پیشکسوت'),
  intro: text('Thank you for your time.', 'از وقتی که گذاشتید سپاسگزاریم.'),
  sections: [
    {
      key: 'beginnings',
      title: text('Beginnings', 'آغاز کار'),
      questions: [
        { key: 'first-day', type: 'date', text: text('When was your first day?', 'نخستین روز کارتان کی بود؟') },
        {
          key: 'path',
          type: 'choice',
          text: text('How did you come to libraries?', 'چطور به کتابخانه رسیدید؟'),
          options: [text('By study', 'با تحصیل'), text('By chance', 'به تصادف')],
        },
        {
          key: 'chance',
          type: 'text',
          text: text('What was the chance?', 'آن تصادف چه بود؟'),
          when: { key: 'path', equals: 1 },
        },
      ],
    },
    {
      key: 'changes',
      title: text('Changes witnessed', 'دگرگونی‌هایی که دیدید'),
      questions: [
        { key: 'story', type: 'long-text', text: text('What changed most?', 'چه چیزی بیش از همه تغییر کرد؟') },
        {
          key: 'photo',
          type: 'media',
          accept: ['photo'],
          text: text('A photo of the library then', 'عکسی از کتابخانه در آن روزها'),
        },
        {
          key: 'voice',
          type: 'media',
          accept: ['voice', 'audio'],
          text: text('Tell us in your own voice', 'با صدای خودتان بگویید'),
        },
      ],
    },
  ],
});

export const PHOTO_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
export const VOICE_BYTES = Buffer.from('OggS voice of the veteran, recorded in 1402');

/** Answers to every question: the follow-up taken, a story over two messages, a photo and a voice message. */
export function answers(story: string[]): InterviewAnswers {
  return {
    'first-day': { kind: 'date', day: '1986-09-23', time: null, typed: '1 مهر 1365' },
    path: { kind: 'choice', choice: 1 },
    chance: { kind: 'text', text: 'A friend needed help with the card catalogue.' },
    story: { kind: 'long-text', parts: story },
    photo: {
      kind: 'media',
      files: [
        {
          platform: 'test',
          fileId: 'photo-1',
          fileName: null,
          mimeType: 'image/jpeg',
          media: 'photo',
          caption: 'The reading room, 1365',
        },
      ],
    },
    voice: {
      kind: 'media',
      files: [
        {
          platform: 'test',
          fileId: 'voice-1',
          fileName: null,
          mimeType: 'audio/ogg',
          media: 'voice',
          caption: null,
        },
      ],
    },
  };
}

export interface FinishedInterview {
  communityId: number;
  veteranId: number | null;
  veteranName: string;
  interviewerId: number;
  consent: 'named' | 'anonymous' | 'members_only' | 'private';
  mode?: 'led' | 'self';
  language?: string;
  answers?: InterviewAnswers;
}

/** A finished interview row, as the flows write it once the consent is given. */
export async function finishedInterview(h: Harness, input: FinishedInterview): Promise<number> {
  const now = new Date();
  const row = await h.prisma.interview.create({
    data: {
      communityId: input.communityId,
      templateName: 'veteran-career',
      template: TEMPLATE,
      language: input.language ?? 'en',
      mode: input.mode ?? 'self',
      interviewerId: input.interviewerId,
      veteranId: input.veteranId,
      veteranName: input.veteranName,
      currentKey: null,
      answers: input.answers ?? answers(['The card catalogue went online.', 'Then came the digital libraries.']),
      status: 'finished',
      consent: input.consent,
      consentBy: input.mode === 'led' ? 'interviewer' : 'veteran',
      consentAt: now,
      finishedAt: now,
    },
    select: { id: true },
  });
  return row.id;
}

export async function memberId(h: Harness, name: string): Promise<number> {
  return (await h.prisma.member.findFirstOrThrow({ where: { displayName: name }, select: { id: true } })).id;
}
