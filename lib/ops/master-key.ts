import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { transaction, type Transaction } from '@/db';
import { accessKeys, products } from '@/db/schema';
import { keyFingerprint, openSecret, SealError, sealedWith, sealSecret } from '@/lib/crypto';
import { openSigningSecret, sealSigningSecret } from '@/lib/products/signing-secret';
import { databaseEngine } from '@/db/url';
import { dataDir, getEnv, masterKeys, type Env } from '@/lib/config/env';

export class MasterKeyError extends Error {}

export type ResealReport = {
  total: number;
  resealed: number;
  alreadyCurrent: number;
  fingerprint: string;
  /** Product signing secrets: the current ones, and previous ones still inside their 24 hours. */
  productSecrets: { total: number; resealed: number };
};

export type RotationReport = ResealReport &
  ({ source: 'environment' } | { source: 'file'; file: string });

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
 * Re-seals every Secret and product signing secret under keys[0] in one transaction. A secret
 * that none of the keys opens aborts the whole run, so a half-rotated table never exists.
 */
export async function resealAllSecrets(keys: Buffer[], now = Date.now()): Promise<ResealReport> {
  const current = keys[0];
  const fingerprint = keyFingerprint(current);
  return transaction(async (tx) => {
    const rows = await tx
      .select({
        id: accessKeys.id,
        accessKeyId: accessKeys.accessKeyId,
        secretCiphertext: accessKeys.secretCiphertext,
      })
      .from(accessKeys);
    const unreadable: string[] = [];
    let resealed = 0;
    for (const row of rows) {
      if (sealedWith(row.secretCiphertext) === fingerprint) continue;
      let secret: string;
      try {
        secret = openSecret(row.secretCiphertext, row.accessKeyId, keys);
      } catch (error) {
        if (!(error instanceof SealError)) throw error;
        unreadable.push(row.accessKeyId);
        continue;
      }
      await tx
        .update(accessKeys)
        .set({ secretCiphertext: sealSecret(secret, row.accessKeyId, current) })
        .where(eq(accessKeys.id, row.id));
      resealed++;
    }
    const productSecrets = await resealProductSecrets(tx, keys, now);
    unreadable.push(...productSecrets.unreadable);
    if (unreadable.length > 0) {
      const sample = unreadable.slice(0, 5).join(', ');
      throw new MasterKeyError(
        `${unreadable.length} secret${unreadable.length === 1 ? '' : 's'} (${sample}${unreadable.length > 5 ? ', …' : ''}) cannot be opened with the configured master keys, so nothing was changed. Set ACCESSKEY_MASTER_KEY_PREVIOUS to the key they were sealed with and run the command again.`,
      );
    }
    return {
      total: rows.length,
      resealed,
      alreadyCurrent: rows.length - resealed,
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
