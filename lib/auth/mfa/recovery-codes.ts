import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb, type DbExecutor } from '@/db';
import { recoveryCodes } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/i/l: read off paper without doubt. 31 symbols × 16 ≈ 79 bits per code.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 16;
const GROUP = 4;
const SHAPE = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

export function generateRecoveryCode() {
  const symbols = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  const groups: string[] = [];
  for (let index = 0; index < LENGTH; index += GROUP) {
    groups.push(symbols.slice(index, index + GROUP).join(''));
  }
  return groups.join('-');
}

/** The code as typed (any case, with or without dashes and spaces), or null when it cannot be one. */
export function normalizeRecoveryCode(input: string) {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  return SHAPE.test(compact) ? compact : null;
}

export function looksLikeRecoveryCode(input: string) {
  return normalizeRecoveryCode(input) !== null;
}

/**
 * Unkeyed SHA-256, bound to the account: a code carries ~79 random bits, beyond brute force even
 * from a leaked table, and no secret that an operator may rotate (AUTH_SECRET) can void the codes.
 */
export function hashRecoveryCode(userId: number, code: string) {
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) throw new Error('Not a recovery code.');
  return sha256Hex(`recovery-code:${userId}:${normalized}`);
}

/** Replaces every code of the account with fresh ones, and returns them: the only time they exist in clear. */
export async function replaceRecoveryCodes(executor: DbExecutor, userId: number) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await executor
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, code) })));
  return codes;
}

/**
 * Spends one unused code of the account; false when it is not one. Every unused hash is compared in
 * constant time, and the code is marked used only if no concurrent request marked it first.
 */
export async function spendRecoveryCode(executor: DbExecutor, userId: number, input: string) {
  if (!looksLikeRecoveryCode(input)) return false;
  const wanted = Buffer.from(hashRecoveryCode(userId, input), 'hex');
  const rows = await executor
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  let match: number | undefined;
  for (const row of rows) {
    const stored = Buffer.from(row.codeHash, 'hex');
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) match = row.id;
  }
  if (match === undefined) return false;
  const [spent] = await executor
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.id, match), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return spent !== undefined;
}

export async function recoveryCodesLeft(userId: number, executor: DbExecutor = getDb()) {
  return executor.$count(
    recoveryCodes,
    and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)),
  );
}
