/** Digits a member may type, folded to ASCII and back. */
import type { Language } from './languages.ts';

const PERSIAN_ZERO = 0x06f0; // ۰
const ARABIC_INDIC_ZERO = 0x0660; // ٠

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII 0–9; everything else unchanged. */
export function toLatinDigits(s: string): string {
  return s.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_INDIC_ZERO);
  });
}

/** ASCII digits to the digits of the language: Persian digits for fa, unchanged for the others. */
export function localizeDigits(s: string, language: Language): string {
  if (language !== 'fa') return s;
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}
