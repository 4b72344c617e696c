import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { transaction, type Transaction } from '@/db';
import { accessKeys, products, totpCredentials } from '@/db/schema';
import { totpSealedFor } from '@/lib/auth/mfa/totp';
import { keyFingerprint, openSecret, SealError, sealedWith, sealSecret } from '@/lib/crypto';
import { openSigningSecret, sealSigningSecret } from '@/lib/products/signing-secret';
import { databaseEngine } from '@/db/url';
import { dataDir, getEnv, masterKeys, type Env } from '@/lib/config/env';

export class MasterKeyError extends Error {}

export type ResealReport = {
  total: number;
  /** Of the total: how many are AccessKey Secrets, how many authenticator-app secrets. */
  accessKeySecrets: number;
  authenticatorApps: number;
  resealed: number;
  alreadyCurrent: number;
  fingerprint: string;
  /** Product signing secrets: the current ones, and previous ones still inside their 24 hours. */
  productSecrets: { total: number; resealed: number };
};

export type RotationReport = ResealReport &
  ({ source: 'environment' } | { source: 'file'; file: string });

/** A sealed value of some table: what names it in errors, its associated data, how to rewrite it. */
type SealedValue = {
  kind: 'access_key' | 'authenticator_app';
  name: string;
  boundTo: string;
  sealed: string;
  store: (tx: Transaction, sealed: string) => Promise<unknown>;
};

/** Every value sealed under the master key: AccessKey Secrets and authenticator-app secrets. */
async function sealedValues(tx: Transaction): Promise<SealedValue[]> {
  const keys = await tx
    .select({
      id: accessKeys.id,
      accessKeyId: accessKeys.accessKeyId,
      secretCiphertext: accessKeys.secretCiphertext,
    })
    .from(accessKeys);
  const totp = await tx
    .select({
      id: totpCredentials.id,
      userId: totpCredentials.userId,
      secretCiphertext: totpCredentials.secretCiphertext,
    })
    .from(totpCredentials);
  return [
    ...keys.map((row) => ({
      kind: 'access_key' as const,
      name: row.accessKeyId,
      boundTo: row.accessKeyId,
      sealed: row.secretCiphertext,
      store: (tx: Transaction, sealed: string) =>
        tx.update(accessKeys).set({ secretCiphertext: sealed }).where(eq(accessKeys.id, row.id)),
    })),
    ...totp.map((row) => ({
      kind: 'authenticator_app' as const,
      name: `authenticator app of account #${row.userId}`,
      boundTo: totpSealedFor(row.userId),
      sealed: row.secretCiphertext,
      store: (tx: Transaction, sealed: string) =>
        tx
          .update(totpCredentials)
          .set({ secretCiphertext: sealed })
          .where(eq(totpCredentials.id, row.id)),
    })),
  ];
}

/**
 * Re-seals every product signing secret under keys[0]; a previous secret past its 24 hours is
 * dropped rather than carried over. Returns the products whose secrets none of the keys opens.
 */
async function resealProductSecrets(tx: Transaction, keys: Buffer[], now: number) {
  const current = keys[0];
  const fingerprint = keyFingerprint(current);
  const rows = await tx.select().from(products);
  const unreadable: string[] = [];
  let total = 0;
  let resealed = 0;
  const reseal = (sealed: string, productId: number) => {
    total++;
    if (sealedWith(sealed) === fingerprint) return sealed;
    resealed++;
    return sealSigningSecret(openSigningSecret(sealed, productId, keys), productId, current);
  };
  for (const row of rows) {
    const live =
      row.previousSigningSecretCiphertext !== null &&
      (row.previousSigningSecretExpiresAt?.getTime() ?? 0) > now;
    let change: Partial<typeof row>;
    try {
      change = {
        signingSecretCiphertext: reseal(row.signingSecretCiphertext, row.id),
        previousSigningSecretCiphertext: live
          ? reseal(row.previousSigningSecretCiphertext!, row.id)
          : null,
        previousSigningSecretExpiresAt: live ? row.previousSigningSecretExpiresAt : null,
      };
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      unreadable.push(`product ${row.slug}`);
      continue;
    }
    await tx.update(products).set(change).where(eq(products.id, row.id));
  }
  return { total, resealed, unreadable };
}

