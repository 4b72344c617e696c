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

const main = { backgroundColor: '#f4f6f9', fontFamily: 'Helvetica, Arial, sans-serif' };
const container = {
  backgroundColor: '#ffffff',
  margin: '24px auto',
  padding: '24px',
  maxWidth: '480px',
};
const code = { fontSize: '28px', letterSpacing: '6px', fontWeight: 700, margin: '16px 0' };

function Layout({ preview, children }: { preview: string; children: React.ReactNode }) {
  return (
    <Html>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={main}>
        <Container style={container}>
          <Heading as="h2">AccessKey Console</Heading>
          {children}
        </Container>
      </Body>
    </Html>
  );
}

export function VerificationCodeEmail({ code: value, minutes }: { code: string; minutes: number }) {
  return (
    <Layout preview={`Your verification code is ${value}`}>
      <Text>Use this code to verify your email address in the AccessKey Console:</Text>
      <Section>
        <Text style={code}>{value}</Text>
      </Section>
      <Text>
        The code is valid for {minutes} minutes and can be used once. If you did not ask for it,
        someone may know your password: change it and tell your administrator.
      </Text>
    </Layout>
  );
}

export function WelcomeEmail({ name, link, hours }: { name: string; link: string; hours: number }) {
  return (
    <Layout preview="Set the password of your AccessKey Console account">
      <Text>Hello {name},</Text>
      <Text>
        An administrator created an AccessKey Console account for you. Set your password to sign in:
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
      <Text>The link works once and expires in {hours} hours.</Text>
    </Layout>
  );
}

/** How a key is named in a mail: its ID, and its name when it has one. */
function keyLabel(accessKeyId: string, name: string | null) {
  return name ? `${accessKeyId} (${name})` : accessKeyId;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const utc = (date: Date) => `${DATE_TIME.format(date)} UTC`;

export type ReminderMailKind = 'expires_in_7_days' | 'expires_in_1_day' | 'expired';

export function expiryReminderSubject(kind: ReminderMailKind, accessKeyId: string) {
  return kind === 'expired'
    ? `Your AccessKey ${accessKeyId} has expired`
    : `Your AccessKey ${accessKeyId} expires ${kind === 'expires_in_1_day' ? 'tomorrow' : 'in 7 days'}`;
}

export function KeyExpiryReminderEmail({
  kind,
  accessKeyId,
  name,
  expiresAt,
  link,
}: {
  kind: ReminderMailKind;
  accessKeyId: string;
  name: string | null;
  expiresAt: Date;
  link: string;
}) {
  const label = keyLabel(accessKeyId, name);
  return (
    <Layout preview={expiryReminderSubject(kind, accessKeyId)}>
      {kind === 'expired' ? (
        <Text>
          Your AccessKey {label} expired on {utc(expiresAt)}. The Open API now refuses every call
          signed with it (AccessKeyExpired).
        </Text>
      ) : (
        <Text>
          Your AccessKey {label} expires on {utc(expiresAt)}. From then on the Open API refuses
          every call signed with it.
        </Text>
      )}
      <Text>
        {kind === 'expired' ? 'To keep your programs working' : 'Before it expires'}: create a new
        AccessKey, give it to the programs that use {accessKeyId}, then delete the old key.
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}

export function LeakedKeyEmail({
  accessKeyId,
  name,
  url,
  link,
}: {
  accessKeyId: string;
  name: string | null;
  url: string | null;
  link: string;
}) {
  const label = keyLabel(accessKeyId, name);
  return (
    <Layout preview={`Your AccessKey ${accessKeyId} leaked and was disabled`}>
      <Text>
        The Secret of your AccessKey {label} was found where others can read it
        {url ? `: ${url}` : ''}. To keep anyone from using it, the key was disabled at once and
        cannot be enabled again.
      </Text>
      <Text>What to do now:</Text>
      <Text>
        1. Create a new AccessKey and give it to the programs that used {accessKeyId}.
        <br />
        2. Remove the Secret from where it was found (and from its history, such as old commits).
        <br />
        3. Check the key&apos;s last use and your account&apos;s activity for calls you did not
        make, then delete the leaked key.
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}
