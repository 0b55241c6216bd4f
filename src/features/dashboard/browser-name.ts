import type { Translate } from '../../i18n/translator.ts';

/**
 * A browser and system named from a User-Agent header, for `/dashboard sessions` and the sessions page
 * ("Firefox on Linux"): enough for a member to recognize their own devices, nothing more. The order of
 * the tests matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
 */
export interface BrowserName {
  browser: string | null;
  system: string | null;
}

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|Chromium|CriOS|HeadlessChrome)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

export function browserName(userAgent: string | null | undefined): BrowserName {
  const ua = userAgent ?? '';
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
    system: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
  };
}

/** "Firefox on Linux", in the reader's language; a browser that did not say: "an unknown browser". */
export function describeBrowser(t: Translate, userAgent: string | null): string {
  const { browser, system } = browserName(userAgent);
  if (browser && system) return t('dashboard.browser-on', { browser, system });
  return browser ?? system ?? t('dashboard.browser-unknown');
}
