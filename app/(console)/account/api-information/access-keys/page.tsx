import type { Metadata } from 'next';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'AccessKey Management' };

export default async function AccessKeysPage() {
  return (
    <PageHeader
      crumbs={[
        ACCOUNT_CRUMBS.accountManagement,
        ACCOUNT_CRUMBS.basicInformation,
        ACCOUNT_CRUMBS.apiInformation,
        ACCOUNT_CRUMBS.accessKeys,
      ]}
      title="AccessKey Management"
    />
  );
}
