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

export function RecoveryCodeUsedEmail({ left, link }: { left: number; link: string }) {
  return (
    <Layout preview="A recovery code was used to sign in to your account">
      <Text>
        Someone signed in to your AccessKey Console account with your password and one of your
        recovery codes. {left === 1 ? '1 code is' : `${left} codes are`} left.
      </Text>
      <Text>
        If it was you, consider generating new codes under Sign-in security. If it was not, change
        your password at once, generate new recovery codes and tell your administrator:
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
    </Layout>
  );
}

export function MfaResetEmail({ link }: { link: string }) {
  return (
    <Layout preview="An administrator reset the two-step verification of your account">
      <Text>
        An administrator removed the authenticator app, passkeys and recovery codes of your
        AccessKey Console account, and signed it out everywhere. Sign in with your password and set
        up two-step verification again:
      </Text>
      <Text>
        <Link href={link}>{link}</Link>
      </Text>
      <Text>If you did not ask for this, tell your administrator.</Text>
    </Layout>
  );
}
