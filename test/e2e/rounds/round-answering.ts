import type { BotProcess } from '../bot-process.ts';
import { typedNumber, type Language } from './member-libraries.ts';
import { step, type Chatter, type Received } from './round-platforms.ts';

/** The two figures a respondent types (the template's first two questions); every other one is skipped. */
export interface Figures {
  visits: number;
  loans: number;
}

export interface Answerer {
  chatter: Chatter;
  language: Language;
}

/**
 * A report round answered as a respondent does it, every step through the bot's buttons and typed
 * messages (round-answer-flow.ts): the buttons carry `rnd.a|ROUND.POSITION.OP`, so each step waits for
 * the message that shows the next position, in whatever language the respondent reads.
 */
export class RoundAnswering {
  constructor(
    private readonly roundId: number,
    /** How many questions the round asks: the summary is shown at this position. */
    private readonly questions: number,
    private readonly bot: BotProcess,
  ) {}

  /** The button of the round's opening message (and of its reminders). */
  get startButton(): string {
    return `rnd.go|${this.roundId}`;
  }

  /** The first answers of a library: opening button, the two figures typed, every other question skipped, Send. */
  async answer({ chatter: c, language }: Answerer, figures: Figures): Promise<void> {
    await this.step(c, 'question 1', () => c.press(this.startButton), this.at(0));
    await this.step(c, 'question 2', () => c.say(typedNumber(figures.visits, language)), this.at(1));
    await this.step(c, 'question 3', () => c.say(typedNumber(figures.loans, language)), this.at(2));
    for (let position = 2; position < this.questions; position++) {
      await this.step(
        c,
        `after skipping ${position + 1}`,
        () => c.press(this.op(position, 'k')),
        this.at(position + 1),
      );
    }
    await this.step(c, 'the thanks', () => c.press(this.op(this.questions, 'y')), this.sent);
  }

  /**
   * Another respondent of a library that has answered: the opening button says it was sent, "edit"
   * opens the summary, both figures are changed from there and the answers sent again.
   */
  async answerAgain({ chatter: c, language }: Answerer, figures: Figures): Promise<void> {
    const summary = this.questions;
    await this.step(c, 'already sent', () => c.press(this.startButton), this.sent);
    await this.step(c, 'the summary', () => c.press(`rnd.edit|${this.roundId}`), this.at(summary));
    await this.step(c, 'question 1 again', () => c.press(this.op(summary, 'c1')), this.at(0));
    await this.step(c, 'the summary', () => c.say(typedNumber(figures.visits, language)), this.at(summary));
    await this.step(c, 'question 2 again', () => c.press(this.op(summary, 'c2')), this.at(1));
    await this.step(c, 'the summary', () => c.say(typedNumber(figures.loans, language)), this.at(summary));
    await this.step(c, 'the thanks', () => c.press(this.op(summary, 'y')), this.sent);
  }

  private step(c: Chatter, what: string, act: () => Promise<void>, expected: (m: Received) => boolean) {
    return step(c, `round #${this.roundId}, ${what}`, act, expected, this.bot);
  }

  private op(position: number, op: string): string {
    return `rnd.a|${this.roundId}.${position}.${op}`;
  }

  /** A message showing the question at `position` (the summary at `questions`). */
  private at(position: number): (m: Received) => boolean {
    const prefix = `rnd.a|${this.roundId}.${position}.`;
    return (m) => m.payloads.some((payload) => payload.startsWith(prefix));
  }

  /** The thanks for sent answers, or the note that they were sent: both offer to edit them. */
  private readonly sent = (m: Received): boolean => m.payloads.includes(`rnd.edit|${this.roundId}`);
}
