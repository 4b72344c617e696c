import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { auditLogs } from '@/db/schema';
import {
  auditEventBatches,
  auditFilterParams,
  listAccountActivity,
  listAuditEvents,
  parseAuditFilter,
} from './log';
import { createUser } from '@/lib/users/accounts';

const request = { ip: '127.0.0.1', userAgent: 'vitest' };
let alice: { id: number; email: string };
let bob: { id: number; email: string };

beforeAll(async () => {
  await migrateDatabase();
  alice = await createUser(
    {
      email: 'alice@example.test',
      name: 'Alice',
      role: 'admin',
      programmaticAccess: true,
      password: null,
    },
    { actor: null, request },
  );
  bob = await createUser(
    {
      email: 'bob@example.test',
      name: 'Bob',
      role: 'member',
      programmaticAccess: false,
      password: null,
    },
    { actor: null, request },
  );
  const base = Date.UTC(2024, 0, 10);
  const rows = Array.from({ length: 120 }, (_, i) => ({
    actorId: i % 2 === 0 ? alice.id : bob.id,
    actorEmail: i % 2 === 0 ? alice.email : bob.email,
    action: i % 3 === 0 ? 'auth.signed_in' : 'access_key.created',
    targetType: 'user',
    targetId: String(i % 2 === 0 ? alice.id : bob.id),
    ip: '10.0.0.1',
    // Two events share each timestamp, so the id breaks ties.
    createdAt: new Date(base + Math.floor(i / 2) * 60 * 60 * 1000),
  }));
  await getDb().insert(auditLogs).values(rows);
  await getDb()
    .insert(auditLogs)
    .values({
      actorId: alice.id,
      actorEmail: alice.email,
      action: 'user.programmatic_access_granted',
      targetType: 'user',
      targetId: String(bob.id),
      createdAt: new Date(base - 1000),
    });
});

describe('listAuditEvents', () => {
  it('pages newest first without gaps or repeats', async () => {
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const result = await listAuditEvents({}, { page, pageSize: 25 });
      seen.push(...result.items.map((item) => item.id));
      if (!result.hasNext) break;
    }
    expect(seen).toHaveLength(123);
    expect(new Set(seen).size).toBe(123);
    const all = await getDb().select().from(auditLogs);
    const expected = all
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
      .map((row) => row.id);
    expect(seen).toEqual(expected);
  });

  it('filters by actor email, action and an inclusive day range', async () => {
    const byAlice = await listAuditEvents({ actor: 'ALICE@example.test' }, { pageSize: 200 });
    expect(byAlice.items).toHaveLength(61);
    expect(byAlice.items.every((item) => item.actorEmail === alice.email)).toBe(true);

    const signIns = await listAuditEvents({ action: 'auth.signed_in' }, { pageSize: 200 });
    expect(signIns.items).toHaveLength(40);

    const day = new Date('2024-01-11T00:00:00Z');
    const oneDay = await listAuditEvents({ from: day, to: day }, { pageSize: 200 });
    expect(oneDay.items).toHaveLength(48);
    expect(
      oneDay.items.every((item) => item.createdAt.toISOString().startsWith('2024-01-11')),
    ).toBe(true);

    expect((await listAuditEvents({ actor: 'nobody@example.test' })).items).toHaveLength(0);
    // PostgreSQL refuses U+0000 in text; the filter still just matches nothing.
    expect((await listAuditEvents({ actor: 'alice\u0000@example.test' })).items).toHaveLength(0);
  });

  it('names the target account', async () => {
    const [event] = (await listAuditEvents({ action: 'user.programmatic_access_granted' })).items;
    expect(event.actorEmail).toBe(alice.email);
    expect(event.targetEmail).toBe(bob.email);
  });
});

describe('listAccountActivity', () => {
  it('shows what the account did and what was done to it, nothing else', async () => {
    const bobs = await listAccountActivity(bob.id, { pageSize: 200 });
    expect(bobs.items).toHaveLength(62);
    expect(bobs.items.filter((item) => item.actorId === bob.id)).toHaveLength(60);
    expect(bobs.items.map((item) => item.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.programmatic_access_granted']),
    );
    const alices = await listAccountActivity(alice.id, { pageSize: 200 });
    expect(
      alices.items.some((item) => item.targetId === String(bob.id) && item.actorId !== alice.id),
    ).toBe(false);
  });
});

describe('auditEventBatches', () => {
  it('walks every matching event once, across equal timestamps', async () => {
    const ids: number[] = [];
    for await (const batch of auditEventBatches({ action: 'access_key.created' }, 7)) {
      ids.push(...batch.map((item) => item.id));
    }
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
  });
});

describe('filter parameters', () => {
  it('drops invalid values and round-trips valid ones', () => {
    const { filter, page } = parseAuditFilter({
      actor: ' alice@example.test ',
      action: 'drop table',
      from: '2024-01-10',
      to: 'yesterday',
      page: '3',
    });
    expect(page).toBe(3);
    expect(filter).toEqual({ actor: 'alice@example.test', from: new Date('2024-01-10T00:00:00Z') });
    expect(auditFilterParams(filter).toString()).toBe('actor=alice%40example.test&from=2024-01-10');
  });
});
