import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/db';
import { createUser, listUsers } from './accounts';

const SYSTEM = { actor: null, request: { ip: null, userAgent: 'test' } };

beforeAll(async () => {
  await migrateDatabase();
  for (let i = 0; i < 30; i++) {
    await createUser(
      {
        email: `list-${String(i).padStart(2, '0')}@example.test`,
        name: i % 3 === 0 ? `Finance ${i}` : `Person ${i}`,
        role: 'member',
        programmaticAccess: false,
        password: null,
      },
      SYSTEM,
    );
  }
});

describe('listUsers', () => {
  it('pages through every account, newest first', async () => {
    const first = await listUsers({ pageSize: 10 });
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 3 });
    expect(first.items[0].email).toBe('list-29@example.test');
    const last = await listUsers({ pageSize: 10, page: 3 });
    expect(last.items.map((user) => user.email).at(-1)).toBe('list-00@example.test');
  });

  it('searches email or name as a substring, counting the matches', async () => {
    const found = await listUsers({ q: 'finance', pageSize: 4 });
    expect(found).toMatchObject({ total: 10, page: 1, pageCount: 3 });
    expect(found.items).toHaveLength(4);
    expect(found.items.every((user) => user.name.startsWith('Finance'))).toBe(true);
    expect(
      (await listUsers({ q: 'list-1', pageSize: 4, page: 3 })).items.map((u) => u.email),
    ).toEqual(['list-11@example.test', 'list-10@example.test']);
  });

  it('clamps a page past the end, and finds nothing gracefully', async () => {
    const past = await listUsers({ q: 'finance', pageSize: 4, page: 99 });
    expect(past).toMatchObject({ total: 10, page: 3, pageCount: 3 });
    expect(past.items).toHaveLength(2);
    expect(await listUsers({ q: 'nobody-has-this', page: 5 })).toMatchObject({
      total: 0,
      page: 1,
      items: [],
    });
    expect(await listUsers({ page: 99, pageSize: 10 })).toMatchObject({ page: 3, total: 30 });
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    expect((await listUsers({ q: '%' })).total).toBe(0);
    expect((await listUsers({ q: 'list_0' })).total).toBe(0);
  });

  it('finds nothing for a search with a NUL character, on either engine', async () => {
    // PostgreSQL refuses U+0000 in text; no address or name holds one, so nothing matches.
    expect(await listUsers({ q: '\u0000' })).toMatchObject({ total: 0, items: [] });
    expect((await listUsers({ q: 'list\u0000' })).total).toBe(0);
  });
});
