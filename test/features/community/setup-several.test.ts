import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

describe('/setup with several forms at once', () => {
  it('GIVEN a bound group WHEN /setup lang fa | tz Asia/Tehran | calendar persian THEN all three are applied', async () => {
    const admin = h.person('admin', { name: 'Nasrin', admin: true });
    await admin.says('/setup new Network', GROUP);
    await admin.says('/setup lang fa | tz Asia/Tehran | calendar persian', GROUP);
    expect(await h.prisma.community.findFirstOrThrow()).toMatchObject({
      language: 'fa',
      timeZone: 'Asia/Tehran',
      calendar: 'persian',
    });
  });

  it('GIVEN an unbound group WHEN a chat admin sends /setup tz Asia/Tehran THEN the name is asked, then both are done', async () => {
    const admin = h.person('admin', { name: 'Nasrin', admin: true });
    expect(texts(await admin.says('/setup tz Asia/Tehran', GROUP))).toContain("What is the community's name?");
    await admin.says('Libraries of Tabriz', GROUP);
    expect(await h.prisma.community.findFirstOrThrow()).toMatchObject({
      name: 'Libraries of Tabriz',
      timeZone: 'Asia/Tehran',
    });
  });

  it('GIVEN /setup new with a | in the name THEN it is the name, as before', async () => {
    const admin = h.person('admin', { name: 'Nasrin', admin: true });
    await admin.says('/setup new Libraries | North', GROUP);
    expect((await h.prisma.community.findFirstOrThrow()).name).toBe('Libraries | North');
  });

  it('GIVEN a wrong value among several THEN nothing is changed', async () => {
    const admin = h.person('admin', { name: 'Nasrin', admin: true });
    await admin.says('/setup new Network', GROUP);
    expect(texts(await admin.says('/setup lang fa | calendar lunar', GROUP))).toContain('lunar');
    expect(await h.prisma.community.findFirstOrThrow()).toMatchObject({ language: 'en', calendar: 'gregorian' });
  });
});
