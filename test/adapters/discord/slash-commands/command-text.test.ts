import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commandTextFromOptions } from '../../../../src/adapters/discord/slash-commands/index.ts';
import { COMMAND_OPTIONS } from '../../../../src/adapters/discord/slash-commands/command-options.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { parsePollInput } from '../../../../src/features/polls/poll-options-parser.ts';
import { readDeadline } from '../../../../src/features/ballots/ballot-deadline.ts';
import { filledOptions, type FilledOptions } from './interactions.ts';

/** The text command a filled-in slash command becomes, through discord.js's own interaction object. */
const text = (command: string, filled: FilledOptions = {}) =>
  commandTextFromOptions(command, filledOptions(command, filled));

function refusal(command: string, filled: FilledOptions): UserError {
  try {
    text(command, filled);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`/${command} was not refused`);
}

describe('slash command options → the core’s text commands', () => {
  it('GIVEN a command called without options THEN it becomes the bare command (the guided form)', () => {
    for (const command of Object.keys(COMMAND_OPTIONS)) {
      if (COMMAND_OPTIONS[command as keyof typeof COMMAND_OPTIONS].some((o) => o.required)) continue;
      const expected = command === 'committee' ? 'add' : '';
      expect(text(command), command).toEqual({ name: command, args: expected });
    }
  });

  describe('/poll', () => {
    it('GIVEN a question, three answers and every setting THEN the poll parser reads exactly them', () => {
      const { args } = text('poll', {
        question: 'Which day suits the webinar?',
        choice1: 'Monday',
        choice2: 'Tuesday – after 2 pm',
        choice3: 'Friday',
        multi: true,
        anon: true,
        hide: true,
        everywhere: true,
        until: '3d',
      });
      expect(parsePollInput(args)).toEqual({
        ok: true,
        draft: {
          question: 'Which day suits the webinar?',
          options: ['Monday', 'Tuesday – after 2 pm', 'Friday'],
          multi: true,
          anonymous: true,
          hideResults: true,
          everywhere: true,
          until: '3d',
        },
      });
    });

    it('GIVEN --until as a Jalali date in Persian digits THEN it reaches the deadline reader as typed', () => {
      const { args } = text('poll', {
        question: 'کدام روز؟',
        choice1: 'شنبه',
        choice2: 'یکشنبه',
        until: '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰',
      });
      const parsed = parsePollInput(args);
      expect(parsed.ok && parsed.draft.until).toBe('۱۴۰۴/۰۳/۲۳ ۱۰:۰۰');
      const deadline = readDeadline(
        '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰',
        { language: 'fa', timeZone: 'Asia/Tehran', calendar: 'persian' },
        new Date('2025-06-01T00:00:00Z'),
      );
      expect(deadline.toISOString()).toBe('2025-06-13T06:30:00.000Z');
    });

    it('GIVEN a “|” inside the question or an answer THEN it is refused, never split into answers', () => {
      const inQuestion = refusal('poll', { question: 'Either A|B?', choice1: 'Yes', choice2: 'No' });
      expect(inQuestion.key).toBe('discord.error.separator');
      expect(inQuestion.params).toMatchObject({ option: 'question', command: '/poll' });
      expect(refusal('poll', { question: 'Q', choice1: 'A | B', choice2: 'C' }).params).toMatchObject({
        option: 'choice1',
      });
    });

    it('GIVEN a word starting with -- or a dash in an answer THEN it is refused, never read as a setting', () => {
      const dash = refusal('poll', { question: 'Как лучше?', choice1: 'Вариант —первый', choice2: 'Второй' });
      expect(dash.key).toBe('discord.error.flag-like');
      expect(dash.params).toMatchObject({ option: 'choice1', text: '—первый' });
      expect(refusal('poll', { question: 'Use --multi here?', choice1: 'A', choice2: 'B' }).params).toMatchObject({
        option: 'question',
        text: '--multi',
      });
    });

    it('GIVEN any question and answers THEN the parser gets exactly them, or the member is told why not', () => {
      const piece = fc.string({
        minLength: 1,
        maxLength: 40,
        unit: fc.constantFrom('a', 'б', 'ی', ' ', '|', '-', '—', '–', '?', '1', '۲', '#'),
      });
      fc.assert(
        fc.property(
          piece,
          fc.array(piece, { minLength: 2, maxLength: 10 }),
          fc.boolean(),
          (question, answers, multi) => {
            const filled: FilledOptions = { question, multi };
            answers.forEach((answer, i) => (filled[`choice${i + 1}`] = answer));
            let args: string;
            try {
              ({ args } = text('poll', filled));
            } catch (error) {
              expect(error).toBeInstanceOf(UserError);
              return;
            }
            const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
            const parsed = parsePollInput(args);
            expect(parsed.ok).toBe(collapse(question) !== '');
            if (!parsed.ok) return;
            expect(parsed.draft.question).toBe(collapse(question));
            expect(parsed.draft.options).toEqual(answers.filter((a) => a.trim() !== '').map(collapse));
            expect(parsed.draft.multi).toBe(multi);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
