import { describe, expect, it } from 'vitest';
import type { InterviewAnswers } from '../../../src/features/interviews/interview-answers.ts';
import { accepts, mediaKindOf, readFile } from '../../../src/features/interviews/interview-input.ts';
import {
  askedQuestions,
  nextQuestion,
  previousQuestion,
  progressCount,
  withoutUnasked,
} from '../../../src/features/interviews/interview-progress.ts';
import {
  interviewTemplateSchema,
  questionsOf,
  type InterviewQuestion,
} from '../../../src/features/interviews/interview-template-schema.ts';

const text = (en: string) => ({ en, fa: en, vi: en, ru: en });

/** Where did you work (0 public, 1 university, 2 school)? A follow-up for 0 or 2, and one of that follow-up. */
const TEMPLATE = interviewTemplateSchema.parse({
  title: text('Career'),
  intro: text('About you'),
  sections: [
    {
      key: 'work',
      title: text('Work'),
      questions: [
        {
          key: 'where',
          type: 'choice',
          text: text('Where?'),
          options: [text('Public'), text('University'), text('School')],
        },
        {
          key: 'readers',
          type: 'choice',
          when: { key: 'where', in: [0, 2] },
          text: text('Young readers?'),
          options: [text('Yes'), text('No')],
        },
        { key: 'club', type: 'text', when: { key: 'readers', equals: 0 }, text: text('The reading club?') },
        { key: 'advice', type: 'long-text', text: text('Advice?') },
      ],
    },
  ],
});
const QUESTIONS = questionsOf(TEMPLATE);
const keys = (answers: InterviewAnswers) => askedQuestions(QUESTIONS, answers).map((q) => q.question.key);

describe('which questions are asked', () => {
  it('GIVEN no answer yet THEN follow-ups wait for the answer they depend on', () => {
    expect(keys({})).toEqual(['where', 'advice']);
    expect(nextQuestion(QUESTIONS, {}, -1)?.question.key).toBe('where');
  });

  it('GIVEN an answer among `in` THEN the follow-up is asked, and its own follow-up only for its option', () => {
    expect(keys({ where: { kind: 'choice', choice: 2 } })).toEqual(['where', 'readers', 'advice']);
    expect(keys({ where: { kind: 'choice', choice: 0 }, readers: { kind: 'choice', choice: 0 } })).toEqual([
      'where',
      'readers',
      'club',
      'advice',
    ]);
    expect(keys({ where: { kind: 'choice', choice: 1 } })).toEqual(['where', 'advice']);
    expect(nextQuestion(QUESTIONS, { where: { kind: 'choice', choice: 1 } }, 0)?.question.key).toBe('advice');
  });

  it('GIVEN a changed choice THEN answers of the branch not taken go, a follow-up of a follow-up too', () => {
    const answers: InterviewAnswers = {
      where: { kind: 'choice', choice: 1 },
      readers: { kind: 'choice', choice: 0 },
      club: { kind: 'text', text: 'Thursdays' },
      advice: { kind: 'skipped' },
    };
    expect(Object.keys(withoutUnasked(QUESTIONS, answers))).toEqual(['where', 'advice']);
    expect(progressCount(QUESTIONS, answers)).toEqual({ answered: 1, count: 2 });
  });

  it('GIVEN a question THEN Back returns to the asked question before it, and from the consent to the last one', () => {
    const answers: InterviewAnswers = { where: { kind: 'choice', choice: 0 }, readers: { kind: 'choice', choice: 1 } };
    expect(previousQuestion(QUESTIONS, answers, 3)?.question.key).toBe('readers');
    expect(previousQuestion(QUESTIONS, answers, null)?.question.key).toBe('advice');
    expect(previousQuestion(QUESTIONS, answers, 0)).toBeNull();
  });
});

describe('what a media question takes', () => {
  const media = (accept: Array<'voice' | 'audio' | 'photo' | 'document'>, max = 1) =>
    ({ key: 'm', type: 'media', text: text('Send'), accept, max }) as Extract<InterviewQuestion, { type: 'media' }>;

  it('GIVEN files as platforms send them THEN each is a voice message, a sound file, a photo or a document', () => {
    expect(mediaKindOf('audio/ogg', null)).toBe('voice');
    expect(mediaKindOf('audio/ogg', 'voice-message.ogg')).toBe('voice');
    expect(mediaKindOf('audio/mpeg', 'talk.mp3')).toBe('audio');
    expect(mediaKindOf('image/jpeg', null)).toBe('photo');
    expect(mediaKindOf('application/pdf', 'cv.pdf')).toBe('document');
  });

  it('GIVEN a question THEN a voice message stands for a sound file, and documents take anything', () => {
    expect(accepts(media(['voice']), 'audio')).toBe(true);
    expect(accepts(media(['voice']), 'photo')).toBe(false);
    expect(accepts(media(['document']), 'photo')).toBe(true);
  });

  it('GIVEN a file the question does not take, or one too many THEN it is refused with why', () => {
    const file = { type: 'file' as const, fileId: 'f', mimeType: 'image/png', fileName: 'a.png' };
    expect(readFile('telegram', file, media(['voice']), [])).toEqual({
      ok: false,
      key: 'interview.error.media-kind',
      params: { kind: 'photo', name: 'a.png' },
    });
    const one = readFile('telegram', file, media(['photo'], 1), []);
    expect(one.ok).toBe(true);
    const sofar = one.ok && one.value.kind === 'media' ? one.value.files : [];
    expect(readFile('telegram', file, media(['photo'], 1), sofar)).toMatchObject({
      ok: false,
      key: 'interview.error.media-full',
    });
  });
});
