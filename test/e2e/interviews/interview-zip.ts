import { strFromU8, unzipSync } from 'fflate';

/** An exported interview's ZIP, as a reader opens it: its entries, their text and bytes. */
export interface InterviewZip {
  /** Every entry's path, sorted. */
  names: string[];
  text(name: string): string;
  bytes(name: string): Buffer;
  /** metadata.json, parsed. */
  metadata: Record<string, unknown>;
  /** The entries under media/, sorted. */
  media: string[];
}

export function readInterviewZip(zip: Buffer): InterviewZip {
  const entries = unzipSync(new Uint8Array(zip));
  const entry = (name: string): Uint8Array => {
    const found = entries[name];
    if (!found) throw new Error(`no ${name} in the ZIP; it holds ${Object.keys(entries).join(', ')}`);
    return found;
  };
  const names = Object.keys(entries).sort();
  return {
    names,
    text: (name) => strFromU8(entry(name)),
    bytes: (name) => Buffer.from(entry(name)),
    metadata: JSON.parse(strFromU8(entry('metadata.json'))) as Record<string, unknown>,
    media: names.filter((name) => name.startsWith('media/')),
  };
}
