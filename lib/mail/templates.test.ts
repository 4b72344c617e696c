import { render } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import {
  expiryReminderMail,
  leakedKeyMail,
  mfaResetMail,
  recoveryCodeUsedMail,
  setPasswordMail,
  verificationCodeMail,
} from './templates';

describe('mails in the recipient’s language', () => {
  it.each([
    ['en', 'Your AccessKey Console verification code', 'valid for 10 minutes'],
    ['ko', 'AccessKey Console 인증 코드', '10분 동안 유효하며'],
    ['zh-CN', '您的 AccessKey Console 验证码', '10 分钟内有效'],
  ] as const)(
    'the verification code in %s: subject, HTML and text',
    async (locale, subject, text) => {
      const mail = verificationCodeMail(locale, { code: '482913', minutes: 10 });
      expect(mail.subject).toBe(subject);
      const html = await render(mail.body);
      const plain = await render(mail.body, { plainText: true });
      expect(html).toContain(`lang="${locale}"`);
      for (const part of [html, plain]) {
        expect(part).toContain('482913');
        expect(part).toContain(text);
      }
    },
  );

  it.each([
    ['en', 'Hello Ada,', 'expires in 1 hour.'],
    ['ko', 'Ada님, 안녕하세요.', '1시간 후에 만료됩니다.'],
    ['zh-CN', 'Ada，您好：', '将在 1 小时后失效。'],
  ] as const)('the set-password link in %s', async (locale, greeting, validity) => {
    const link = 'https://console.example.test/set-password?token=abc';
    const mail = setPasswordMail(locale, { name: 'Ada', link, hours: 1 });
    const plain = await render(mail.body, { plainText: true });
    expect(plain).toContain(greeting);
    expect(plain).toContain(link);
    expect(plain).toContain(validity);
  });

  const link = 'https://console.example.test/account/api-information/access-keys';
  const expiresAt = new Date('2027-03-07T23:59:59.999Z');

  it.each([
    ['en', 'Your AccessKey AKTEST01 expires tomorrow', 'expires on March 7, 2027 at 23:59 UTC'],
    ['ko', 'AccessKey AKTEST01이(가) 내일 만료됩니다', '2027년 3월 7일'],
    ['zh-CN', '您的 AccessKey AKTEST01 将于明天过期', '2027年3月7日'],
  ] as const)('the expiry reminder in %s', async (locale, subject, when) => {
    const mail = expiryReminderMail(locale, {
      kind: 'expires_in_1_day',
      accessKeyId: 'AKTEST01',
      name: 'billing',
      expiresAt,
      link,
    });
    expect(mail.subject).toBe(subject);
    const plain = await render(mail.body, { plainText: true });
    expect(plain).toContain('billing');
    expect(plain).toContain(when);
    expect(plain).toContain(link);
  });

  it('names each reminder by its kind', () => {
    const subject = (kind: 'expires_in_7_days' | 'expires_in_1_day' | 'expired') =>
      expiryReminderMail('en', { kind, accessKeyId: 'AK1', name: null, expiresAt, link }).subject;
    expect(subject('expires_in_7_days')).toBe('Your AccessKey AK1 expires in 7 days');
    expect(subject('expired')).toBe('Your AccessKey AK1 has expired');
  });

  it.each([
    ['en', 'Your AccessKey AKTEST02 leaked and was disabled', 'What to do now:'],
    ['ko', 'AccessKey AKTEST02이(가) 유출되어 비활성화되었습니다', '지금 해야 할 일:'],
    ['zh-CN', '您的 AccessKey AKTEST02 已泄露并被禁用', '请立即执行以下操作：'],
  ] as const)(
    'the leaked-key mail in %s names where it was found',
    async (locale, subject, steps) => {
      const mail = leakedKeyMail(locale, {
        accessKeyId: 'AKTEST02',
        name: null,
        url: 'https://paste.example.test/x',
        link,
      });
      expect(mail.subject).toBe(subject);
      const plain = await render(mail.body, { plainText: true });
      expect(plain).toContain('https://paste.example.test/x');
      expect(plain).toContain(steps);
    },
  );

  it.each([
    ['en', 'A recovery code was used to sign in', '1 code is left.', '3 codes are left.'],
    [
      'ko',
      '복구 코드로 로그인했습니다',
      '남은 복구 코드는 1개입니다.',
      '남은 복구 코드는 3개입니다.',
    ],
    ['zh-CN', '有人使用恢复码登录了您的账号', '您还剩 1 个恢复码。', '您还剩 3 个恢复码。'],
  ] as const)('the recovery-code notice in %s', async (locale, subject, one, three) => {
    const link = 'https://console.example.test/account/basic-information/sign-in-security';
    const mail = recoveryCodeUsedMail(locale, { left: 1, link });
    expect(mail.subject).toBe(subject);
    const plain = await render(mail.body, { plainText: true });
    expect(plain).toContain(one);
    expect(plain).toContain(link);
    expect(await render(mail.body)).toContain(`lang="${locale}"`);
    const more = await render(recoveryCodeUsedMail(locale, { left: 3, link }).body, {
      plainText: true,
    });
    expect(more).toContain(three);
  });

  it.each([
    ['en', 'Your two-step verification was reset', 'set up two-step verification again'],
    ['ko', '2단계 인증이 초기화되었습니다', '2단계 인증을 다시 설정하세요.'],
    ['zh-CN', '您的多因素认证已被重置', '重新设置多因素认证'],
  ] as const)('the MFA reset notice in %s', async (locale, subject, text) => {
    const link = 'https://console.example.test/login';
    const mail = mfaResetMail(locale, { link });
    expect(mail.subject).toBe(subject);
    const plain = await render(mail.body, { plainText: true });
    expect(plain).toContain(text);
    expect(plain).toContain(link);
  });
});
