import { pingDatabase } from '@/db';

export async function checkHealth(): Promise<
  { status: 'ok' } | { status: 'error'; reason: string }
> {
  try {
    await pingDatabase();
    return { status: 'ok' };
  } catch {
    return { status: 'error', reason: 'The database is unreachable.' };
  }
}
