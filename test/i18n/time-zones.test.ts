import { describe, it, expect } from 'vitest';
import { isValidTimeZone, zoneOffsetLabel } from '../../src/i18n/time-zones.ts';

describe('isValidTimeZone', () => {
  it('GIVEN Asia/Ho_Chi_Minh THEN it is valid and kept as given, not as Asia/Saigon', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe('Asia/Ho_Chi_Minh');
  });

  it('GIVEN a zone in the wrong letter case with spaces around THEN the IANA spelling comes back', () => {
    expect(isValidTimeZone(' asia/ho_chi_minh ')).toBe('Asia/Ho_Chi_Minh');
    expect(isValidTimeZone('ASIA/TEHRAN')).toBe('Asia/Tehran');
    expect(isValidTimeZone('asia/novokuznetsk')).toBe('Asia/Novokuznetsk');
  });

  it('GIVEN unknown names, offsets or nothing THEN it is not valid', () => {
    for (const name of ['Foo/Bar', 'Tehran', '+04:30', '', '   ']) expect(isValidTimeZone(name), name).toBeUndefined();
  });
});

describe('zoneOffsetLabel', () => {
  it('GIVEN Asia/Tehran in July 2021 THEN +04:30 (daylight saving time still observed)', () => {
    expect(zoneOffsetLabel(new Date('2021-07-01T12:00:00Z'), 'Asia/Tehran')).toBe('+04:30');
  });

  it('GIVEN Asia/Tehran in July 2023 THEN +03:30 (no DST since 2022)', () => {
    expect(zoneOffsetLabel(new Date('2023-07-01T12:00:00Z'), 'Asia/Tehran')).toBe('+03:30');
  });

  it('GIVEN Asia/Novokuznetsk, UTC and America/Sao_Paulo THEN +07:00, +00:00 and -03:00', () => {
    const instant = new Date('2023-06-13T00:00:00Z');
    expect(zoneOffsetLabel(instant, 'Asia/Novokuznetsk')).toBe('+07:00');
    expect(zoneOffsetLabel(instant, 'UTC')).toBe('+00:00');
    expect(zoneOffsetLabel(instant, 'America/Sao_Paulo')).toBe('-03:00');
  });
});
