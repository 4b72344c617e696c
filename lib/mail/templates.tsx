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
