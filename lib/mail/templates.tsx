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

export type ReminderMailKind = 'expires_in_7_days' | 'expires_in_1_day' | 'expired';

/** A moment in a mail: the recipient's time zone is unknown, so UTC, said so. */
function utcDateTime(locale: Locale, date: Date) {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

/** How a key is named in a mail: its ID, and its name when it has one. */
function keyLabel(locale: Locale, accessKeyId: string, name: string | null) {
  return name ? translator(locale)('mail.keyLabelNamed', { accessKeyId, name }) : accessKeyId;
}

function ExpiryReminderEmail({
  locale,
  kind,
  accessKeyId,
  name,
  expiresAt,
  link,
}: {
  locale: Locale;
  kind: ReminderMailKind;
  accessKeyId: string;
  name: string | null;
  expiresAt: Date;
  link: string;
}) {
  const t = translator(locale);
  const values = { key: keyLabel(locale, accessKeyId, name), date: utcDateTime(locale, expiresAt) };
  return (
    <Layout locale={locale} preview={t('mail.reminderSubject', { kind, accessKeyId })}>
      <Text>
        {kind === 'expired'
          ? t('mail.reminderExpired', values)
          : t('mail.reminderExpiring', values)}
      </Text>
      <Text>{t('mail.reminderWhatToDo', { kind, accessKeyId })}</Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}

/** An expiry reminder (7 days, 1 day, expired), subject and body in the recipient's language. */
export function expiryReminderMail(
  locale: Locale,
  props: {
    kind: ReminderMailKind;
    accessKeyId: string;
    name: string | null;
    expiresAt: Date;
    link: string;
  },
) {
  return {
    subject: translator(locale)('mail.reminderSubject', {
      kind: props.kind,
      accessKeyId: props.accessKeyId,
    }),
    body: <ExpiryReminderEmail locale={locale} {...props} />,
  };
}

function LeakedKeyEmail({
  locale,
  accessKeyId,
  name,
  url,
  link,
}: {
  locale: Locale;
  accessKeyId: string;
  name: string | null;
  url: string | null;
  link: string;
}) {
  const t = translator(locale);
  const key = keyLabel(locale, accessKeyId, name);
  return (
    <Layout locale={locale} preview={t('mail.leakedSubject', { accessKeyId })}>
      <Text>{url ? t('mail.leakedIntroAt', { key, url }) : t('mail.leakedIntro', { key })}</Text>
      <Text>{t('mail.leakedWhatToDo')}</Text>
      <Text>
        {t('mail.leakedStepNewKey', { accessKeyId })}
        <br />
        {t('mail.leakedStepRemove')}
        <br />
        {t('mail.leakedStepCheck')}
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}

/** What a key's owner is told when its Secret leaked, subject and body in their language. */
export function leakedKeyMail(
  locale: Locale,
  props: { accessKeyId: string; name: string | null; url: string | null; link: string },
) {
  return {
    subject: translator(locale)('mail.leakedSubject', { accessKeyId: props.accessKeyId }),
    body: <LeakedKeyEmail locale={locale} {...props} />,
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
