import { afterEach, describe, expect, it } from 'vitest';
import * as tg from '../../fakes/telegram/updates.ts';
import type { DeliveredMessage } from '../../fakes/telegram/fake-bot-api.ts';
import { jalaliDay, shownDate, typedDate, typedMinute, ZONE } from './jalali-dates.ts';
import { REMINDER_TICK_SECONDS, replyingTo, TelegramBot, until } from './telegram-bot.ts';

/**
 * Issue 18, "Must show", first item: the real bot process (src/main.ts, on the real clock) against the
 * Telegram fake. A Jalali community in Tehran with a committee; a weekly committee meeting scheduled in
 * its group opens its minutes when it starts; the secretary the chair names by reply records 2 topics,
 * 3 notes, 2 decisions and 3 actions for 2 owners (one by reply, one by name, one with both); closing
 * posts the minutes with the committee's decision numbers, as a message and as Markdown and HTML files.
 * Each owner gets a private message per action; one presses Done, the other nothing. The shared
 * action's due-date reminder is brought close in the database, the bot is killed with SIGKILL before it
 * is due and started again after: only the owner who did nothing hears of it, once. The next week's
 * occurrence starts its agenda with the actions still open and the topic left unfinished. The meeting's
 * start, and the rest of its minute, are brought close in the database too, rather than waited for.
 */

const TITLE = 'Documentation weekly';
const COMMITTEE = 'Documentation';
/** `Documentation` → `DOC` (decision-number.ts): the committee's decisions count under it. */
const PREFIX = 'DOC';
const DECISION_1 = 'The reading room opens on Fridays';
const DECISION_2 = 'Shelves are bought from the cheaper supplier';
const NOTES = ['The draft budget was read', 'Two suppliers were compared', 'The fair is in spring'];
const TOPIC_DECIDED = 'Reading room budget';
const TOPIC_OPEN = 'Book fair';
/** Ali's alone, given by replying to his message; Ali presses Done. */
const ACTION_BY_REPLY = 'Price the new shelves';
/** Reza's alone, given by name. */
const ACTION_BY_NAME = 'Print the posters';
/** Both's: Ali presses Done, Reza nothing; its due-date reminder is the one brought close. */
const ACTION_SHARED = 'Collect the donation lists';

const group = tg.group(-1001818000000, 'Documentation network');
const nasrin = tg.person(1801, 'Nasrin', { language_code: 'en' });
const sara = tg.person(1802, 'Sara', { language_code: 'en' });
const ali = tg.person(1803, 'Ali', { language_code: 'en' });
const reza = tg.person(1804, 'Reza', { language_code: 'en' });

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
const payloadsOf = (m: DeliveredMessage) => (m.keyboard ?? []).flat().flatMap((b) => b.callback_data ?? []);

