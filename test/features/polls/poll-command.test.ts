import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkValues } from '../../../src/core/command.ts';
import { pollCommand, pollDraftOf } from '../../../src/features/polls/poll-commands.ts';
import { readDeadline } from '../../../src/features/ballots/ballot-deadline.ts';
import { decodeOptions } from '../../../src/adapters/discord/slash-commands/spec-options.ts';
import { filledOptions, type FilledOptions } from '../../adapters/discord/slash-commands/interactions.ts';

/** A filled-in Discord /poll as the core receives it: decoded by the generic decoder, checked by the spec. */
const typed = (filled: FilledOptions) =>
  checkValues(pollCommand.args, decodeOptions(pollCommand.args, filledOptions('poll', filled)));
const draftOf = (values: ReturnType<typeof typed>) => pollDraftOf(values as Parameters<typeof pollDraftOf>[0]);

describe('/poll: one spec, typed on Discord and read from text elsewhere', () => {
  it('GIVEN every setting as options and as text THEN both give the same values', () => {
    const fromDiscord = typed({
      question: 'Which day suits the webinar?',
      choice1: 'Monday',
      choice2: 'Tuesday – after 2 pm',
      choice3: 'Friday',
      multi: true,
      anon: true,
      hide: true,
      everywhere: true,
      until: '3d',
      committee: 'Digital services',
    });
    const fromText = pollCommand.parse(
      'Which day suits the webinar? | Monday | Tuesday – after 2 pm | Friday --multi --anon --hide --everywhere --until 3d --committee Digital services',
      {},
    );
    expect(fromDiscord).toEqual(fromText);
    expect(draftOf(fromDiscord)).toEqual({
      question: 'Which day suits the webinar?',
      options: ['Monday', 'Tuesday – after 2 pm', 'Friday'],
      multi: true,
      anonymous: true,
      hideResults: true,
      everywhere: true,
      until: '3d',
      committee: 'Digital services',
    });
  });

  it('GIVEN --until as a Jalali date in Persian digits THEN it reaches the deadline reader as typed', () => {
    const values = typed({ question: 'کدام روز؟', choice1: 'شنبه', choice2: 'یکشنبه', until: '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰' });
    expect(values.until).toBe('۱۴۰۴/۰۳/۲۳ ۱۰:۰۰');
    const deadline = readDeadline(
      '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰',
      { language: 'fa', timeZone: 'Asia/Tehran', calendar: 'persian' },
      new Date('2025-06-01T00:00:00Z'),
    );
    expect(deadline.toISOString()).toBe('2025-06-13T06:30:00.000Z');
  });

  it('GIVEN a “|”, a --word or a phone’s dash inside the question or an answer THEN it stays part of it', () => {
    const draft = draftOf(
      typed({
        question: 'Either A|B? Use --multi',
        choice1: 'Вариант —первый',
        choice2: 'A | B',
        committee: 'X | --anon',
      }),
    );
    expect(draft).toMatchObject({
      question: 'Either A|B? Use --multi',
      options: ['Вариант —первый', 'A | B'],
      multi: false,
      anonymous: false,
      committee: 'X | --anon',
    });
  });

  it('GIVEN any question and answers typed on Discord THEN the poll gets exactly them, spaces collapsed', () => {
    const piece = fc.string({
      minLength: 1,
      maxLength: 40,
      unit: fc.constantFrom('a', 'б', 'ی', '\u200c', ' ', '|', '-', '—', '–', '?', '1', '۲', '#', '😀'),
    });
    fc.assert(
      fc.property(piece, fc.array(piece, { minLength: 2, maxLength: 10 }), fc.boolean(), (question, answers, multi) => {
        const filled: FilledOptions = { question, multi };
        answers.forEach((answer, i) => (filled[`choice${i + 1}`] = answer));
        const values = typed(filled);
        const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
        if (values.question === undefined) {
          expect(question.trim()).toBe('');
          return;
        }
        const draft = draftOf(values);
        expect(draft.question).toBe(collapse(question));
        expect(draft.options).toEqual(answers.filter((a) => a.trim() !== '').map(collapse));
        expect(draft.multi).toBe(multi);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN the arguments THEN the committee suggests names and the answers are ten, within Discord’s bound', () => {
    const byName = Object.fromEntries(pollCommand.args.map((arg) => [arg.name, arg]));
    expect(byName.committee!.suggest).toBeTypeOf('function');
    expect(byName.choice).toMatchObject({ list: 10, maxLength: 80 });
  });
});
