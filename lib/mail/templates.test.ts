import { render } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import { setPasswordMail, verificationCodeMail } from './templates';

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
});