let bot: TelegramBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('minutes and action items through the real bot process on Telegram (issue 18)', () => {
  it(
    'GIVEN a weekly committee meeting under way WHEN the secretary records topics, notes, decisions and actions and closes the minutes ' +
      'THEN they are posted with their decision numbers, each owner is asked privately, the due-date reminder reaches only the owner ' +
      'who is not done, once across a SIGKILL before it is due, and the next week’s agenda starts with what is still open',
    async () => {
      const b = (bot = await TelegramBot.start());
      const { fake, db } = b;
      const log = b.log;
      const inGroup = (from: tg.FakeUser, text: string, expected: RegExp, extra?: Record<string, unknown>) =>
        b.says(group, from, text, expected, extra);
      const inPrivate = (user: tg.FakeUser, text: string, expected: RegExp) =>
        b.says(tg.privateChatOf(user), user, text, expected);

      // The community, Jalali in Tehran, made in its group by the group's creator.
      fake.memberStatus.set(`${group.id}:${nasrin.id}`, 'creator');
      await inGroup(nasrin, '/setup new Documentation network', /is created/);
      await inGroup(nasrin, `/setup calendar persian | tz ${ZONE}`, /time zone is now/);
      const community = await db.prisma.community.findFirstOrThrow();
      expect([community.calendar, community.timeZone]).toEqual(['persian', ZONE]);
      await inPrivate(nasrin, '/start', /Hello, Nasrin/);
      await inPrivate(nasrin, `/committee add ${COMMITTEE}`, /is created/);

      // The members write in the group (which makes them members), open a private chat and join the committee.
      const hello = new Map<tg.FakeUser, Record<string, unknown>>();
      for (const person of [sara, ali, reza]) {
        const update = tg.textMessage(group, person, `Hello, I am ${person.first_name}`);
        hello.set(person, update);
        await b.update(update);
      }
      await Promise.all(
        [sara, ali, reza].map(async (person) => {
          await inPrivate(person, '/start', new RegExp(`Hello, ${person.first_name}`));
          await inPrivate(person, `/join ${COMMITTEE}`, /You joined the committee/);
        }),
      );
      const memberOf = async (user: tg.FakeUser) =>
        (await db.prisma.identity.findFirstOrThrow({ where: { platform: 'telegram', externalId: String(user.id) } }))
          .memberId;
      const [aliId, rezaId] = [await memberOf(ali), await memberOf(reza)];

      // The weekly committee meeting, of a minute, typed for a whole minute ten minutes ahead: a time to
      // come however slow the machine, with time to name the secretary before it starts. It is then
      // brought close in the database rather than waited for.
      const typedStart = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
      const created = await inGroup(
        nasrin,
        `/meeting ${typedMinute(typedStart)} | ${TITLE} | https://meet.example.org/doc --weekly --committee ${COMMITTEE} --duration 1m`,
        /Meeting #\d+ is scheduled/,
      );
      const meetingId = Number(/Meeting #(\d+)/.exec(created.text)![1]);
      const occurrences = await db.prisma.meetingOccurrence.findMany({
        where: { meetingId },
        orderBy: { startsAt: 'asc' },
        take: 2,
      });
      expect(occurrences.map((o) => o.startsAt.getTime())).toEqual([typedStart, typedStart + 7 * 24 * 3600_000]);
      const meeting = await db.prisma.meeting.findUniqueOrThrow({
        where: { id: meetingId },
        include: { committee: true },
      });
      expect(meeting.committee?.name).toBe(COMMITTEE);

      // The chair names the secretary by replying to her message.
      await inGroup(
        nasrin,
        `/minutes ${meetingId} secretary`,
        /Sara is the secretary of the minutes/,
        replyingTo(hello.get(sara)!),
      );
      // Before the start the group keeps no minutes.
      await inGroup(sara, `/note ${NOTES[0]}`, /No minutes are being kept in this chat/);
      // The meeting (the series with it) moved to start in a few seconds, on a whole second: after a tick
      // of the reminder dispatcher, which so arms its timer for the start reminder, as for any meeting.
      const startsAt = Math.ceil((Date.now() + (REMINDER_TICK_SECONDS + 2) * 1000) / 1000) * 1000;
      await b.moveMeeting(meetingId, startsAt - typedStart);
      await sleepUntil(startsAt + 500);

      // The meeting has started: its group records its minutes without /minutes ID.
      const year = jalaliDay(startsAt).jy;
      // Due in ten days (a Jalali date typed), and tomorrow evening: both as the bot shows them, in Jalali.
      const dueDay = jalaliDay(Date.now(), 10);
      const tomorrow = jalaliDay(Date.now(), 1);
      await inGroup(sara, `/topic ${TOPIC_DECIDED}`, new RegExp(`Agenda item: “${TOPIC_DECIDED}”`));
      await inGroup(sara, `/note ${NOTES[0]}`, new RegExp(`Noted in the minutes of “${TITLE}”`));
      await inGroup(sara, `/decision ${DECISION_1}`, new RegExp(`Decision ${PREFIX}-${year}-01 recorded`));
      const byReply = await inGroup(
        sara,
        `/action ${ACTION_BY_REPLY} --due ${typedDate(dueDay)}`,
        /Action #\d+ recorded for/,
        replyingTo(hello.get(ali)!),
      );
      expect(byReply.text).toMatch(new RegExp(`recorded for Ali, due ${shownDate(dueDay)}\\.`));
      await inGroup(sara, `/note ${NOTES[1]}`, /Noted in the minutes/);
      await inGroup(sara, `/decision ${DECISION_2}`, new RegExp(`Decision ${PREFIX}-${year}-02 recorded`));
      await inGroup(sara, `/topic ${TOPIC_OPEN}`, new RegExp(`Agenda item: “${TOPIC_OPEN}”`));
      await inGroup(sara, `/note ${NOTES[2]}`, /Noted in the minutes/);
      const byName = await inGroup(
        sara,
        `/action @Reza ${ACTION_BY_NAME} --due tomorrow 18:00`,
        /Action #\d+ recorded for/,
      );
      expect(byName.text).toMatch(new RegExp(`recorded for Reza, due ${shownDate(tomorrow)}\\.`));
      const shared = await inGroup(
        sara,
        `/action @Ali @Reza ${ACTION_SHARED} --due ${typedDate(dueDay)}`,
        /Action #\d+ recorded for/,
      );
      expect(shared.text).toMatch(new RegExp(`recorded for Ali and Reza, due ${shownDate(dueDay)}\\.`));
      const idOf = (m: DeliveredMessage) => Number(/Action #(\d+)/.exec(m.text)![1]);
      const [replyActionId, nameActionId, sharedActionId] = [idOf(byReply), idOf(byName), idOf(shared)];

      const entries = await db.prisma.minutesEntry.findMany({
        where: { minutes: { occurrence: { meetingId } } },
        orderBy: { id: 'asc' },
      });
      expect(entries.map((e) => e.kind)).toEqual([
        'topic',
        'note',
        'decision',
        'action',
        'note',
        'decision',
        'topic',
        'note',
        'action',
        'action',
      ]);
      const minutesRow = await db.prisma.minutes.findFirstOrThrow({
        where: { occurrence: { meetingId } },
        include: { occurrence: true },
      });
      // The first occurrence's minutes, kept by the secretary the chair named.
      expect(minutesRow.occurrence.startsAt.getTime()).toBe(startsAt);
      expect(minutesRow.secretaryId).toBe(await memberOf(sara));
      const owners = await db.prisma.actionOwner.findMany({ orderBy: [{ actionId: 'asc' }, { memberId: 'asc' }] });
      expect(owners.map((o) => [o.actionId, o.memberId])).toEqual([
        [replyActionId, aliId],
        [nameActionId, rezaId],
        [sharedActionId, aliId],
        [sharedActionId, rezaId],
      ]);

      // Closing posts the minutes in the group: the message, then the Markdown and HTML files.
      const beforeClose = fake.deliveredTo(group.id).length;
      await inGroup(sara, `/minutes ${meetingId} close`, /are closed and posted here/);
      const posted = await until(
        'the minutes and their two files in the group',
        () => {
          const since = fake.deliveredTo(group.id).slice(beforeClose);
          const message = since.find((m) => m.text.startsWith(`Minutes: ${TITLE}`));
          const files = since.filter((m) => m.file);
          return message && files.length >= 2 && { message, files };
        },
        log,
      );
      const text = posted.message.text;
      expect(text).toContain(`Committee: ${COMMITTEE}`);
      expect(text).toContain('Secretary: Sara');
      expect(text).toContain('Decisions (2):');
      expect(text).toContain(`• ${PREFIX}-${year}-01 — ${DECISION_1}`);
      expect(text).toContain(`• ${PREFIX}-${year}-02 — ${DECISION_2}`);
      expect(text).toContain('Action items (3):');
      expect(text).toContain(`• ${ACTION_BY_REPLY} — owners: Ali · due ${shownDate(dueDay)}`);
      expect(text).toContain(`• ${ACTION_BY_NAME} — owners: Reza · due ${shownDate(tomorrow)}`);
      expect(text).toContain(`• ${ACTION_SHARED} — owners: Ali and Reza · due ${shownDate(dueDay)}`);
      for (const note of NOTES) expect(text).toContain(`– ${note}`);
      expect(text).toContain(`1. ${TOPIC_DECIDED} (finished)`);
      expect(text).toContain(`2. ${TOPIC_OPEN} (to continue)`);
      // Decisions and actions first: what people look for.
      expect(text.indexOf('Decisions (2)')).toBeLessThan(text.indexOf('Agenda:'));
      expect(text.indexOf('Action items (3)')).toBeLessThan(text.indexOf('Agenda:'));
      const file = (extension: string) => {
        const found = posted.files.find((m) => m.file!.filename.endsWith(extension));
        expect(found, `the minutes as .${extension}`).toBeDefined();
        return found!.file!.bytes.toString('utf8');
      };
      const markdown = file('md');
      expect(markdown).toContain(`# Minutes: ${TITLE}`);
      expect(markdown).toContain(`- **${PREFIX}-${year}-01** — ${DECISION_1}`);
      expect(markdown).toContain(`- **${PREFIX}-${year}-02** — ${DECISION_2}`);
      expect(markdown).toContain(ACTION_SHARED);
      const html = file('html');
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain(`<span class="number">${PREFIX}-${year}-01</span> — <bdi>${DECISION_1}</bdi>`);
      expect(html).toContain(`<span class="number">${PREFIX}-${year}-02</span> — <bdi>${DECISION_2}</bdi>`);
      expect(html).toContain(`<bdi>${ACTION_BY_NAME}</bdi>`);
      const closed = await db.prisma.minutes.findUniqueOrThrow({ where: { id: minutesRow.id } });
      expect(closed.closedAt).not.toBeNull();
      expect(closed.body).toContain(DECISION_2);

      // Each owner got a private message per action, with Accept, Done and Can't do.
      const assigned = (user: tg.FakeUser, actionId: number) =>
        until(
          `the private message of action #${actionId} to ${user.first_name}`,
          () => fake.deliveredTo(user.id).find((m) => m.text.includes(`A new action item for you, #${actionId}`)),
          log,
        );
      for (const [user, actionId] of [
        [ali, replyActionId],
        [ali, sharedActionId],
        [reza, nameActionId],
        [reza, sharedActionId],
      ] as const) {
        const message = await assigned(user, actionId);
        expect(payloadsOf(message)).toEqual([
          `actions.accept|${actionId}`,
          `actions.done|${actionId}`,
          `actions.decline|${actionId}`,
        ]);
        expect(message.text).toContain(`From meeting #${meetingId}: “${TITLE}”`);
      }
      expect((await assigned(reza, sharedActionId)).text).toContain(`Due: ${shownDate(dueDay)}`);

      // Ali presses Done on both his actions; Reza presses nothing.
      const aliSeen = fake.deliveredTo(ali.id).length;
      const chairSeen = fake.deliveredTo(nasrin.id).length;
      const secretarySeen = fake.deliveredTo(sara.id).length;
      await b.press(ali, `actions.done|${sharedActionId}`);
      await b.press(ali, `actions.done|${replyActionId}`);
      const confirmations = await until(
        'Ali’s two confirmations',
        () => {
          const done = fake
            .deliveredTo(ali.id)
            .slice(aliSeen)
            .filter((m) => m.text.startsWith('✅ Marked done'));
          return done.length === 2 && done;
        },
        log,
      );
      const confirmationOf = (actionId: number) =>
        confirmations.find((m) => m.text.includes(`action item #${actionId},`))!.text;
      // The meeting's chair is told of each, not the secretary who recorded them.
      await until(
        'the chair told of both',
        () =>
          fake
            .deliveredTo(nasrin.id)
            .slice(chairSeen)
            .filter((m) => m.text.includes('Ali marked')).length === 2,
        log,
      );
      expect(
        fake
          .deliveredTo(sara.id)
          .slice(secretarySeen)
          .filter((m) => m.text.includes('Ali marked')),
      ).toEqual([]);
      // His own action is closed with it; the shared one waits for Reza.
      expect(confirmationOf(replyActionId)).toContain('Every owner is done: it is closed.');
      expect(confirmationOf(sharedActionId)).not.toContain('it is closed');
      const statuses = await db.prisma.actionItem.findMany({
        orderBy: { id: 'asc' },
        select: { id: true, status: true },
      });
      expect(statuses).toEqual([
        { id: replyActionId, status: 'done' },
        { id: nameActionId, status: 'open' },
        { id: sharedActionId, status: 'open' },
      ]);
      const sharedOwners = await db.prisma.actionOwner.findMany({
        where: { actionId: sharedActionId },
        orderBy: { memberId: 'asc' },
      });
      expect(sharedOwners.map((o) => [o.memberId, o.state])).toEqual([
        [aliId, 'done'],
        [rezaId, 'pending'],
      ]);

      // Nothing left to send (the meeting's start reminders included) before the reminder is brought close.
      await until(
        'the meeting’s start reminders handled and the outbox empty',
        async () =>
          (await db.prisma.reminder.count({ where: { status: 'planned', dueAt: { lte: new Date() } } })) === 0 &&
          (await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0,
        log,
      );
      const dueRows = () =>
        db.prisma.actionReminder.findMany({
          where: { actionId: sharedActionId, stage: 'due' },
          orderBy: { memberId: 'asc' },
        });
      expect((await dueRows()).map((r) => [r.memberId, r.status])).toEqual([
        [aliId, 'planned'],
        [rezaId, 'planned'],
      ]);

      // The shared action's due-date reminder comes due in a few seconds; the bot is killed before.
      const dueAt = Date.now() + 5_000;
      await db.prisma.actionReminder.updateMany({
        where: { actionId: sharedActionId, stage: 'due' },
        data: { dueAt: new Date(dueAt) },
      });
      const seen = { ali: fake.deliveredTo(ali.id).length, reza: fake.deliveredTo(reza.id).length };
      await b.kill();
      expect(Date.now(), 'the bot was killed before the reminder was due').toBeLessThan(dueAt);
      // Nothing was handed over before the kill.
      expect((await dueRows()).map((r) => r.status)).toEqual(['planned', 'planned']);
      await sleepUntil(dueAt + 2_000);

      await b.restart();
      const reminder = await until(
        'the due-date reminder to Reza',
        () => fake.deliveredTo(reza.id).slice(seen.reza)[0],
        log,
        120_000,
      );
      expect(reminder.text).toContain(`Action item #${sharedActionId} is due today`);
      expect(reminder.text).toContain(ACTION_SHARED);
      expect(payloadsOf(reminder)).toContain(`actions.done|${sharedActionId}`);
      await until(
        'every due row handled and the outbox empty',
        async () =>
          (await dueRows()).every((r) => r.status !== 'planned') &&
          (await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0,
        log,
      );
      // Time for a duplicate to show up if there were one (the outbox sends a row as soon as it is written).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(fake.deliveredTo(reza.id).slice(seen.reza), 'Reza after the due time').toHaveLength(1);
      expect(fake.deliveredTo(ali.id).slice(seen.ali), 'Ali after the due time').toHaveLength(0);
      const [aliRow, rezaRow] = await dueRows();
      expect([aliRow!.memberId, aliRow!.status, aliRow!.outboxId]).toEqual([aliId, 'skipped', null]);
      expect([rezaRow!.memberId, rezaRow!.status]).toEqual([rezaId, 'sent']);
      const outbox = await db.prisma.outboxMessage.findMany({ where: { id: rezaRow!.outboxId! } });
      expect(outbox.map((o) => [o.chatId, o.status, o.attempts])).toEqual([[String(reza.id), 'sent', 1]]);
      // Reza's next reminder, the first overdue one, is planned a week after the due day; Ali gets none.
      const overdue = await db.prisma.actionReminder.findMany({
        where: { actionId: sharedActionId, stage: { startsWith: 'overdue-' } },
      });
      expect(overdue.map((r) => [r.memberId, r.stage, r.status])).toEqual([[rezaId, 'overdue-1', 'planned']]);

      // Once the first time is over, /meetings shows next week's, its agenda starting with what is open.
      // What is left of its minute passes in the database: the meeting moved earlier by as much.
      const endsAt = occurrences[0]!.endsAt.getTime() + (startsAt - typedStart);
      const left = Math.max(0, Math.ceil((endsAt + 1_000 - Date.now()) / 1000) * 1000);
      await b.moveMeeting(meetingId, -left);
      const firstStart = startsAt - left;
      const list = await inGroup(nasrin, '/meetings', /Carried over from last time:/);
      expect(list.text).toContain(`#${meetingId} “${TITLE}”`);
      expect(list.text).toContain(shownDate(jalaliDay(firstStart, 7)));
      expect(list.text).toContain(`• Action: ${ACTION_BY_NAME} — Reza, due ${shownDate(tomorrow)}`);
      expect(list.text).toContain(`• Action: ${ACTION_SHARED} — Ali and Reza, due ${shownDate(dueDay)}`);
      expect(list.text).toContain(`• Unfinished: ${TOPIC_OPEN}`);
      // Done, and decided: not carried over.
      expect(list.text).not.toContain(ACTION_BY_REPLY);
      expect(list.text).not.toContain(`Unfinished: ${TOPIC_DECIDED}`);
    },
    300_000,
  );
});
