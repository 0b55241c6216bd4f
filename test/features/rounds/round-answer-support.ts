import { roundTemplateSchema } from '../../../src/features/rounds/round-template-schema.ts';
import type { ChatRef } from '../../../src/core/event.ts';
import { privateChat, type Harness, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/**
 * Rounds and libraries written straight into the database, as the round commands and /library would
 * make them (those are built apart from answering): what answering reads.
 */

const text = (en: string, fa: string) => ({ en, fa, vi: en, ru: en });

/** Seven questions in three sections: every kind, two of them required. */
export const TEST_TEMPLATE = roundTemplateSchema.parse({
  title: text('Quarterly activity', 'گزارش فعالیت فصلی'),
  intro: text('Figures of the quarter.', 'آمار این فصل.'),
  sections: [
    {
      key: 'figures',
      title: text('Figures', 'آمار'),
      questions: [
        {
          key: 'visits',
          type: 'number',
          required: true,
          text: text('Visits', 'شمار بازدیدها'),
          unit: text('visits', 'بازدید'),
        },
        { key: 'hours', type: 'number', integer: false, max: 1000, text: text('Training hours', 'ساعت‌های آموزش') },
      ],
    },
    {
      key: 'activities',
      title: text('Activities', 'فعالیت‌ها'),
      questions: [
        {
          key: 'kind',
          type: 'single',
          required: true,
          text: text('Main activity', 'فعالیت اصلی'),
          options: [text('Lending', 'امانت'), text('Training', 'آموزش'), text('Events', 'رویدادها')],
        },
        {
          key: 'topics',
          type: 'multi',
          text: text('Topics', 'موضوع‌ها'),
          options: [text('Literacy', 'سواد اطلاعاتی'), text('Digital', 'دیجیتال'), text('Children', 'کودکان')],
        },
        {
          key: 'quality',
          type: 'scale',
          text: text('How did it go?', 'چطور پیش رفت؟'),
          low: text('badly', 'بد'),
          high: text('very well', 'خیلی خوب'),
        },
      ],
    },
    {
      key: 'story',
      title: text('Experience', 'تجربه'),
      questions: [
        { key: 'experience', type: 'text', text: text('Experience of the quarter', 'تجربهٔ این فصل') },
        { key: 'report', type: 'file', text: text('The report as a file', 'فایل گزارش') },
      ],
    },
  ],
});

export async function memberId(h: Harness, person: Person): Promise<number> {
  const identity = await h.prisma.identity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'test', externalId: person.userId } },
    select: { memberId: true },
  });
  return identity.memberId;
}

export async function communityId(h: Harness): Promise<number> {
  return (await h.prisma.community.findFirstOrThrow({ select: { id: true } })).id;
}

export async function library(
  h: Harness,
  name: string,
  respondents: Person[],
  committeeId: number | null = null,
): Promise<number> {
  const community = await communityId(h);
  const { id } = await h.prisma.library.create({
    data: { communityId: community, name, committeeId },
    select: { id: true },
  });
  for (const person of respondents) {
    await h.prisma.libraryRespondent.create({
      data: { communityId: community, memberId: await memberId(h, person), libraryId: id },
    });
  }
  return id;
}

const DAY = 24 * 3600_000;

export async function round(
  h: Harness,
  options: {
    label?: string;
    periodStart?: Date;
    periodEnd?: Date;
    audience?: 'libraries' | 'committee' | 'members';
    committeeId?: number;
    opensAt?: Date;
    closedAt?: Date | null;
    seriesId?: number | null;
  } = {},
): Promise<number> {
  const community = await communityId(h);
  const { id } = await h.prisma.shortNumber.create({ data: { kind: 'round' }, select: { id: true } });
  const periodStart = options.periodStart ?? new Date('2026-09-22T20:30:00Z');
  await h.prisma.reportRound.create({
    data: {
      id,
      communityId: community,
      templateName: 'quarterly-test',
      template: TEST_TEMPLATE,
      periodKind: 'jalali-quarter',
      periodLabel: options.label ?? '1405-Q3',
      periodStart,
      periodEnd: options.periodEnd ?? new Date(periodStart.getTime() + 90 * DAY),
      audience: options.audience ?? 'libraries',
      committeeId: options.committeeId ?? null,
      opensAt: options.opensAt ?? new Date(Date.now() - DAY),
      // An open round has been opened (its first messages sent): the app's opening job leaves it be.
      openedAt: (options.opensAt ?? new Date(0)).getTime() <= Date.now() ? new Date(Date.now() - DAY) : null,
      dueAt: new Date(Date.now() + 10 * DAY),
      closedAt: options.closedAt ?? null,
      seriesId: options.seriesId ?? null,
    },
  });
  return id;
}

/** Presses a button of the bot's that the member might have: an action with its data, in their private chat. */
export function act(
  h: Harness,
  person: Person,
  action: string,
  data: string,
  chat: ChatRef = privateChat(person.userId),
) {
  return h.deliver(person.event({ type: 'action', action, data }, chat));
}

export function sendFile(h: Harness, person: Person, file: { fileId: string; fileName?: string; mimeType?: string }) {
  return h.deliver(person.event({ type: 'file', ...file }, privateChat(person.userId)));
}

/** Text as read, without the direction marks a Persian message carries. */
export function bare(text: string): string {
  return text.replace(/[\u200e\u200f\u2066-\u2069]/g, '');
}

/** The last message with buttons: the step the member is at. */
export function step(messages: SentMessage[]): SentMessage {
  const found = messages.filter((m) => m.buttons && m.buttons.length > 0).at(-1);
  if (!found) throw new Error(`no step among: ${messages.map((m) => m.text).join(' | ')}`);
  return found;
}

/** Presses the button of a step whose data ends with this op (`o1`, `k`, `y`, `c3`…). */
export function pressOp(h: Harness, person: Person, message: SentMessage, op: string) {
  const button = message.buttons!.flat().find((b) => b.action.startsWith('rnd.') && b.data?.endsWith(`.${op}`));
  if (!button)
    throw new Error(
      `no button ${op} among ${message
        .buttons!.flat()
        .map((b) => `${b.label}=${b.data}`)
        .join(', ')}`,
    );
  return act(h, person, button.action, button.data ?? '');
}

export function labels(message: SentMessage): string[] {
  return message.buttons!.flat().map((b) => bare(b.label));
}
