import { KeyRound } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { checkPasswordLink, PASSWORD_LINK_PROBLEMS } from '@/lib/password-tokens';
import { SetPasswordForm } from './set-password-form';

// The token is in the URL: keep it out of the Referer of anything this page links to.
export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer' };

export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token: raw } = await searchParams;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? '';
  const link = await checkPasswordLink(token);
  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="text-primary mb-2 flex items-center gap-2 font-semibold">
            <KeyRound className="size-5" aria-hidden /> AccessKey Console
          </div>
          <CardTitle className="text-xl">Set your password</CardTitle>
          <CardDescription>
            {'email' in link
              ? `Choose the password for ${link.email}.`
              : 'This link cannot be used.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {'email' in link ? (
            <SetPasswordForm token={token} email={link.email} />
          ) : (
            <>
              <FormMessage state={{ error: PASSWORD_LINK_PROBLEMS[link.problem] }} />
              <Button asChild variant="outline">
                <Link href="/login">Go to sign in</Link>
              </Button>
            </>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
