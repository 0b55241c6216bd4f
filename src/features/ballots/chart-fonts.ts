import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The fonts charts are drawn with, from npm packages (no system fonts: a server may have none).
 * Vazirmatn draws Persian (and Latin); Noto Sans draws Cyrillic and Vietnamese, which Vazirmatn lacks.
 * Both are TrueType files: resvg reads TTF/OTF, not the WOFF2 that @fontsource packages ship.
 */
export const PERSIAN_FONT_FAMILY = 'Vazirmatn';
export const LATIN_FONT_FAMILY = 'Noto Sans';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

let cached: string[] | undefined;

export function chartFontFiles(): string[] {
  if (!cached) {
    const vazirmatn = path.join(packageDir('vazirmatn'), 'fonts', 'ttf');
    const noto = packageDir('@expo-google-fonts/noto-sans');
    cached = [
      path.join(vazirmatn, 'Vazirmatn-Regular.ttf'),
      path.join(vazirmatn, 'Vazirmatn-Bold.ttf'),
      path.join(noto, '400Regular', 'NotoSans_400Regular.ttf'),
      path.join(noto, '700Bold', 'NotoSans_700Bold.ttf'),
    ];
  }
  return cached;
}

/** The families for a chart: its own script's font first, the other as the fallback. */
export function chartFontFamilies(direction: 'ltr' | 'rtl'): string[] {
  return direction === 'rtl' ? [PERSIAN_FONT_FAMILY, LATIN_FONT_FAMILY] : [LATIN_FONT_FAMILY, PERSIAN_FONT_FAMILY];
}
