import { statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseEngine, redactDatabaseUrl } from '@/db/url';
import {
  authSecret,
  databaseFile,
  EnvError,
  isConfiguredDeployment,
  mailTransport,
  masterKeys,
  parseEnv,
} from './env';

describe('environment', () => {
  it('applies defaults for a bare local run', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.ADMIN_EMAIL).toBe('admin@example.com');
    expect(isConfiguredDeployment(env)).toBe(false);
    expect(mailTransport(env)).toBe('log');
    expect(databaseFile(env)).toBe(path.resolve('data/console.db'));
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ ACCESSKEY_MASTER_KEY: 'c2hvcnQ=' })).toThrow(
      /ACCESSKEY_MASTER_KEY: must be 32 bytes/,
    );
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/);
    expect(() => parseEnv({ MAIL_TRANSPORT: 'smtp' })).toThrow(/MAIL_TRANSPORT/);
    expect(() => parseEnv({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  it('reads file: URLs and picks Resend when a key is set', () => {
    const env = parseEnv({ DATABASE_URL: 'file:/tmp/x.db', RESEND_API_KEY: 're_123' });
    expect(databaseFile(env)).toBe('/tmp/x.db');
    expect(mailTransport(env)).toBe('resend');
  });

  it('reads every form of a SQLite DATABASE_URL, relative paths from the working folder', () => {
    const file = (url: string) => databaseFile(parseEnv({ DATABASE_URL: url }));
    expect(file('/srv/console.db')).toBe('/srv/console.db');
    expect(file('db/console.db')).toBe(path.resolve('db/console.db'));
    expect(file('file:./db/console.db')).toBe(path.resolve('db/console.db'));
    expect(file('file:db/console.db')).toBe(path.resolve('db/console.db'));
    expect(file('file:///tmp/x.db')).toBe('/tmp/x.db');
    expect(file('file://localhost/tmp/x.db')).toBe('/tmp/x.db');
    expect(file('file:///tmp/with%20space.db')).toBe('/tmp/with space.db');
    expect(file(':memory:')).toBe(':memory:');
    expect(() => file('file://db.internal/console.db')).toThrow(EnvError);
    expect(() => file('file://db.internal/console.db')).toThrow(/^DATABASE_URL: /);
  });

  it('selects PostgreSQL by the URL scheme alone, and never prints its password', () => {
    expect(databaseEngine('file:/tmp/x.db')).toBe('sqlite');
    expect(databaseEngine('/srv/console.db')).toBe('sqlite');
    expect(databaseEngine(':memory:')).toBe('sqlite');
    expect(databaseEngine('postgres://db.internal/console')).toBe('postgres');
    expect(databaseEngine('postgresql://app@db.internal/console')).toBe('postgres');
    expect(databaseEngine('POSTGRES://db.internal/console')).toBe('postgres');
    expect(redactDatabaseUrl('postgres://app:s3cret@db.internal:5432/console')).toBe(
      'postgres://app:***@db.internal:5432/console',
    );
    expect(redactDatabaseUrl('postgres://app:s3cret@[bad')).not.toContain('s3cret');
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('generates missing secrets once, private to the owner', () => {
    const env = parseEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'env-test-')) });
    const secret = authSecret(env);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(authSecret(env)).toBe(secret);
    const [key] = masterKeys(env);
    expect(key).toHaveLength(32);
    expect(masterKeys(env)[0].equals(key)).toBe(true);
    expect(statSync(path.join(env.DATA_DIR, 'master-key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(env.DATA_DIR, 'auth-secret')).mode & 0o777).toBe(0o600);
  });

  it('uses configured secrets as they are', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const previous = Buffer.alloc(32, 2).toString('base64');
    const env = parseEnv({
      ACCESSKEY_MASTER_KEY: key,
      ACCESSKEY_MASTER_KEY_PREVIOUS: previous,
      AUTH_SECRET: 'x'.repeat(40),
    });
    expect(masterKeys(env).map((k) => k.toString('base64'))).toEqual([key, previous]);
    expect(authSecret(env)).toBe('x'.repeat(40));
    expect(isConfiguredDeployment(env)).toBe(true);
  });
});
