import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/next-auth';
import { withRequestedHost } from '@/lib/auth/requested-host';

export const GET = (request: NextRequest) => handlers.GET(withRequestedHost(request));
export const POST = (request: NextRequest) => handlers.POST(withRequestedHost(request));
