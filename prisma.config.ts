import { defineConfig } from 'prisma/config';

// Prisma 7 reads no .env by itself, and this file must not throw without DATABASE_URL:
// the bot manages an embedded server when it is unset, and `prisma generate` needs no database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/hamkar' },
});
