import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jalaliToGregorian } from '../../../src/i18n/calendars/jalali.ts';
import {
  defaultCountryFor,
  defaultHolidays,
  defaultHolidaysBetween,
} from '../../../src/features/holidays/holiday-defaults.ts';
import { parseQuietHours, splitDateAndName } from '../../../src/features/holidays/holiday-commands.ts';
import { GROUP, Harness, OTHER_GROUP, texts, type Person } from '../../support/harness.ts';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
/** A Jalali date as the ISO day it is, by jalaali-js: the reference the holidays package is checked against. */
const jalali = (y: number, m: number, d: number) => {
  const g = jalaliToGregorian(y, m, d);
  return iso(g.year, g.month, g.day);
};
/** A reply without its bidi marks and isolates (Persian replies isolate every value). */
const plain = (text: string) => text.replace(/[\u200e\u200f\u2066-\u2069]/g, '');
const days = (country: 'IR' | 'VN' | 'RU', year: number) => defaultHolidays(country, year).map((h) => h.day);

describe('default holidays from date-holidays', () => {
  for (const year of [2026, 2027, 2028]) {
    const jy = year - 621;
    it(`GIVEN Iran in ${year} THEN Nowruz (1–4 Farvardin ${jy}) and Sizdah Bedar (13 Farvardin) are days off`, () => {
      const iran = defaultHolidays('IR', year);
      const named = (day: string, name: string) => iran.some((h) => h.day === day && h.name === name);
      for (const day of [1, 2, 3, 4]) expect(named(jalali(jy, 1, day), 'نوروز'), `${day} Farvardin`).toBe(true);
      expect(named(jalali(jy, 1, 13), 'سیزده بدر')).toBe(true);
    });

    it(`GIVEN Vietnam in ${year} THEN Tết Nguyên Đán and its eve’s span are days off`, () => {
      const vietnam = defaultHolidays('VN', year);
      const tet = vietnam.filter((h) => h.name.includes('Tết Nguyên Đán')).map((h) => h.day);
      // The eve and the four days after it: five days in a row.
      expect(new Set(tet).size).toBeGreaterThanOrEqual(5);
      expect(vietnam.some((h) => h.day === `${year}-01-01`)).toBe(true);
    });

    it(`GIVEN Russia in ${year} THEN 1–8 January are days off`, () => {
      const russia = days('RU', year);
      for (let day = 1; day <= 8; day += 1) expect(russia, `${day} January`).toContain(iso(year, 1, day));
    });
  }

  it('GIVEN Tết 2026 THEN the eve’s span is spread over its days: 16–20 February', () => {
    const tet = defaultHolidays('VN', 2026).filter((h) => h.name === 'Giao thừa Tết Nguyên Đán');
    expect(tet.map((h) => h.day)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  });

  it('GIVEN the Iranian names THEN they are in ordinary Persian letters: no Arabic presentation forms, no Arabic kaf', () => {
    const names = defaultHolidays('IR', 2026).map((h) => h.name);
    expect(names.some((n) => /[\ufb50-\ufdff\ufe70-\ufeff]/.test(n))).toBe(false);
    expect(names.some((n) => n.includes('ك'))).toBe(false);
    expect(names).toContain('مبعث حضرت رسول اکرم صلی الله علیه و آله');
  });

  it('GIVEN only public days THEN no observance of Iran is listed, and English names come when asked for', () => {
    const english = defaultHolidays('IR', 2026, 'en').filter((h) => h.day === '2026-03-21');
    expect(english.map((h) => h.name)).toContain('Nowruz');
    // 21 March 2026 is also a Saturday: nothing but the public holidays' own days are listed.
    expect(defaultHolidaysBetween('IR', '2026-03-25', '2026-03-31')).toEqual([]);
  });

  it('GIVEN each language THEN fa, vi and ru follow their country and en none', () => {
    expect([
      defaultCountryFor('fa'),
      defaultCountryFor('vi'),
      defaultCountryFor('ru'),
      defaultCountryFor('en'),
    ]).toEqual(['IR', 'VN', 'RU', null]);
  });
});

describe('the text forms of /holidays', () => {
  it('GIVEN add’s text THEN the longest first words that read as a date are the date and the rest the name', () => {
    expect(splitDateAndName('1405/01/01 نوروز')).toEqual({ date: '1405/01/01', name: 'نوروز' });
    expect(splitDateAndName('۱ فروردین ۱۴۰۶ جشن نوروز')).toEqual({ date: '۱ فروردین ۱۴۰۶', name: 'جشن نوروز' });
    expect(splitDateAndName('2027-03-21')).toEqual({ date: '2027-03-21' });
    expect(splitDateAndName('10 ноября 2026 | День библиотек')).toEqual({
      date: '10 ноября 2026',
      name: 'День библиотек',
    });
  });

  it('GIVEN quiet hours as typed THEN minutes of the day, or start = end for off', () => {
    expect(parseQuietHours('21:00-08:00')).toEqual({ startMinute: 1260, endMinute: 480 });
    expect(parseQuietHours('۲۲:۳۰–۰۷:۰۰')).toEqual({ startMinute: 1350, endMinute: 420 });
    expect(parseQuietHours('22-7')).toEqual({ startMinute: 1320, endMinute: 420 });
    expect(parseQuietHours('off')).toEqual({ startMinute: 0, endMinute: 0 });
    expect(parseQuietHours('25:00-08:00')).toBeNull();
    expect(parseQuietHours('soon')).toBeNull();
  });
});

describe('/holidays in communities', () => {
  let h: Harness;
  let iranAdmin: Person;
  let iranMember: Person;
  let iranId: number;

  beforeAll(async () => {
    h = await Harness.create();
    iranAdmin = h.person('nasrin', { admin: true, languageHint: 'fa' });
    await iranAdmin.says('/start');
    await iranAdmin.says('/setup new شبکهٔ کتابخانه‌ها', GROUP);
    iranMember = h.person('reza', { languageHint: 'fa' });
    await iranMember.says('/start', GROUP);
    iranId = (await h.prisma.community.findFirstOrThrow()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  const isHoliday = async (communityId: number, day: string) =>
    (await h.app.services.holidays.isHolidayFn(communityId, '2026-01-01', '2028-12-31'))(day);

  it('GIVEN a community set up in Persian THEN Nowruz is a day off without any country being chosen', async () => {
    const community = await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } });
    expect(community.language).toBe('fa');
    expect(community.holidayCountry).toBeNull();
    expect(await isHoliday(iranId, '2026-03-21')).toBe(true); // 1 Farvardin 1405
    expect(await isHoliday(iranId, '2026-04-02')).toBe(true); // 13 Farvardin 1405
    expect(await isHoliday(iranId, '2026-04-05')).toBe(false);
  });

  it('GIVEN a member WHEN /holidays ۱۴۰۵ THEN the Jalali year’s days off in Jalali dates and Persian digits', async () => {
    const reply = plain(texts(await iranMember.says('/holidays ۱۴۰۵', GROUP)));
    expect(reply).toContain('۱۴۰۵');
    expect(reply).toContain('تعطیلات رسمی ایران');
    expect(reply).toMatch(/^• ۱ فروردین ۱۴۰۵ — .*نوروز/m);
    expect(reply).toMatch(/^• ۱۳ فروردین ۱۴۰۵ — سیزده بدر$/m);
    // The Jalali year 1405 ends on 29 Esfand: Nowruz 1406 is not in it.
    expect(reply).not.toContain('۱۴۰۶');
    expect(reply).toMatch(/۲۱:۰۰.*۰۸:۰۰/);
    expect(reply).not.toMatch(/[0-9]/);
  });

  it('GIVEN an admin WHEN adding a day typed with Persian digits and a name THEN it is a day off and listed with its name', async () => {
    const reply = plain(texts(await iranAdmin.says('/holidays add ۱۴۰۵/۰۵/۱۰ روز کتابدار', GROUP)));
    expect(reply).toContain('۱۰ مرداد ۱۴۰۵');
    expect(reply).toContain('روز تعطیل');
    const row = await h.prisma.communityHoliday.findFirstOrThrow({ where: { communityId: iranId } });
    expect(row.day.toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(row).toMatchObject({ name: 'روز کتابدار', removed: false });
    expect(await isHoliday(iranId, '2026-08-01')).toBe(true);
    expect(plain(texts(await iranMember.says('/holidays 1405', GROUP)))).toContain('۱۰ مرداد ۱۴۰۵ — روز کتابدار');

    await iranAdmin.says('/holidays remove 1405/05/10', GROUP);
    expect(await h.prisma.communityHoliday.count({ where: { communityId: iranId } })).toBe(0);
    expect(await isHoliday(iranId, '2026-08-01')).toBe(false);
  });

  it('GIVEN an admin WHEN removing 13 Farvardin 1406 typed as a Gregorian date and adding it back THEN it is off the list, then on it again', async () => {
    await iranAdmin.says('/holidays remove 2027-04-02', GROUP);
    expect(await isHoliday(iranId, '2027-04-02')).toBe(false);
    const removed = await h.prisma.communityHoliday.findFirstOrThrow({ where: { communityId: iranId } });
    expect(removed.removed).toBe(true);
    expect(plain(texts(await iranMember.says('/holidays 1406', GROUP)))).not.toContain('سیزده بدر');
    // Only the one day: the rest of Nowruz 1406 stays.
    expect(await isHoliday(iranId, '2027-03-21')).toBe(true);

    const back = plain(texts(await iranAdmin.says('/holidays add ۱۳ فروردین ۱۴۰۶', GROUP)));
    expect(back).toContain('دوباره');
    expect(await isHoliday(iranId, '2027-04-02')).toBe(true);
    expect(await h.prisma.communityHoliday.count({ where: { communityId: iranId } })).toBe(0);
  });

  it('GIVEN a plain member WHEN they try to add a day off or change the quiet hours THEN it is refused and nothing changes', async () => {
    const reply = plain(texts(await iranMember.says('/holidays add 2026-05-01', GROUP)));
    expect(reply).toContain('/holidays add');
    expect(reply).toContain('فقط در اختیار');
    expect(await h.prisma.communityHoliday.count()).toBe(0);
    await iranMember.says('/holidays quiet off', GROUP);
    const community = await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } });
    expect([community.quietStartMinute, community.quietEndMinute]).toEqual([1260, 480]);
  });

  it('GIVEN an admin WHEN setting quiet hours, turning them off, or typing nonsense THEN they are stored, or refused', async () => {
    const set = plain(texts(await iranAdmin.says('/holidays quiet ۲۲:۳۰-۰۷:۰۰', GROUP)));
    expect(set).toContain('۰۷:۰۰');
    let community = await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } });
    expect([community.quietStartMinute, community.quietEndMinute]).toEqual([1350, 420]);
    const rules = await h.app.services.holidays.quietRules(iranId, '2026-03-01', '2026-03-31');
    expect([rules.quietStartMinute, rules.quietEndMinute, rules.isHoliday('2026-03-22')]).toEqual([1350, 420, true]);

    await iranAdmin.says('/holidays quiet off', GROUP);
    community = await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } });
    expect(community.quietStartMinute).toBe(community.quietEndMinute);

    const wrong = plain(texts(await iranAdmin.says('/holidays quiet soon', GROUP)));
    expect(wrong).toContain('21:00-08:00');
    await iranAdmin.says('/holidays quiet 21:00-08:00', GROUP);
  });

  it('GIVEN an admin WHEN choosing Vietnam, then none THEN the days off follow the choice, not the language', async () => {
    await iranAdmin.says('/holidays country VN', GROUP);
    expect((await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } })).holidayCountry).toBe('VN');
    expect(await isHoliday(iranId, '2026-03-21')).toBe(false);
    expect(await isHoliday(iranId, '2026-02-17')).toBe(true); // Tết 2026

    await iranAdmin.says('/holidays country none', GROUP);
    expect((await h.prisma.community.findUniqueOrThrow({ where: { id: iranId } })).holidayCountry).toBe('none');
    expect(await isHoliday(iranId, '2026-02-17')).toBe(false);
    expect(plain(texts(await iranMember.says('/holidays 1405', GROUP)))).toContain('فقط روزهایی که مدیران افزوده‌اند');

    await iranAdmin.says('/holidays country IR', GROUP);
    expect(await isHoliday(iranId, '2026-03-21')).toBe(true);
  });

  it('GIVEN an English community THEN no country’s holidays count until an admin picks one, and dates are Gregorian', async () => {
    const admin = h.person('alice', { admin: true, languageHint: 'en' });
    await admin.says('/setup new Hospital Library', OTHER_GROUP);
    const community = await h.prisma.community.findFirstOrThrow({ where: { name: 'Hospital Library' } });
    expect(await isHoliday(community.id, '2026-01-01')).toBe(false);
    expect(plain(texts(await admin.says('/holidays 2026', OTHER_GROUP)))).toContain('No days off in 2026');

    await admin.says('/holidays country RU', OTHER_GROUP);
    const list = plain(texts(await admin.says('/holidays 2026', OTHER_GROUP)));
    expect(list).toContain('Russia’s public holidays');
    expect(list).toContain('7 January 2026 — Christmas Day');
    await admin.says('/holidays add 10 November 2026 | Librarians’ day', OTHER_GROUP);
    expect(await isHoliday(community.id, '2026-11-10')).toBe(true);
    expect(await isHoliday(iranId, '2026-11-10')).toBe(false);
  });
});
