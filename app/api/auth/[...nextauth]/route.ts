import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { withRequestedHost } from '@/lib/auth-request';

export const GET = (request: NextRequest) => handlers.GET(withRequestedHost(request));
export const POST = (request: NextRequest) => handlers.POST(withRequestedHost(request));
