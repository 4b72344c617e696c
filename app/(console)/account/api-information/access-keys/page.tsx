import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { utcDay } from '@/lib/access-keys/expiry';
import { getKeyPolicy } from '@/lib/access-keys/key-policy';
import { listAccessKeys, MAX_ACCESS_KEYS_PER_ACCOUNT } from '@/lib/access-keys/keys';
import { requireSession } from '@/lib/auth/guards';
import { listEnabledProducts } from '@/lib/products/products';
import { readSparklines } from '@/lib/usage/series';
import { AccessKeyTable } from './access-key-table';
import { CreateAccessKeyButton } from './create-access-key-button';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('accessKeys'))('title') };
}

/** The account's keys, the policy in force, the products a key may open, and when they were read. */
async function loadKeys(userId: number) {
  const [keys, policy, products] = await Promise.all([
    listAccessKeys(userId),
    getKeyPolicy(),
    listEnabledProducts(),
  ]);
  return { keys, policy, products, now: Date.now() };
}

export default async function AccessKeysPage() {
  const { user } = await requireSession();
  const { keys, policy, products, now } = await loadKeys(user.id);
  const usage = await readSparklines(keys.map((key) => key.id));
  const choices = products.map(({ slug, name }) => ({ slug, name }));
  const full = keys.length >= MAX_ACCESS_KEYS_PER_ACCOUNT;
  const t = await getTranslations('accessKeys');
  const crumbs = await accountCrumbs();
  return (
    <>
      <PageHeader
        crumbs={[
          crumbs.accountManagement,
          crumbs.basicInformation,
          crumbs.apiInformation,
          crumbs.accessKeys,
        ]}
        title={t('title')}
        description={t('description')}
        actions={
          <div className="flex items-center gap-3">
            <p className="text-muted-foreground text-sm" data-testid="access-key-count">
              {t.rich('count', {
                count: keys.length,
                max: MAX_ACCESS_KEYS_PER_ACCOUNT,
                strong: (chunks) => <span className="text-foreground font-medium">{chunks}</span>,
              })}
            </p>
            {user.programmaticAccess && (
              <CreateAccessKeyButton
                email={user.email}
                maxLifetimeDays={policy.maxLifetimeDays}
                today={utcDay(now)}
                products={choices}
              />
            )}
          </div>
        }
      />
      <div className="grid min-w-0 gap-4">
        {!user.programmaticAccess && (
          <Alert>
            <ShieldAlert aria-hidden />
            <AlertTitle>{t('notGrantedTitle')}</AlertTitle>
            <AlertDescription>{t('notGrantedBody')}</AlertDescription>
          </Alert>
        )}
        {user.programmaticAccess && full && (
          <p className="text-muted-foreground text-sm">
            {t('full', { max: MAX_ACCESS_KEYS_PER_ACCOUNT })}
          </p>
        )}
        <AccessKeyTable
          keys={keys}
          usage={usage}
          email={user.email}
          programmaticAccess={user.programmaticAccess}
          now={now}
          products={choices}
        />
      </div>
    </>
  );
}
