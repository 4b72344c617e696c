export type ActionState = { error?: string; success?: string };
