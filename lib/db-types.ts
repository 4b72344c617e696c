import type { Db } from '@/db';

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The connection or an open transaction: what a synchronous write helper runs on. */
export type DbExecutor = Db | Transaction;
