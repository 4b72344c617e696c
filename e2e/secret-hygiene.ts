import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Capture } from './capture-proxy';

export type Secrets = {
  /** AccessKey Secrets: allowed only in the answers of the actions that create or show a key. */
  accessKeySecrets: string[];
  /** Product signing secrets: allowed only in the answers that create a product or rotate its secret. */
  productSecrets: string[];
  /** Master key, passwords: allowed nowhere, except what the server must print once at first start. */
  neverShown: { kind: string; value: string; printedAtSetup?: boolean }[];
  /** Verification codes: allowed nowhere; searched in logs and in the verification actions' answers. */
  codes: string[];
};

export type Leak = { kind: string; where: string };

const SECRET_SHOWING_ACTIONS = ['createAccessKeyAction', 'revealAccessKeySecretAction'];
const PRODUCT_SECRET_ACTIONS = ['createProductAction', 'rotateProductSigningSecretAction'];
/** The Open API answers that carry a product signing secret: create, and rotate. */
const PRODUCT_SECRET_CALLS = /^POST \/api\/v1\/products(\/[a-z0-9-]+\/rotate-signing-secret)?$/;
const CODE_ACTIONS = ['sendVerificationCodeAction', 'verifyEmailCodeAction'];

/** Maps server action ids to their exported names, from the build's own manifest. */
export function actionNames(nextDir = '.next'): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(nextDir, 'server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName?: string }> };
  return new Map(
    Object.entries(manifest.node).map(([id, entry]) => [id, entry.exportedName ?? id]),
  );
}

/** Where a secret shows up outside the two answers allowed to carry an AccessKey Secret. Never returns a value. */
export function findLeaks(input: {
  captures: Capture[];
  logs: string;
  secrets: Secrets;
  actions: Map<string, string>;
}): Leak[] {
  const leaks: Leak[] = [];
  const { secrets } = input;
  const codePattern = (code: string) => new RegExp(`(^|[^0-9])${code}([^0-9]|$)`);

  for (const secret of secrets.accessKeySecrets) {
    if (input.logs.includes(secret)) leaks.push({ kind: 'AccessKey Secret', where: 'server log' });
  }
  for (const secret of secrets.productSecrets) {
    if (input.logs.includes(secret)) {
      leaks.push({ kind: 'product signing secret', where: 'server log' });
    }
  }
  for (const { kind, value, printedAtSetup } of secrets.neverShown) {
    if (!printedAtSetup && input.logs.includes(value)) leaks.push({ kind, where: 'server log' });
  }
  for (const code of secrets.codes) {
    if (codePattern(code).test(input.logs))
      leaks.push({ kind: 'verification code', where: 'server log' });
  }

  for (const capture of input.captures) {
    const action = capture.action ? input.actions.get(capture.action) : undefined;
    const where = `${capture.method} ${capture.url.split('?')[0]}${action ? ` (action ${action})` : ''} → ${capture.status}`;
    if (!action || !SECRET_SHOWING_ACTIONS.includes(action)) {
      for (const secret of secrets.accessKeySecrets) {
        if (capture.body.includes(secret)) leaks.push({ kind: 'AccessKey Secret', where });
      }
    }
    const showsProductSecret =
      (action !== undefined && PRODUCT_SECRET_ACTIONS.includes(action)) ||
      (capture.status === 200 &&
        PRODUCT_SECRET_CALLS.test(`${capture.method} ${capture.url.split('?')[0]}`));
    if (!showsProductSecret) {
      for (const secret of secrets.productSecrets) {
        if (capture.body.includes(secret)) leaks.push({ kind: 'product signing secret', where });
      }
    }
    for (const { kind, value } of secrets.neverShown) {
      if (capture.body.includes(value)) leaks.push({ kind, where });
    }
    if (action && CODE_ACTIONS.includes(action)) {
      for (const code of secrets.codes) {
        if (codePattern(code).test(capture.body)) leaks.push({ kind: 'verification code', where });
      }
    }
  }
  return leaks;
}
