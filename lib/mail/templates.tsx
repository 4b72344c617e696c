import {
  Body,
  Container,
  Head,
  Heading,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';

const main = { backgroundColor: '#f4f6f9', fontFamily: 'Helvetica, Arial, sans-serif' };
const container = {
  backgroundColor: '#ffffff',
  margin: '24px auto',
  padding: '24px',
  maxWidth: '480px',
};
const code = { fontSize: '28px', letterSpacing: '6px', fontWeight: 700, margin: '16px 0' };

function Layout({
  locale,
  preview,
  children,
}: {
  locale: Locale;
  preview: string;
  children: React.ReactNode;
}) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={main}>
        <Container style={container}>
          <Heading as="h2">{translator(locale)('common.appName')}</Heading>
          {children}
        </Container>
      </Body>
    </Html>
  );
}

function VerificationCodeEmail({
  locale,
  code: value,
  minutes,
}: {
  locale: Locale;
  code: string;
  minutes: number;
}) {
  const t = translator(locale);
  return (
    <Layout locale={locale} preview={t('mail.verificationPreview', { code: value })}>
      <Text>{t('mail.verificationIntro')}</Text>
      <Section>
        <Text style={code}>{value}</Text>
      </Section>
      <Text>{t('mail.verificationValidity', { minutes })}</Text>
    </Layout>
  );
}

function WelcomeEmail({
  locale,
  name,
  link,
  hours,
}: {
  locale: Locale;
  name: string;
  link: string;
  hours: number;
}) {
  const t = translator(locale);
  return (
    <Layout locale={locale} preview={t('mail.welcomePreview')}>
      <Text>{t('mail.welcomeGreeting', { name })}</Text>
      <Text>{t('mail.welcomeIntro')}</Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
      <Text>{t('mail.welcomeValidity', { hours })}</Text>
    </Layout>
  );
}

function RecoveryCodeUsedEmail({
  locale,
  left,
  link,
}: {
  locale: Locale;
  left: number;
  link: string;
}) {
  const t = translator(locale);
  return (
    <Layout locale={locale} preview={t('mail.recoveryCodeUsedPreview')}>
      <Text>{t('mail.recoveryCodeUsedIntro', { left })}</Text>
      <Text>{t('mail.recoveryCodeUsedAdvice')}</Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}

function MfaResetEmail({ locale, link }: { locale: Locale; link: string }) {
  const t = translator(locale);
  return (
    <Layout locale={locale} preview={t('mail.mfaResetPreview')}>
      <Text>{t('mail.mfaResetIntro')}</Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
      <Text>{t('mail.mfaResetAdvice')}</Text>
    </Layout>
  );
}

/** The verification code mail, subject and body in the recipient's language. */
export function verificationCodeMail(locale: Locale, props: { code: string; minutes: number }) {
  return {
    subject: translator(locale)('mail.verificationSubject'),
    body: <VerificationCodeEmail locale={locale} {...props} />,
  };
}

/** The set-password link mail (welcome or resent), subject and body in the recipient's language. */
export function setPasswordMail(
  locale: Locale,
  props: { name: string; link: string; hours: number },
) {
  return {
    subject: translator(locale)('mail.welcomeSubject'),
    body: <WelcomeEmail locale={locale} {...props} />,
  };
}

/** Tells the owner that a recovery code opened their account, in their language. */
export function recoveryCodeUsedMail(locale: Locale, props: { left: number; link: string }) {
  return {
    subject: translator(locale)('mail.recoveryCodeUsedSubject'),
    body: <RecoveryCodeUsedEmail locale={locale} {...props} />,
  };
}

/** Tells the owner that an administrator reset their two-step verification, in their language. */
export function mfaResetMail(locale: Locale, props: { link: string }) {
  return {
    subject: translator(locale)('mail.mfaResetSubject'),
    body: <MfaResetEmail locale={locale} {...props} />,
  };
}
