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
  /** Authenticator-app secrets: allowed only in the answer of the action that starts the setup. */
  totpSecrets: string[];
  /** Recovery codes: allowed only in the answers of the actions that make them. */
  recoveryCodes: string[];
};

export type Leak = { kind: string; where: string };

const SECRET_SHOWING_ACTIONS = ['createAccessKeyAction', 'revealAccessKeySecretAction'];
const PRODUCT_SECRET_ACTIONS = ['createProductAction', 'rotateProductSigningSecretAction'];
/** The Open API answers that carry a product signing secret: create, and rotate. */
const PRODUCT_SECRET_CALLS = /^POST \/api\/v1\/products(\/[a-z0-9-]+\/rotate-signing-secret)?$/;
const CODE_ACTIONS = ['sendVerificationCodeAction', 'verifyEmailCodeAction'];
const TOTP_SETUP_ACTIONS = ['startTotpSetupAction'];
const RECOVERY_CODE_ACTIONS = [
  'confirmTotpSetupAction',
  'registerPasskeyAction',
  'regenerateRecoveryCodesAction',
];
const RECOVERY_CODE = /\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}\b/g;
// The action's answer also re-renders the page, whose messages hold the field's placeholder
// ("xxxx-xxxx-xxxx-xxxx"): only the codes in the action's own result count.
const RECOVERY_CODE_LIST = /"recoveryCodes":\[([^\]]*)\]/g;
const TOTP_SECRET = /"secret":"([A-Z2-7]{16,})"/g;

/**
 * The authenticator-app secrets and recovery codes the run was shown, read from the answers
 * allowed to show them (recovery codes are stored hashed, so this is the only place they exist).
 */
export function shownAtSetup(captures: Capture[], actions: Map<string, string>) {
  const totpSecrets = new Set<string>();
  const recoveryCodes = new Set<string>();
  for (const capture of captures) {
    const action = capture.action ? actions.get(capture.action) : undefined;
    if (!action) continue;
    if (TOTP_SETUP_ACTIONS.includes(action)) {
      for (const match of capture.body.matchAll(TOTP_SECRET)) totpSecrets.add(match[1]);
    }
    if (RECOVERY_CODE_ACTIONS.includes(action)) {
      for (const list of capture.body.matchAll(RECOVERY_CODE_LIST)) {
        for (const match of list[1].matchAll(RECOVERY_CODE)) recoveryCodes.add(match[0]);
      }
    }
  }
  return { totpSecrets: [...totpSecrets], recoveryCodes: [...recoveryCodes] };
}

/** The forms a recovery code could be written in: as shown, and as typed without dashes. */
function recoveryCodeForms(code: string) {
  return [code, code.replaceAll('-', ''), code.toUpperCase()];
}

/** Maps server action ids to their exported names, from the build's own manifest. */
export function actionNames(nextDir = '.next'): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(nextDir, 'server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName?: string }> };
  return new Map(
    Object.entries(manifest.node).map(([id, entry]) => [id, entry.exportedName ?? id]),
  );
}

/** Where a secret shows up outside the few answers allowed to carry it. Never returns a value. */
export function findLeaks(input: {
  captures: Capture[];
  logs: string;
  secrets: Secrets;
  actions: Map<string, string>;
  /** Texts of the mails sent: no authenticator secret or recovery code belongs in one. */
  mails?: string[];
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
  const places = [
    { where: 'server log', text: input.logs },
    ...(input.mails ?? []).map((text) => ({ where: 'a mail', text })),
  ];
  for (const { where, text } of places) {
    for (const secret of secrets.totpSecrets) {
      if (text.includes(secret)) leaks.push({ kind: 'authenticator-app secret', where });
    }
    for (const code of secrets.recoveryCodes) {
      if (recoveryCodeForms(code).some((form) => text.includes(form)))
        leaks.push({ kind: 'recovery code', where });
    }
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
    if (!action || !TOTP_SETUP_ACTIONS.includes(action)) {
      for (const secret of secrets.totpSecrets) {
        if (capture.body.includes(secret)) leaks.push({ kind: 'authenticator-app secret', where });
      }
    }
    if (!action || !RECOVERY_CODE_ACTIONS.includes(action)) {
      for (const code of secrets.recoveryCodes) {
        if (recoveryCodeForms(code).some((form) => capture.body.includes(form)))
          leaks.push({ kind: 'recovery code', where });
      }
    }
    if (action && CODE_ACTIONS.includes(action)) {
      for (const code of secrets.codes) {
        if (codePattern(code).test(capture.body)) leaks.push({ kind: 'verification code', where });
      }
    }
  }
  return leaks;
}
