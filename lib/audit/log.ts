import { and, desc, eq, gte, inArray, lt, lte, not, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { getDb } from '@/db';
import { auditLogs, users } from '@/db/schema';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/audit/record';
import { normalizeEmail } from '@/lib/users/accounts';

export const AUDIT_PAGE_SIZE = 50;
const MAX_PAGE = 1_000_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateParam = z
  .string()
  .regex(DATE)
  .transform((value) => new Date(`${value}T00:00:00.000Z`))
  .refine((date) => !Number.isNaN(date.getTime()));

const firstOf = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankAsUndefined = (value: unknown) => {
  const first = firstOf(value);
  return typeof first === 'string' && first.trim() === '' ? undefined : first;
};

/** The filter as it travels in the URL (`?actor=&action=&from=&to=&page=`); bad values are dropped. */
export const auditFilterSchema = z.object({
  actor: z.preprocess(blankAsUndefined, z.string().trim().max(254).optional()).catch(undefined),
  action: z.preprocess(blankAsUndefined, z.enum(AUDIT_ACTIONS).optional()).catch(undefined),
  from: z.preprocess(blankAsUndefined, dateParam.optional()).catch(undefined),
  to: z.preprocess(blankAsUndefined, dateParam.optional()).catch(undefined),
  page: z
    .preprocess(firstOf, z.coerce.number().int().min(1).max(MAX_PAGE).optional())
    .catch(undefined),
});

export type AuditFilter = {
  actor?: string;
  action?: AuditAction;
  /** First day included, UTC. */
  from?: Date;
  /** Last day included, UTC. */
  to?: Date;
};

export function parseAuditFilter(params: Record<string, string | string[] | undefined>) {
  const { page, ...filter } = auditFilterSchema.parse(params);
  return { filter: filter satisfies AuditFilter, page: page ?? 1 };
}

/** The filter back into URL parameters, for pagination links and the CSV export. */
export function auditFilterParams(filter: AuditFilter, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.from) params.set('from', filter.from.toISOString().slice(0, 10));
  if (filter.to) params.set('to', filter.to.toISOString().slice(0, 10));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every condition maps onto one of audit_logs' (column, created_at) indexes, and the order
 * (created_at desc, id desc) is the order of those indexes, so no query sorts.
 */
async function filterConditions(filter: AuditFilter): Promise<SQL[]> {
  const conditions: SQL[] = [];
  if (filter.actor) {
    const email = normalizeEmail(filter.actor);
    // No address holds U+0000, and PostgreSQL refuses it in text: such a filter matches nothing.
    if (email.includes('\u0000')) return [sql`1 = 0`];
    const [account] = await getDb()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email));
    // A deleted account's rows keep only the email, so fall back to it when no account matches.
    conditions.push(account ? eq(auditLogs.actorId, account.id) : eq(auditLogs.actorEmail, email));
  }
  if (filter.action) conditions.push(eq(auditLogs.action, filter.action));
  if (filter.from) conditions.push(gte(auditLogs.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLogs.createdAt, new Date(filter.to.getTime() + DAY_MS)));
  return conditions;
}

export type AuditListItem = {
  id: number;
  createdAt: Date;
  action: string;
  actorId: number | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  /** The target account's current email, when the target is an account that still exists. */
  targetEmail: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditPage = {
  items: AuditListItem[];
  page: number;
  pageSize: number;
  hasNext: boolean;
};

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const targetUsers = alias(users, 'target_users');

/** Full rows for the given ids, newest first; the target account is joined by primary key. */
async function loadEvents(ids: number[]): Promise<AuditListItem[]> {
  if (ids.length === 0) return [];
  const rows = await getDb()
    .select({
      id: auditLogs.id,
      createdAt: auditLogs.createdAt,
      action: auditLogs.action,
      actorId: auditLogs.actorId,
      actorEmail: auditLogs.actorEmail,
      targetType: auditLogs.targetType,
      targetId: auditLogs.targetId,
      targetEmail: targetUsers.email,
      detail: auditLogs.detail,
      ip: auditLogs.ip,
      userAgent: auditLogs.userAgent,
    })
    .from(auditLogs)
    .leftJoin(
      targetUsers,
      and(
        eq(auditLogs.targetType, 'user'),
        // Only a user target's id is a number; PostgreSQL would reject the cast of any other.
        eq(
          targetUsers.id,
          sql`case when ${auditLogs.targetType} = 'user' then cast(${auditLogs.targetId} as integer) end`,
        ),
      ),
    )
    .where(inArray(auditLogs.id, ids))
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id));
  return rows.map((row) => ({
    ...row,
    detail: parseDetail(row.detail),
  }));
}

/**
 * One page of ids first (an index-only walk, so a deep offset skips index entries, not rows),
 * then the rows themselves; one extra id tells whether a next page exists.
 */
async function pageOf(where: SQL | undefined, page: number, pageSize: number): Promise<AuditPage> {
  const rows = await getDb()
    .select({ id: auditLogs.id })
    .from(auditLogs)
    .where(where)
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  const ids = rows.map((row) => row.id);
  return {
    items: await loadEvents(ids.slice(0, pageSize)),
    page,
    pageSize,
    hasNext: ids.length > pageSize,
  };
}

function clampPage(page: number | undefined) {
  return Math.min(Math.max(Math.trunc(page ?? 1) || 1, 1), MAX_PAGE);
}

/** Every audit event matching the filter, newest first. For administrators only. */
export async function listAuditEvents(
  filter: AuditFilter,
  options: { page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? AUDIT_PAGE_SIZE, 1), 200);
  return pageOf(and(...(await filterConditions(filter))), clampPage(options.page), pageSize);
}

/** The events one account caused or was the target of, newest first. */
export async function listAccountActivity(
  userId: number,
  options: { page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? AUDIT_PAGE_SIZE, 1), 200);
  const where = or(
    eq(auditLogs.actorId, userId),
    and(eq(auditLogs.targetType, 'user'), eq(auditLogs.targetId, String(userId))),
  );
  return pageOf(where, clampPage(options.page), pageSize);
}

/**
 * The matching events in batches, newest first, for the CSV export. Each batch is its own short
 * query continuing after the last row seen (keyset), so a long download never holds a read open.
 */
export async function* auditEventBatches(
  filter: AuditFilter,
  batchSize = 1000,
): AsyncGenerator<AuditListItem[]> {
  const base = await filterConditions(filter);
  let after: { createdAt: Date; id: number } | undefined;
  for (;;) {
    const conditions = [...base];
    if (after) {
      // Written as a range plus an exclusion so the created_at index bounds the walk.
      conditions.push(
        lte(auditLogs.createdAt, after.createdAt),
        not(and(eq(auditLogs.createdAt, after.createdAt), gte(auditLogs.id, after.id))!),
      );
    }
    const rows = await getDb()
      .select({ id: auditLogs.id })
      .from(auditLogs)
      .where(and(...conditions))
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(batchSize);
    const ids = rows.map((row) => row.id);
    const batch = await loadEvents(ids);
    if (batch.length > 0) yield batch;
    if (ids.length < batchSize) return;
    const last = batch.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
