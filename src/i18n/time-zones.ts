/**
 * IANA time zones. Intl decides what is valid; the name is kept as the member gave it (Asia/Ho_Chi_Minh
 * stays Asia/Ho_Chi_Minh, where Intl would report Asia/Saigon), only its letter case is put right.
 */
import { Temporal } from 'temporal-polyfill';

/**
 * A named IANA zone that Intl knows (not a bare offset such as `+04:30`), in its IANA spelling
 * (`asia/tehran` → `Asia/Tehran`, ` asia/ho_chi_minh ` → `Asia/Ho_Chi_Minh`; a link is not replaced by its
 * target), or undefined when it is not one.
 */
export function isValidTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (!/^[A-Za-z]/.test(trimmed)) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: trimmed });
    return Temporal.Now.zonedDateTimeISO(trimmed).timeZoneId;
  } catch {
    return undefined;
  }
}

/** The zone's UTC offset at an instant: `+04:30`, `-03:00`, `+00:00`. */
export function zoneOffsetLabel(instant: Date, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone).offset;
}
