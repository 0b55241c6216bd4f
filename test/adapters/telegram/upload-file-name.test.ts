import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import { uploadFileName } from '../../../src/adapters/telegram/upload-file-name.ts';
import { silentLogger } from '../../../src/logger.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';

const TOKEN = '123456789:AAHfake-token_for-upload-file-names';
let fake: FakeBotApi;
let adapter: TelegramAdapter;

beforeAll(async () => {
  fake = await FakeBotApi.start({ token: TOKEN, limits: false });
  adapter = new TelegramAdapter({ token: TOKEN, apiRoot: fake.url, logger: silentLogger() });
});
afterAll(() => fake.close());

/** Sends one document with this name to a fresh chat and returns what the chat received. */
async function upload(fileName: string, chatId: string) {
  const bytes = Buffer.from('%PDF-1.4 minutes of the board');
  const result = await adapter.send(chatId, {
    text: 'The attachment',
    file: { fileName, mimeType: 'application/pdf', contentBase64: bytes.toString('base64') },
  });
  expect(result).toMatchObject({ ok: true });
  const [delivered] = fake.deliveredTo(chatId);
  return { delivered: delivered!, bytes };
}

describe('a member’s file name in an upload (sendDocument)', () => {
  it('GIVEN a name with a quote and CR/LF THEN the multipart header carries it cleaned, one file, the chat unchanged', async () => {
    const forged = 'minutes"; name="chat_id.pdf\r\nContent-Type: text/html\r\n\r\nX';
    const { delivered, bytes } = await upload(forged, '5001');
    expect(delivered.method).toBe('sendDocument');
    expect(delivered.chatId).toBe('5001');
    expect(delivered.text).toBe('The attachment');
    expect(delivered.file?.filename).toBe('minutes_; name=_chat_id.pdfContent-Type: text_htmlX');
    expect(delivered.file?.bytes.equals(bytes)).toBe(true);
  });

  it('GIVEN a Persian name with a ZWNJ THEN it arrives as written', async () => {
    const { delivered } = await upload('گزارش‌های نشست.pdf', '5002');
    expect(delivered.file?.filename).toBe('گزارش‌های نشست.pdf');
  });

  it('GIVEN bidi overrides, slashes, backslashes or nothing left THEN they go', () => {
    expect(uploadFileName('report\u202Efdp.exe')).toBe('reportfdp.exe');
    expect(uploadFileName('../..\\etc/passwd')).toBe('.._.._etc_passwd');
    expect(uploadFileName('\r\n\u2028')).toBe('file');
  });
});
