import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import { communityWithMember, libraryNameOf, memberIdOf, withButtons } from './support.ts';

/** `/library` in Persian, and the member's library in /mydata and /forgetme. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const ZWNJ = '\u200c';
/** As an Arabic keyboard types it: ك and ي, with a ZWNJ before the ezafe. */
const STORED = `كتابخانه${ZWNJ}ي مركزي دانشگاه`;

describe('/library in Persian', () => {
  it('GIVEN a library written with Arabic ي/ك and a ZWNJ WHEN a member types it in Persian letters with a space THEN it is found and the replies are Persian', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says(`/library add ${STORED} | تهران | دانشگاهی`, GROUP);
    expect(await h.prisma.library.findFirstOrThrow()).toMatchObject({ name: STORED, kind: 'university' });
    await sara.says('/lang fa');

    const set = texts(await sara.says('/library کتابخانه ی مرکزی دانشگاه'));
    expect(set).toContain('ثبت شد');
    expect(set).toContain(STORED);
    expect(await libraryNameOf(h, sara)).toBe(STORED);

    const shown = withButtons(await sara.says('/library'));
    expect(shown.text).toContain('کتابخانهٔ شما:');
    expect(shown.text).toContain('نوع: دانشگاهی');
    expect(shown.text).toContain('تهران');
    expect(shown.buttons!.flat().some((b) => b.label.includes(`هیچ${ZWNJ}کدام`))).toBe(true);
  });

  it('GIVEN a Persian name that is close but not the same THEN the close names are offered in Persian', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says(`/library add ${STORED}`, GROUP);
    await sara.says('/lang fa');
    const reply = texts(await sara.says('/library کتابخانه مرکزی دانشگا'));
    expect(reply).toContain('شاید منظورتان یکی از این‌هاست');
    expect(reply).toContain(`• ${STORED}`);
    expect(await libraryNameOf(h, sara)).toBeNull();
  });

  it('GIVEN a rename onto the Persian spelling of another library THEN it is refused as the same name', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says(`/library add ${STORED}`, GROUP);
    await admin.says('/library add کتابخانهٔ ملی', GROUP);
    await admin.says('/lang fa', GROUP);
    const reply = texts(await admin.says(`/library rename کتابخانهٔ ملی | کتابخانه${ZWNJ}ی مرکزی دانشگاه`, GROUP));
    expect(reply).toContain('از قبل وجود دارد');
    expect(await h.prisma.library.count({ where: { name: 'کتابخانهٔ ملی' } })).toBe(1);
  });
});

describe('a member’s library and their own data', () => {
  it('GIVEN a member who answers for a library and is its delegate WHEN /mydata THEN both are in their data', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library | Hanoi | public', GROUP);
    await sara.says('/library Central Library');
    await admin.says('/library delegate Central Library | Sara', GROUP);
    const sent = (await sara.says('/mydata')).find((m) => m.file);
    const data = JSON.parse(Buffer.from(sent!.file!.contentBase64, 'base64').toString('utf8'));
    expect(data.libraries).toHaveLength(1);
    expect(data.libraries[0].library).toMatchObject({ name: 'Central Library', city: 'Hanoi', kind: 'public' });
    expect(data.librariesDelegated.map((l: { name: string }) => l.name)).toEqual(['Central Library']);
  });

  it('GIVEN such a member WHEN /forgetme THEN their respondent row goes and the library stays without a delegate', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    await sara.says('/library Central Library');
    await admin.says('/library delegate Central Library | Sara', GROUP);
    const memberId = await memberIdOf(h, sara);
    expect(await h.prisma.libraryRespondent.count({ where: { memberId } })).toBe(1);

    const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === privateChat(sara.userId).chatId);
    await sara.presses(confirm, 0);
    expect(await h.prisma.member.count({ where: { id: memberId } })).toBe(0);
    expect(await h.prisma.libraryRespondent.count()).toBe(0);
    expect(await h.prisma.library.findFirstOrThrow()).toMatchObject({ name: 'Central Library', delegateId: null });
    expect(texts(await admin.says('/library list', GROUP))).toContain(
      'Central Library — Other; nobody answers for it yet',
    );
  });
});
