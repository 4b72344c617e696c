import { describe, expect, it } from 'vitest';
import type { Capture } from './capture-proxy';
import { findLeaks, shownAtSetup, type Secrets } from './secret-hygiene';

const actions = new Map([
  ['a1', 'createAccessKeyAction'],
  ['a2', 'setAccessKeyStatusAction'],
  ['a3', 'sendVerificationCodeAction'],
  ['t1', 'startTotpSetupAction'],
  ['t2', 'confirmTotpSetupAction'],
  ['t3', 'verifySecondStepAction'],
  ['a4', 'rotateProductSigningSecretAction'],
]);
const secrets: Secrets = {
  accessKeySecrets: ['SecretSecretSecret0123456789abcdefghijklm'],
  productSecrets: ['gws_ProductSecretProductSecret0123456789abcdefg'],
  neverShown: [{ kind: 'master key', value: 'bWFzdGVyLWtleQ==' }],
  codes: ['481516'],
  totpSecrets: [],
  recoveryCodes: [],
};
const capture = (overrides: Partial<Capture>): Capture => ({
  method: 'POST',
  url: '/account/api-information/access-keys',
  status: 200,
  action: null,
  body: '',
  ...overrides,
});

describe('the secret hygiene scan', () => {
  it('allows a Secret only in the answers of the actions that create or show it', () => {
    const body = `0:{"secret":"${secrets.accessKeySecrets[0]}"}`;
    expect(
      findLeaks({ captures: [capture({ action: 'a1', body })], logs: '', secrets, actions }),
    ).toEqual([]);
    expect(
      findLeaks({ captures: [capture({ action: 'a2', body })], logs: '', secrets, actions }),
    ).toEqual([
      {
        kind: 'AccessKey Secret',
        where: 'POST /account/api-information/access-keys (action setAccessKeyStatusAction) → 200',
      },
    ]);
    expect(
      findLeaks({ captures: [capture({ method: 'GET', body })], logs: '', secrets, actions }),
    ).toHaveLength(1);
  });

  it('allows a product signing secret only in the answers that create or rotate it', () => {
    const body = `{"signingSecret":"${secrets.productSecrets[0]}"}`;
    const scan = (overrides: Partial<Capture>) =>
      findLeaks({ captures: [capture({ body, ...overrides })], logs: '', secrets, actions });
    expect(scan({ action: 'a4', url: '/admin/products' })).toEqual([]);
    expect(scan({ url: '/api/v1/products' })).toEqual([]);
    expect(scan({ url: '/api/v1/products/orders/rotate-signing-secret' })).toEqual([]);
    expect(scan({ method: 'GET', url: '/api/v1/products' })).toEqual([
      { kind: 'product signing secret', where: 'GET /api/v1/products → 200' },
    ]);
    expect(scan({ method: 'PATCH', url: '/api/v1/products/orders' })).toHaveLength(1);
    expect(scan({ action: 'a2' })).toHaveLength(1);
    expect(
      findLeaks({ captures: [], logs: body, secrets, actions }).map((leak) => leak.where),
    ).toEqual(['server log']);
  });

  it('finds secrets in the server log, and never-shown values anywhere', () => {
    const leaks = findLeaks({
      captures: [capture({ action: 'a1', body: 'key bWFzdGVyLWtleQ==' })],
      logs: `sent code 481516 with ${secrets.accessKeySecrets[0]}`,
      secrets,
      actions,
    });
    expect(leaks.map((leak) => leak.kind).sort()).toEqual([
      'AccessKey Secret',
      'master key',
      'verification code',
    ]);
  });

  it('matches codes as whole numbers in the verification answers', () => {
    const answer = (body: string) =>
      findLeaks({ captures: [capture({ action: 'a3', body })], logs: '', secrets, actions });
    expect(answer('id 14815160')).toEqual([]);
    expect(answer('your code is 481516.')).toHaveLength(1);
  });
});

describe('authenticator-app secrets and recovery codes', () => {
  const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const recoveryCode = 'abcd-efgh-jkmn-pq23';
  const setup = capture({ action: 't1', body: `1:{"setup":{"secret":"${totpSecret}"}}` });
  const codesShown = capture({ action: 't2', body: `1:{"recoveryCodes":["${recoveryCode}"]}` });

  it('are read from the answers allowed to show them', () => {
    expect(
      shownAtSetup([setup, codesShown, capture({ action: 'a2', body: 'x' })], actions),
    ).toEqual({ totpSecrets: [totpSecret], recoveryCodes: [recoveryCode] });
  });

  it('are read from the action result only, not from the re-rendered page around it', () => {
    const rerendered = capture({
      action: 't2',
      body: `0:{"recoveryCodePlaceholder":"xxxx-xxxx-xxxx-xxxx"}\n1:{"recoveryCodes":["${recoveryCode}"]}`,
    });
    expect(shownAtSetup([rerendered], actions).recoveryCodes).toEqual([recoveryCode]);
  });

  it('may appear in those answers only, and in no log or mail', () => {
    const withMfa = { ...secrets, totpSecrets: [totpSecret], recoveryCodes: [recoveryCode] };
    expect(
      findLeaks({ captures: [setup, codesShown], logs: '', secrets: withMfa, actions }),
    ).toEqual([]);
    const leaks = findLeaks({
      captures: [
        capture({ action: 't3', body: `echo ${recoveryCode.replaceAll('-', '')}` }),
        capture({ method: 'GET', body: `otpauth://totp/x?secret=${totpSecret}` }),
        capture({ action: 't2', body: `"secret":"${totpSecret}"` }),
      ],
      logs: `code ${recoveryCode.toUpperCase()}`,
      mails: [`your secret ${totpSecret}`],
      secrets: withMfa,
      actions,
    });
    expect(leaks.map((leak) => `${leak.kind} in ${leak.where}`).sort()).toEqual([
      'authenticator-app secret in GET /account/api-information/access-keys → 200',
      'authenticator-app secret in POST /account/api-information/access-keys (action confirmTotpSetupAction) → 200',
      'authenticator-app secret in a mail',
      'recovery code in POST /account/api-information/access-keys (action verifySecondStepAction) → 200',
      'recovery code in server log',
    ]);
  });
});
