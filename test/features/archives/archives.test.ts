import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member, pollMessage } from '../polls/support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

function fileOf(messages: SentMessage[]): { name: string; text: string; chatId: string } {
  const sent = messages.find((m) => m.file);
  if (!sent) throw new Error(`no file among: ${texts(messages)}`);
  return {
    name: sent.file!.fileName,
    text: Buffer.from(sent.file!.contentBase64, 'base64').toString('utf8'),
    chatId: sent.chatId,
  };
}

/** The same time tomorrow in UTC (the community's zone), as `YYYY-MM-DD HH:MM`. */
function tomorrowAt(hour: number): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.toISOString().slice(0, 10)} ${String(hour).padStart(2, '0')}:00`;
}

describe('/export polls: the archive of every poll', () => {
  it('GIVEN a named poll and an anonymous one with votes THEN the CSV and JSON give every option with its count, names only for the named poll', async () => {
    const { chair } = await communityWithChair(h);
    const sara = await member(h, 'sara', { name: 'Sara' });
    const ivan = await member(h, 'ivan', { name: 'Ivan' });
    const named = pollMessage(await chair.says('/poll Где встретимся? | Библиотека, зал 2 | Онлайн', GROUP));
    await sara.presses(named, 0, GROUP);
    await ivan.presses(named, 0, GROUP);
    const secret = pollMessage(await chair.says('/poll کدام کتاب؟ | شاهنامه | بوستان --anon', GROUP));
    await sara.presses(secret, 1, GROUP);

    const sent = await chair.says('/export polls csv', GROUP);
    expect(texts(sent)).toContain('I sent it to you in a private chat.');
    const csv = fileOf(sent);
    expect(csv.chatId).toBe(privateChat('chair').chatId);
    expect(csv.name).toMatch(/^polls-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      'poll_id,question,option,votes,voters_named,poll_voters,status,multi,anonymous,hidden_results,everywhere,posted_by,created_at,closes_at,closed_at,committee',
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^\d+,Где встретимся\?,"Библиотека, зал 2",2,Sara; Ivan,2,open,false,false,false,false,Nasrin,/,
    );
    expect(lines[2]).toMatch(/,Онлайн,0,,2,open,/);
    expect(lines[4]).toMatch(/,کدام کتاب؟,بوستان,1,,1,open,false,true,/);
    expect(csv.text).not.toMatch(/بوستان,1,Sara/);

    const json = JSON.parse(fileOf(await chair.says('/export polls json')).text);
    expect(json.community).toBe('Libraries');
    expect(json.polls).toHaveLength(2);
    expect(json.polls[0].options[0]).toMatchObject({
      label: 'Библиотека, зал 2',
      votes: 2,
      ballots: [
        { name: 'Sara', platform: 'test' },
        { name: 'Ivan', platform: 'test' },
      ],
    });
    expect(json.polls[1].options).toEqual([
      { label: 'شاهنامه', votes: 0 },
      { label: 'بوستان', votes: 1 },
    ]);
    expect(JSON.stringify(json.polls[1])).not.toContain('Sara');
  });

  it('GIVEN a plain member THEN /export polls is refused; GIVEN a wrong format THEN the chair is told how, and no file goes out', async () => {
    const { chair } = await communityWithChair(h);
    const sara = await member(h, 'sara');
    expect(texts(await sara.says('/export polls'))).toContain('/export is only for: chair and curator.');
    const wrong = await chair.says('/export polls xlsx');
    expect(texts(wrong)).toContain('Write /export ARCHIVE csv or /export ARCHIVE json');
    expect(wrong.some((m) => m.file)).toBe(false);
  });
});

describe('/export meetings: the archive of every meeting, occurrence, answer and reminder', () => {
  it('GIVEN a weekly meeting with an RSVP and a cancelled occurrence THEN each occurrence is a row with its local time, answers and reminders', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/setup tz Asia/Tehran', GROUP);
    const sara = await member(h, 'sara', { name: 'Sara' });
    await chair.says(
      `/meeting ${tomorrowAt(10)} | Orientation | https://skyroom.online/ch/x | Welcome --weekly`,
      GROUP,
    );
    const [list] = await sara.says('/meetings', GROUP);
    await sara.presses(list, 0, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    const [choose] = await chair.says(`/cancel ${meeting.id}`, GROUP);
    const second = choose!.buttons!.flat().findIndex((b) => b.action === 'mtg.cancel-one');
    expect(second).toBeGreaterThanOrEqual(0);
    await chair.presses(choose, second + 1, GROUP);

    const csv = fileOf(await chair.says('/export meetings csv', GROUP));
    expect(csv.name).toMatch(/^meetings-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, first, next] = csv.text.slice(1).trim().split('\n');
    expect(header).toContain('meeting_id,title,starts_at,starts_local,time_zone');
    expect(header).toContain('rsvp_yes,rsvp_no,rsvp_maybe,rsvp_yes_names');
    expect(first).toContain(`,Orientation,`);
    expect(first).toContain(`,${tomorrowAt(10)},Asia/Tehran,`);
    expect(first).toContain(',upcoming,');
    expect(first).toMatch(/,1,0,0,Sara,,,/);
    expect(next).toContain(',cancelled,');

    const json = JSON.parse(fileOf(await chair.says('/export meetings json')).text);
    const occurrence = json.meetings[0].occurrences[0];
    expect(json.meetings[0]).toMatchObject({
      title: 'Orientation',
      recurrence: 'FREQ=WEEKLY',
      timeZone: 'Asia/Tehran',
    });
    expect(occurrence.rsvps).toEqual([expect.objectContaining({ name: 'Sara', answer: 'yes' })]);
    expect(occurrence.reminders.length).toBeGreaterThan(0);
    expect(occurrence.reminders[0]).toMatchObject({ kind: 'reminder', to: 'group', status: 'planned' });
  });

  it('GIVEN /export without arguments THEN every archive is offered as a button, and a button sends that archive', async () => {
    const { chair } = await communityWithChair(h);
    const [menu] = await chair.says('/export');
    const labels = menu!.buttons!.flat().map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Polls (CSV)', 'Meetings (JSON)', 'Experiences (CSV)']));
    const file = fileOf(await chair.presses(menu, 'Meetings (JSON)'));
    expect(JSON.parse(file.text)).toMatchObject({ community: 'Libraries', meetings: [] });
  });
});
