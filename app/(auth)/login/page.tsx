import { KeyRound } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FormMessage } from '@/components/form-message';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getCurrentSession } from '@/lib/auth';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; passwordSet?: string }>;
}) {
  if (await getCurrentSession()) redirect('/account/api-information/access-keys');
  const { callbackUrl, passwordSet } = await searchParams;
  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="text-primary mb-2 flex items-center gap-2 font-semibold">
            <KeyRound className="size-5" aria-hidden /> AccessKey Console
          </div>
          <CardTitle className="text-xl">Sign in</CardTitle>
          <CardDescription>Use the email and password of your login account.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {passwordSet === '1' && (
            <FormMessage state={{ success: 'Your password is set. Sign in with it.' }} />
          )}
          <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
        </CardContent>
      </Card>
    </main>
  );
}
