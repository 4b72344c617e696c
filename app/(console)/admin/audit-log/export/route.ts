import { getDb } from '@/db';
import { recordAudit } from '@/lib/audit/record';
import { auditEventBatches, auditFilterParams, parseAuditFilter } from '@/lib/audit/log';
import { sessionForRoute } from '@/lib/auth/guards';
import { csvRow } from '@/lib/csv';
import { requestContext } from '@/lib/http/request-context';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';

export const dynamic = 'force-dynamic';

const HEADER = [
  'time_utc',
  'actor_email',
  'actor_id',
  'action',
  'target_type',
  'target_id',
  'target_email',
  'detail',
  'ip',
  'user_agent',
];

/** The filtered audit log as CSV, streamed in batches; administrators only, checked per request. */
export async function GET(request: Request) {
  // Also for an account the MFA policy holds at setup: no route serves it until then.
  const current = await sessionForRoute();
  // Same answer as any unknown URL, so the export is not even confirmed to others.
  if (!current || current.user.role !== 'admin') {
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  const { filter } = parseAuditFilter(Object.fromEntries(new URL(request.url).searchParams));
  await recordAudit(getDb(), {
    action: 'audit_log.exported',
    actor: { id: current.user.id, email: current.user.email },
    detail: Object.fromEntries(auditFilterParams(filter)),
    request: await requestContext(),
  });

  const encoder = new TextEncoder();
  const batches = auditEventBatches(filter);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(HEADER)));
    },
    async pull(controller) {
      const { value, done } = await batches.next();
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          value
            .map((event) =>
              csvRow([
                event.createdAt.toISOString(),
                event.actorEmail,
                event.actorId,
                event.action,
                event.targetType,
                event.targetId,
                event.targetEmail,
                event.detail ? JSON.stringify(event.detail) : null,
                event.ip,
                event.userAgent,
              ]),
            )
            .join(''),
        ),
      );
    },
    async cancel() {
      await batches.return(undefined);
    },
  });

  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-log-${stamp}.csv"`,
      ...PRIVATE_ANSWER_HEADERS,
    },
  });
}
