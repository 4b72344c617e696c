import { auditLogs } from '@/db/schema';
import type { DbExecutor } from '@/db';

export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.second_factor_passed',
  'auth.second_factor_failed',
  'mfa.totp_added',
  'mfa.totp_removed',
  'mfa.passkey_added',
  'mfa.passkey_removed',
  'mfa.recovery_codes_generated',
  'mfa.recovery_code_used',
  'mfa.reset_by_admin',
  'settings.mfa_policy_changed',
  'verification.code_sent',
  'verification.code_verified',
  'verification.code_failed',
  'access_key.created',
  'access_key.enabled',
  'access_key.disabled',
  'access_key.shown',
  'access_key.deleted',
  'access_key.updated',
  'access_key.leaked',
  'access_key.expiry_reminder_sent',
  'access_key.scope_changed',
  'product.created',
  'product.updated',
  'product.deleted',
  'product.signing_secret_rotated',
  'user.created',
  'user.password_set',
  'user.role_changed',
  'user.programmatic_access_granted',
  'user.programmatic_access_revoked',
  'user.password_link_sent',
  'user.disabled',
  'user.enabled',
  'user.locale_changed',
  'audit_log.exported',
  'api.rejected_key_disabled',
  'api.rejected_programmatic_access',
  'api.rejected_key_expired',
  'api.rejected_source_ip',
  'settings.key_policy_changed',
  'api.rejected_product_scope',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type RequestContext = { ip: string | null; userAgent: string | null };

export type Actor = { id: number; email: string } | null;

export type AuditEvent = {
  action: AuditAction;
  actor: Actor;
  target?: { type: 'user' | 'access_key' | 'session' | 'product' | 'setting'; id: string | number };
  detail?: Record<string, string | number | boolean | null>;
  request: RequestContext;
};

/** Writes one audit row; call it with the transaction that makes the change it records. */
export async function recordAudit(executor: DbExecutor, event: AuditEvent) {
  await executor.insert(auditLogs).values({
    action: event.action,
    actorId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target ? String(event.target.id) : null,
    detail: event.detail ? JSON.stringify(event.detail) : null,
    ip: event.request.ip,
    userAgent: event.request.userAgent?.slice(0, 512) ?? null,
  });
}
