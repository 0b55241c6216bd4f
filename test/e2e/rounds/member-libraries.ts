/**
 * Forty member libraries of a network spanning Iran, Vietnam, Russia and elsewhere, as a secretariat
 * would keep them in a spreadsheet: name, city, kind. Names in their own scripts, Persian ones with
 * their ZWNJs (کتاب‌خانه) and ezafe (ٔ), as members type them.
 */
export type Language = 'fa' | 'vi' | 'ru' | 'en';

export interface MemberLibrary {
  name: string;
  city: string;
  kind: 'university' | 'public' | 'hospital' | 'school' | 'special' | 'other';
  /** The language its staff speak to the bot in. */
  language: Language;
}

const fa = (name: string, city: string, kind: MemberLibrary['kind']): MemberLibrary => ({
  name,
  city,
  kind,
  language: 'fa',
});
const vi = (name: string, city: string, kind: MemberLibrary['kind']): MemberLibrary => ({
  name,
  city,
  kind,
  language: 'vi',
});
const ru = (name: string, city: string, kind: MemberLibrary['kind']): MemberLibrary => ({
  name,
  city,
  kind,
  language: 'ru',
});
const en = (name: string, city: string, kind: MemberLibrary['kind']): MemberLibrary => ({
  name,
  city,
  kind,
  language: 'en',
});

export const MEMBER_LIBRARIES: readonly MemberLibrary[] = [
  fa('کتابخانهٔ مرکزی دانشگاه تهران', 'تهران', 'university'),
  fa('کتابخانهٔ ملی ایران', 'تهران', 'special'),
  fa('کتابخانهٔ عمومی امام رضا', 'مشهد', 'public'),
  fa('کتابخانهٔ آستان قدس رضوی', 'مشهد', 'special'),
  fa('کتابخانهٔ بیمارستان نمازی', 'شیراز', 'hospital'),
  fa('کتابخانهٔ دانشگاه اصفهان', 'اصفهان', 'university'),
  fa('کتابخانهٔ عمومی حافظیه', 'شیراز', 'public'),
  fa('کتابخانهٔ دبیرستان البرز', 'تهران', 'school'),
  fa('کتابخانهٔ دانشگاه تبریز', 'تبریز', 'university'),
  fa('کتاب‌خانهٔ کودک و نوجوان رشت', 'رشت', 'public'),
  fa('کتابخانهٔ پژوهشگاه علوم انسانی', 'تهران', 'special'),
  fa('کتابخانهٔ دانشکدهٔ پزشکی یزد', 'یزد', 'hospital'),
  vi('Thư viện Quốc gia Việt Nam', 'Hà Nội', 'special'),
  vi('Thư viện Hà Nội', 'Hà Nội', 'public'),
  vi('Thư viện Khoa học Tổng hợp TP. Hồ Chí Minh', 'TP. Hồ Chí Minh', 'public'),
  vi('Thư viện Đại học Quốc gia Hà Nội', 'Hà Nội', 'university'),
  vi('Thư viện Đại học Cần Thơ', 'Cần Thơ', 'university'),
  vi('Thư viện tỉnh Thừa Thiên Huế', 'Huế', 'public'),
  vi('Thư viện Bệnh viện Bạch Mai', 'Hà Nội', 'hospital'),
  vi('Thư viện Trường THPT Chu Văn An', 'Hà Nội', 'school'),
  vi('Thư viện Đà Nẵng', 'Đà Nẵng', 'public'),
  vi('Thư viện Viện Hàn lâm Khoa học xã hội', 'Hà Nội', 'special'),
  ru('Российская государственная библиотека', 'Москва', 'special'),
  ru('Российская национальная библиотека', 'Санкт-Петербург', 'special'),
  ru('Библиотека иностранной литературы', 'Москва', 'special'),
  ru('Научная библиотека МГУ', 'Москва', 'university'),
  ru('Научная библиотека имени Горького СПбГУ', 'Санкт-Петербург', 'university'),
  ru('Новосибирская областная библиотека', 'Новосибирск', 'public'),
  ru('Казанская городская библиотека', 'Казань', 'public'),
  ru('Медицинская библиотека Сеченовского университета', 'Москва', 'hospital'),
  ru('Школьная библиотека гимназии № 1567', 'Москва', 'school'),
  ru('Свердловская областная библиотека имени Белинского', 'Екатеринбург', 'public'),
  en('British Council Library Tehran', 'Tehran', 'special'),
  en('American Corner Hanoi', 'Hanoi', 'other'),
  en('Aga Khan Library', 'London', 'special'),
  en("St Mary's Hospital Library", 'London', 'hospital'),
  en('Riverside Public Library', 'Riverside', 'public'),
  en('University of Melbourne Library', 'Melbourne', 'university'),
  en('Sunrise School Library', 'Kathmandu', 'school'),
  en('Open Knowledge Lab', 'Berlin', 'other'),
];

/** The list as CSV text, its first line naming the columns (none of the values holds a comma or a quote). */
export function librariesCsv(libraries: readonly MemberLibrary[]): string {
  return ['name,city,kind', ...libraries.map((l) => `${l.name},${l.city},${l.kind}`)].join('\n');
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/**
 * A number as a member of that language types it: `۱٬۲۳۴` in Persian digits, `1.234` in Vietnamese,
 * `1 234` in Russian, `1,234` in English.
 */
export function typedNumber(value: number, language: Language): string {
  const grouped = value.toLocaleString('en-US');
  switch (language) {
    case 'fa':
      return grouped.replace(/,/g, '٬').replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);
    case 'vi':
      return grouped.replace(/,/g, '.');
    case 'ru':
      return grouped.replace(/,/g, ' ');
    case 'en':
      return grouped;
  }
}
