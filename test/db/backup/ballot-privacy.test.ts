import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeSnapshot } from '../../../src/db/backup/write-snapshot.ts';
import { anonymousBallot, processBallotKeys } from '../../../src/features/polls/ballot-key.ts';
import { GROUP, Harness } from '../../support/harness.ts';
import { communityWithChair, member, pollMessage } from '../../features/polls/support.ts';

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = await Harness.create();
  dir = await mkdtemp(path.join(tmpdir(), 'hamkar-backup-ballots-'));
});
afterEach(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every string anywhere in a row (values of JSON columns too): what an attacker could try as a key. */
function stringsOf(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

it('GIVEN an open anonymous poll WHEN backed up (npm run backup) THEN from the file alone no ballot can be matched to a member; with the instance secret every one can', async () => {
  const { chair } = await communityWithChair(h);
  const poll = pollMessage(await chair.says('/poll Which day suits? | Monday | Friday --anon', GROUP));
  for (const [id, option] of [
    ['sara', 'Monday'],
    ['reza', 'Friday'],
    ['mina', 'Monday'],
  ] as const) {
    await (await member(h, id)).presses(poll, option, GROUP);
  }

  const file = path.join(dir, 'backup.jsonl.gz');
  await writeSnapshot({ connectionString: h.db.url }, file);
  const lines = gunzipSync(await readFile(file))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as { t: string; r: Record<string, unknown> });
  const rows = (table: string) => lines.filter((l) => l.t === table).map((l) => l.r);
  const pollId = rows('Poll')[0]!.id as number;
  const voters = new Set(rows('PollVote').map((v) => v.voter as string));
  const memberIds = rows('Member').map((m) => m.id as number);
  expect(voters.size).toBe(3);
  expect(memberIds.length).toBe(4);

  // Every string the backup holds, tried as the ballot key against every member: no ballot is found.
  const candidates = stringsOf(
    lines.map((l) => l.r),
    new Set(),
  );
  for (const candidate of candidates) {
    for (const memberId of memberIds) expect(voters.has(anonymousBallot(candidate, pollId, memberId))).toBe(false);
  }
  // The bot, holding the secret, still knows its voters (a second vote replaces the first).
  const { key } = processBallotKeys();
  const known = memberIds.filter((memberId) => voters.has(anonymousBallot(key, pollId, memberId)));
  expect(known).toHaveLength(3);
  expect(candidates.has(key)).toBe(false);
});
