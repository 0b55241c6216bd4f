import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/connection-failure.ts';
import { createPrismaClient } from '../../src/db/prisma-client.ts';

/** The error Prisma really throws for a query to a closed port, as the bot would meet it. */
async function prismaErrorFromClosedPort(): Promise<unknown> {
  const db = createPrismaClient({ connectionString: 'postgresql://hamkar:x@127.0.0.1:1/hamkar' });
  try {
    await db.member.findFirst();
  } catch (error) {
    return error;
  } finally {
    await db.$disconnect();
  }
  throw new Error('the query to a closed port succeeded');
}

describe('isDatabaseUnavailable: an outage to wait for, or a failure of the query itself', () => {
  it('GIVEN the error Prisma throws when the server cannot be reached THEN it is an outage', async () => {
    expect(isDatabaseUnavailable(await prismaErrorFromClosedPort())).toBe(true);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    [
      'the server shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a connection exception (class 08)', Object.assign(new Error('connection failure'), { code: '08006' })],
    [
      'a database not accepting connections',
      Object.assign(new Error('database "hamkar" is not currently accepting connections'), { code: '55000' }),
    ],
    ['a transaction cut off with its connection', Object.assign(new Error('Transaction API error'), { code: 'P2028' })],
    ['an error nobody classified', new Error('something odd')],
    [
      'a driver adapter error wrapped by Prisma',
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P03' } } } },
    ],
  ])('GIVEN %s THEN it is an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug in the code', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique constraint', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a syntax error in SQL', Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })],
    [
      'a constraint reported through the driver adapter',
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } },
    ],
  ])('GIVEN %s THEN it is not an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
