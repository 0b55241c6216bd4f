import type { Language } from '../../i18n/languages.ts';

/** Whose clock a chase keeps: the recipient's zone and the community's quiet hours and holidays. */
export interface ChaseRecipientClock {
  communityId: number;
  timeZone: string;
  quietStartMinute: number;
  quietEndMinute: number;
  holidayCountry: string | null;
  communityLanguage: string;
}

/** When a chasing message may reach someone: `at` itself, or the end of their quiet hours or holidays. */
export interface ChaseClock {
  allowedFrom(at: Date, who: ChaseRecipientClock): Promise<Date>;
}

/** A period's name for people (`Q3 1405 (Mehr–Azar)`) from its stored label. */
export type PeriodNamer = (label: string, language: Language) => string;
