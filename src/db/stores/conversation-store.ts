import { z } from 'zod';
import type { ConversationState, ConversationStore } from '../../core/ports.ts';
import type { Db } from '../prisma-client.ts';
import { DEFAULT_LANGUAGE, isLanguage } from '../../i18n/languages.ts';

// JSON read back from the database is checked, not trusted: a flow's data is an object.
const flowData = z.record(z.string(), z.unknown());

export class PrismaConversationStore implements ConversationStore {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<ConversationState | null> {
    const row = await this.db.conversation.findUnique({ where: { key } });
    return row ? toState(row) : null;
  }

  async set(key: string, state: ConversationState): Promise<void> {
    const data = {
      flow: state.flow,
      step: state.step,
      data: state.data as object,
      language: state.language,
      expiresAt: state.expiresAt,
    };
    await this.db.conversation.upsert({ where: { key }, create: { key, ...data }, update: data });
  }

  async delete(key: string): Promise<void> {
    await this.db.conversation.deleteMany({ where: { key } });
  }

  async takeExpired(now: Date, limit: number): Promise<Array<{ key: string; state: ConversationState }>> {
    // Delete-returning in one statement, so that two instances never both report the same expiry.
    const rows = await this.db.$queryRaw<
      Array<{ key: string; flow: string; step: string; data: unknown; language: string; expiresAt: Date }>
    >`
      DELETE FROM "Conversation" WHERE key IN (
        SELECT key FROM "Conversation" WHERE "expiresAt" < ${now} ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ) RETURNING key, flow, step, data, language, "expiresAt"`;
    return rows.map((row) => ({ key: row.key, state: toState(row) }));
  }
}

function toState(row: {
  flow: string;
  step: string;
  data: unknown;
  language: string;
  expiresAt: Date;
}): ConversationState {
  return {
    flow: row.flow,
    step: row.step,
    data: flowData.parse(row.data),
    language: isLanguage(row.language) ? row.language : DEFAULT_LANGUAGE,
    expiresAt: new Date(row.expiresAt),
  };
}