/**
 * Re-seals every sealed value (AccessKey Secrets, authenticator-app secrets, product signing
 * secrets) under keys[0] in one transaction. A value that none of the keys opens aborts the whole
 * run, so a half-rotated database never exists.
 */
export async function resealAllSecrets(keys: Buffer[], now = Date.now()): Promise<ResealReport> {
  const current = keys[0];
  const fingerprint = keyFingerprint(current);
  return transaction(async (tx) => {
    const values = await sealedValues(tx);
    const unreadable: string[] = [];
    let resealed = 0;
    for (const value of values) {
      if (sealedWith(value.sealed) === fingerprint) continue;
      let secret: string;
      try {
        secret = openSecret(value.sealed, value.boundTo, keys);
      } catch (error) {
        if (!(error instanceof SealError)) throw error;
        unreadable.push(value.name);
        continue;
      }
      await value.store(tx, sealSecret(secret, value.boundTo, current));
      resealed++;
    }
    const productSecrets = await resealProductSecrets(tx, keys, now);
    unreadable.push(...productSecrets.unreadable);
    if (unreadable.length > 0) {
      const sample = unreadable.slice(0, 5).join(', ');
      throw new MasterKeyError(
        `${unreadable.length} sealed secret${unreadable.length === 1 ? '' : 's'} (${sample}${unreadable.length > 5 ? ', …' : ''}) cannot be opened with the configured master keys, so nothing was changed. Set ACCESSKEY_MASTER_KEY_PREVIOUS to the key they were sealed with and run the command again.`,
      );
    }
    const accessKeySecrets = values.filter((value) => value.kind === 'access_key').length;
    return {
      total: values.length,
      accessKeySecrets,
      authenticatorApps: values.length - accessKeySecrets,
      resealed,
      alreadyCurrent: values.length - resealed,
      fingerprint,
      productSecrets: { total: productSecrets.total, resealed: productSecrets.resealed },
    };
  });
}

/**
 * With ACCESSKEY_MASTER_KEY in the environment the operator has already chosen the new key and
 * supplies the old one as ACCESSKEY_MASTER_KEY_PREVIOUS. With the generated data/master-key file
 * a new key is generated here; the old one stays in master-key.previous until the run succeeds.
 */
export async function rotateMasterKey(env: Env = getEnv()): Promise<RotationReport> {
  if (!env.ACCESSKEY_MASTER_KEY && databaseEngine(env.DATABASE_URL) === 'postgres') {
    // A key generated into this machine's data folder would re-seal the shared database under a
    // key no instance has.
    throw new MasterKeyError(
      'Set ACCESSKEY_MASTER_KEY to the new key and ACCESSKEY_MASTER_KEY_PREVIOUS to the current one (as every instance has them) before rotating a PostgreSQL database; nothing was changed.',
    );
  }
  if (env.ACCESSKEY_MASTER_KEY) {
    return { source: 'environment', ...(await resealAllSecrets(masterKeys(env))) };
  }
  const file = path.join(dataDir(env), 'master-key');
  const previousFile = `${file}.previous`;
  const nextFile = `${file}.next`;
  const configured = masterKeys(env);
  const newKey = randomBytes(32);
  writeFileSync(previousFile, `${configured[0].toString('base64')}\n`, { mode: 0o600 });
  writeFileSync(nextFile, `${newKey.toString('base64')}\n`, { mode: 0o600 });
  let report: ResealReport;
  try {
    report = await resealAllSecrets([newKey, ...configured]);
  } catch (error) {
    rmSync(nextFile, { force: true });
    rmSync(previousFile, { force: true });
    throw error;
  }
  try {
    renameSync(nextFile, file);
  } catch {
    throw new MasterKeyError(
      `The Secrets were re-encrypted under the new master key, but ${file} could not be replaced. Move ${nextFile} to ${file} by hand before starting the console; the old key is kept in ${previousFile}.`,
    );
  }
  rmSync(previousFile, { force: true });
  return { source: 'file', file, ...report };
}
