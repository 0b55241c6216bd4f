import { describe, expect, it } from 'vitest';
import { browserName } from '../../src/features/dashboard/browser-name.ts';
import { acceptedLanguage } from '../../src/web/accept-language.ts';
import { pageText } from '../../src/web/web-text.ts';

describe('small pieces of the dashboard', () => {
  it('GIVEN User-Agent headers THEN the browser and system a member recognizes', () => {
    const cases: Array<[string, string | null, string | null]> = [
      ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox', 'Linux'],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36 Edg/150.0',
        'Edge',
        'Windows',
      ],
      [
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Mobile Safari/537.36',
        'Chrome',
        'Android',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
        'Safari',
        'iOS',
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/150.0 Safari/537.36',
        'Chrome',
        'Linux',
      ],
      ['curl/8.5.0', null, null],
    ];
    for (const [ua, browser, system] of cases) expect(browserName(ua), ua).toEqual({ browser, system });
  });

  it('GIVEN Accept-Language THEN the most wanted of our languages, else English', () => {
    expect(acceptedLanguage('fa-IR,fa;q=0.9,en;q=0.8')).toBe('fa');
    expect(acceptedLanguage('de-DE, ru;q=0.5, vi;q=0.7')).toBe('vi');
    expect(acceptedLanguage('de, fr;q=0.8')).toBe('en');
    expect(acceptedLanguage('fa;q=0, ru')).toBe('ru');
    expect(acceptedLanguage(undefined)).toBe('en');
  });

  it('GIVEN a Persian text naming commands THEN each command with its Latin words is isolated; other languages are left alone', () => {
    expect(pageText('با /dashboard sessions و /mydata', 'fa')).toBe(
      'با \u2068/dashboard sessions\u2069 و \u2068/mydata\u2069',
    );
    expect(pageText('send /help in a chat', 'en')).toBe('send /help in a chat');
    expect(pageText('۱۴۰۵/۰۹/۱۶', 'fa')).toBe('۱۴۰۵/۰۹/۱۶');
  });
});
