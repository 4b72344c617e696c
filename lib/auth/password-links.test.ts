import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { mailboxMessages, passwordTokens, users } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { errorMessage } from '@/lib/errors';
import { verifyPassword } from './password';
import {
  checkPasswordLink,
  inviteUser,
  sendPasswordLink,
  setPasswordWithLink,
} from './password-links';
import { createUser } from '@/lib/users/accounts';

const context = {
  actor: null,
  request: { ip: '127.0.0.1', userAgent: 'vitest' },
  locale: 'en' as const,
};

beforeAll(async () => {
  process.env.MAIL_TRANSPORT = 'log';
  process.env.APP_URL = 'https://console.example.test';
  vi.spyOn(console, 'log').mockImplementation(() => {});
  await migrateDatabase();
});

async function linkFor(email: string) {
  const [mail] = await getDb()
    .select()
    .from(mailboxMessages)
    .where(eq(mailboxMessages.to, email))
    .orderBy(desc(mailboxMessages.id))
    .limit(1);
  const token = mail?.text.match(/set-password\?token=([\w-]+)/)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

async function passwordHashOf(email: string) {
  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  return user?.passwordHash ?? null;
}

describe('welcome links', () => {
  it('stores only a hash, expires in 24 hours and sets the password once', async () => {
    const user = await inviteUser(
      {
        email: 'New.Person@Example.test',
        name: 'New Person',
        role: 'member',
        programmaticAccess: false,
      },
      context,
    );
    expect(user.email).toBe('new.person@example.test');
    expect(user.passwordHash).toBeNull();
    const token = await linkFor(user.email);
    const [stored] = await getDb()
      .select()
      .from(passwordTokens)
      .where(eq(passwordTokens.userId, user.id));
    expect(stored.tokenHash).toBe(sha256Hex(token));
    expect(stored.tokenHash).not.toContain(token);
    const lifetime = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(Math.abs(lifetime - 24 * 60 * 60 * 1000)).toBeLessThan(5_000);

    expect(await checkPasswordLink(token)).toEqual({ email: user.email });
    await setPasswordWithLink(token, 'a long new password', context.request);
    expect(await verifyPassword('a long new password', await passwordHashOf(user.email))).toBe(
      true,
    );

    expect(await checkPasswordLink(token)).toEqual({ problem: 'used' });
    await expect(
      setPasswordWithLink(token, 'another long password', context.request),
    ).rejects.toThrow(errorMessage('linkUsed'));
    expect(await verifyPassword('a long new password', await passwordHashOf(user.email))).toBe(
      true,
    );
  });

  it('refuses unknown and expired links without touching the password', async () => {
    await expect(
      setPasswordWithLink('not-a-token', 'a long new password', context.request),
    ).rejects.toThrow(errorMessage('linkInvalid'));
    const user = await inviteUser(
      { email: 'late@example.test', name: 'Late', role: 'member', programmaticAccess: false },
      context,
    );
    const token = await linkFor(user.email);
    await getDb()
      .update(passwordTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordTokens.userId, user.id));
    expect(await checkPasswordLink(token)).toEqual({ problem: 'expired' });
    await expect(
      setPasswordWithLink(token, 'a long new password', context.request),
    ).rejects.toThrow(errorMessage('linkExpired', { hours: 24 }));
    expect(await passwordHashOf(user.email)).toBeNull();
  });

  it('a new link voids the previous one', async () => {
    const user = await createUser(
      {
        email: 'again@example.test',
        name: 'Again',
        role: 'member',
        programmaticAccess: false,
        password: null,
      },
      context,
    );
    await sendPasswordLink(user.id, context);
    const first = await linkFor(user.email);
    await sendPasswordLink(user.id, context);
    const second = await linkFor(user.email);
    expect(second).not.toBe(first);
    expect(await checkPasswordLink(first)).toEqual({ problem: 'used' });
    expect(await checkPasswordLink(second)).toEqual({ email: user.email });
  });

  it('does not invite an email that already has an account', async () => {
    await expect(
      inviteUser(
        { email: 'AGAIN@example.test', name: 'Dup', role: 'member', programmaticAccess: false },
        context,
      ),
    ).rejects.toThrow('An account with the email again@example.test already exists.');
  });
});
