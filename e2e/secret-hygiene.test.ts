import { describe, expect, it } from 'vitest';
import type { Capture } from './capture-proxy';
import { findLeaks, type Secrets } from './secret-hygiene';

const actions = new Map([
  ['a1', 'createAccessKeyAction'],
  ['a2', 'setAccessKeyStatusAction'],
  ['a3', 'sendVerificationCodeAction'],
]);
const secrets: Secrets = {
  accessKeySecrets: ['SecretSecretSecret0123456789abcdefghijklm'],
  neverShown: [{ kind: 'master key', value: 'bWFzdGVyLWtleQ==' }],
  codes: ['481516'],
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
