import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/db';
import {
  clearSignInFailures,
  MAX_FAILURES_PER_ACCOUNT_AND_IP,
  MAX_FAILURES_PER_IP,
  recordSignInFailure,
  retryMessage,
  SIGN_IN_WINDOW_MS,
  signInLockedUntil,
} from './sign-in-throttle';

beforeAll(async () => {
  await migrateDatabase();
});

describe('sign-in throttling', () => {
  it('locks an account and address pair after 10 failures for 15 minutes', async () => {
    const start = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP - 1; i++) {
      await recordSignInFailure('pair@example.test', '10.0.0.1', start + i);
    }
    expect(await signInLockedUntil('pair@example.test', '10.0.0.1', start + 10)).toBeNull();
    await recordSignInFailure('pair@example.test', '10.0.0.1', start + 20);
    const until = await signInLockedUntil('pair@example.test', '10.0.0.1', start + 30);
    expect(until?.getTime()).toBe(start + SIGN_IN_WINDOW_MS);
    // Another address for the same account, or the same address for another account, is not locked.
    expect(await signInLockedUntil('pair@example.test', '10.0.0.2', start + 30)).toBeNull();
    expect(await signInLockedUntil('other@example.test', '10.0.0.1', start + 30)).toBeNull();
    // The lock ends once the window has passed.
    expect(
      await signInLockedUntil('pair@example.test', '10.0.0.1', start + SIGN_IN_WINDOW_MS + 1),
    ).toBeNull();
  });

  it('a successful sign-in clears the pair', async () => {
    const now = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++) {
      await recordSignInFailure('clear@example.test', '10.0.1.1', now);
    }
    expect(await signInLockedUntil('clear@example.test', '10.0.1.1', now)).not.toBeNull();
    await clearSignInFailures('clear@example.test', '10.0.1.1');
    expect(await signInLockedUntil('clear@example.test', '10.0.1.1', now)).toBeNull();
  });

  it('locks an address spraying many accounts', async () => {
    const now = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await recordSignInFailure(`spray-${i}@example.test`, '10.0.2.1', now);
    }
    expect(await signInLockedUntil('fresh@example.test', '10.0.2.1', now)).not.toBeNull();
  });

  it('says when to retry', () => {
    const now = Date.now();
    expect(retryMessage(new Date(now + 14 * 60_000 + 1), 'en', now)).toBe(
      'Too many failed sign-in attempts. Try again in 15 minutes.',
    );
    expect(retryMessage(new Date(now + 5_000), 'en', now)).toBe(
      'Too many failed sign-in attempts. Try again in 1 minute.',
    );
    expect(retryMessage(new Date(now + 5_000), 'ko', now)).toContain('1분');
  });
});
