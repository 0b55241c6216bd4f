import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { loadInstanceSecret, SECRET_FILE } from '../../../src/instance-secret.ts';
import { silentLogger } from '../../../src/logger.ts';
import { anonymousBallot, processBallotKeys } from '../../../src/features/polls/ballot-key.ts';
import { BallotSecretMismatchError } from '../../../src/features/polls/ballot-key-repository.ts';
import { GROUP, Harness, texts } from '../../support/harness.ts';
import { communityWithChair, member, pollMessage } from './support.ts';

describe('the instance secret', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamkar-secret-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN no HAMKAR_SECRET THEN DATA_DIR/secret is made at first start, 0600, and the same one is read after', async () => {
    const first = await loadInstanceSecret({ secret: undefined, dataDir: dir });
    const file = path.join(dir, SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await loadInstanceSecret({ secret: undefined, dataDir: dir })).toEqual(first);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('utf8'));
  });

  it('GIVEN HAMKAR_SECRET THEN it is the secret and no file is written', async () => {
    const secret = randomBytes(32).toString('base64');
    expect((await loadInstanceSecret({ secret, dataDir: dir })).toString('utf8')).toBe(secret);
    await expect(stat(path.join(dir, SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('GIVEN DATABASE_URL without HAMKAR_SECRET, or a short one THEN the configuration names it, never its value', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u:p@db/hamkar' })).toThrow(
      /HAMKAR_SECRET: is required when DATABASE_URL is set/,
    );
    expect(() => loadConfig({ HAMKAR_SECRET: 'tooshort-hunter2' })).toThrow(/HAMKAR_SECRET: must be at least 32/);
    expect(() => loadConfig({ HAMKAR_SECRET: 'tooshort-hunter2' })).not.toThrow(/hunter2/);
    const secret = randomBytes(32).toString('base64');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/hamkar', HAMKAR_SECRET: secret }).HAMKAR_SECRET).toBe(
      secret,
    );
  });
});

describe('ballots keyed before the secret existed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN an open anonymous poll whose ballots the stored key made WHEN the bot starts with the secret THEN they are re-keyed, the stored key is gone, and a voter still cannot vote twice', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day suits? | Monday | Friday --anon', GROUP));
    const sara = await member(h, 'sara');
    const reza = await member(h, 'reza');
    await sara.presses(poll, 'Monday', GROUP);
    await reza.presses(poll, 'Friday', GROUP);
    // The database as the migration leaves one of before: ballots under a stored key, no check yet.
    const legacyKey = randomBytes(32).toString('base64url');
    await h.prisma.pollSecret.update({ where: { id: 1 }, data: { legacyKey, secretCheck: null } });
    const members = await h.prisma.member.findMany();
    const { key } = processBallotKeys();
    for (const m of members) {
      await h.prisma.pollVote.updateMany({
        where: { voter: anonymousBallot(key, 1, m.id) },
        data: { voter: anonymousBallot(legacyKey, 1, m.id) },
      });
    }

    await h.restart();
    expect(await h.prisma.pollSecret.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ legacyKey: null });
    const voters = (await h.prisma.pollVote.findMany()).map((v) => v.voter).sort();
    const saraId = members.find((m) => m.displayName === 'sara')!.id;
    const rezaId = members.find((m) => m.displayName === 'reza')!.id;
    expect(voters).toEqual([anonymousBallot(key, 1, saraId), anonymousBallot(key, 1, rezaId)].sort());

    // Sara changes her vote: her ballot is replaced, not added.
    await sara.presses(poll, 'Friday', GROUP);
    expect(await h.prisma.pollVote.count()).toBe(2);
    expect(texts(await chair.says('/results 1', GROUP))).toContain('Friday — 2 (100%)');
  });

  it('GIVEN a database used with one secret WHEN a bot starts on it with another THEN the start is refused', async () => {
    const other = createApp(h.prisma, silentLogger(), { secret: randomBytes(32) });
    await expect(other.start()).rejects.toThrow(BallotSecretMismatchError);
    await other.stop();
  });
});
