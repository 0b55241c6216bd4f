import { storableText } from '../../core/inbound-text.ts';

/**
 * A value for a `jsonb` column with every string in it made storable. jsonb refuses a lone surrogate
 * and NUL, and one bad character in a reply would fail the whole write (and with it the handler that
 * sent it): the last line of defence, whatever a feature put into the message.
 */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => storableJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storableJson(item)])) as T;
  }
  return value;
}
