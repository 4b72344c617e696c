import type { Messages } from './translator';

// Namespaces only server code reads: mails, server-side error and validation sentences, and pages
// without client components. Left out of what the browser receives with every page.
const SERVER_ONLY = [
  'mail',
  'errors',
  'validation',
  'auditEvents',
  'auditLog',
  'activity',
  'mailbox',
  'notFound',
  'products',
  'usage',
] as const satisfies readonly (keyof Messages)[];

export function clientMessages(messages: Messages) {
  const picked: Partial<Messages> = { ...messages };
  for (const namespace of SERVER_ONLY) delete picked[namespace];
  return picked as Omit<Messages, (typeof SERVER_ONLY)[number]>;
}
