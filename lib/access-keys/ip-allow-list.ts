import ipaddr from 'ipaddr.js';
import { UserFacingError } from '@/lib/errors';

import { MAX_ALLOWED_IPS } from './limits';

export { MAX_ALLOWED_IPS };

export class AllowListError extends UserFacingError {}

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** One entry as a network: an address alone is a /32 or /128. */
type Range = { address: Address; bits: number };

const IPV4_CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;
const IPV6_CIDR = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/;

/** An IPv4-mapped IPv6 address or range (::ffff:a.b.c.d/n, n ≥ 96) as its IPv4 form; others as they are. */
function unmapped(range: Range): Range {
  if (range.address.kind() === 'ipv6') {
    const v6 = range.address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress() && range.bits >= 96) {
      return { address: v6.toIPv4Address(), bits: range.bits - 96 };
    }
  }
  return range;
}

/** An entry as a refusal quotes it: whole unless it is long. */
function quoted(entry: string) {
  return entry.length > 60 ? `${entry.slice(0, 57)}…` : entry;
}

/**
 * One entry as typed, or null when it is not an address or CIDR range. Only plain forms are taken:
 * four-part decimal IPv4 (no 127.1, no octal), IPv6 without a zone; a range must name its network
 * address (10.0.0.0/8, not 10.1.2.3/8), so what is stored is what the owner meant.
 */
type Problem = { problem: AllowListError };

function parseEntry(entry: string): Range | Problem {
  const cidr = IPV4_CIDR.exec(entry) ?? IPV6_CIDR.exec(entry);
  const text = cidr ? cidr[1] : entry;
  let address: Address;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) address = ipaddr.IPv4.parse(text);
  else if (!text.includes('%') && ipaddr.IPv6.isValid(text)) address = ipaddr.IPv6.parse(text);
  else {
    return { problem: new AllowListError('allowListEntryInvalid', { entry: quoted(entry) }) };
  }
  const max = address.kind() === 'ipv4' ? 32 : 128;
  const bits = cidr ? Number(cidr[2]) : max;
  if (!Number.isInteger(bits) || bits > max) {
    return {
      problem: new AllowListError('allowListPrefixTooLong', { entry: quoted(entry), max }),
    };
  }
  if (cidr) {
    const network =
      address.kind() === 'ipv4'
        ? ipaddr.IPv4.networkAddressFromCIDR(`${text}/${bits}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${text}/${bits}`);
    if (network.toString() !== address.toString()) {
      return {
        problem: new AllowListError('allowListNotNetwork', {
          entry: quoted(entry),
          network: `${network.toString()}/${bits}`,
        }),
      };
    }
  }
  return unmapped({ address, bits });
}

function format(range: Range) {
  const max = range.address.kind() === 'ipv4' ? 32 : 128;
  return range.bits === max
    ? range.address.toString()
    : `${range.address.toString()}/${range.bits}`;
}

/**
 * The allow-list an owner typed (entries separated by commas, spaces or new lines) as stored entries,
 * normalised and without duplicates; an empty list means any address. Refuses with a message naming
 * the first invalid entry, so nothing is saved.
 */
export function parseAllowList(input: string): string[] {
  const entries = input
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const stored: string[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if ('problem' in parsed) throw parsed.problem;
    const text = format(parsed);
    if (!stored.includes(text)) stored.push(text);
  }
  if (stored.length > MAX_ALLOWED_IPS) {
    throw new AllowListError('allowListTooMany', { max: MAX_ALLOWED_IPS, count: stored.length });
  }
  return stored;
}

/** The column value for a list: null for "any address". */
export function serializeAllowList(entries: readonly string[]): string | null {
  return entries.length === 0 ? null : JSON.stringify(entries);
}

export function deserializeAllowList(stored: string | null): string[] {
  if (stored === null) return [];
  const value: unknown = JSON.parse(stored);
  return Array.isArray(value) ? value.filter((entry) => typeof entry === 'string') : [];
}

function toRanges(entries: readonly string[]): Range[] {
  return entries.flatMap((entry) => {
    const parsed = parseEntry(entry);
    return 'problem' in parsed ? [] : [parsed];
  });
}

function contains(outer: Range, inner: Range) {
  return (
    outer.address.kind() === inner.address.kind() &&
    inner.bits >= outer.bits &&
    inner.address.match(outer.address, outer.bits)
  );
}

/**
 * True when `next` lets in no address that `current` refuses: each of its ranges lies inside one of
 * the current ones. Any list is narrower than "any address" (empty); clearing a list widens it.
 */
export function isNarrowing(current: readonly string[], next: readonly string[]): boolean {
  if (current.length === 0) return true;
  if (next.length === 0) return false;
  const outer = toRanges(current);
  return toRanges(next).every((range) => outer.some((candidate) => contains(candidate, range)));
}

/** A compiled list: whether a request address is let in. */
export type AllowListMatcher = (ip: string | null) => boolean;

const compiled = new Map<string, AllowListMatcher>();
const MAX_COMPILED = 10_000;

/**
 * The matcher for a stored list (null: none, any address passes), compiled once per distinct list,
 * so the request path only compares numbers. The request address is taken as the server saw it; an
 * IPv4-mapped IPv6 address (a dual-stack socket's ::ffff:127.0.0.1) matches as its IPv4 form.
 */
export function allowListMatcher(stored: string | null): AllowListMatcher | null {
  if (stored === null) return null;
  let matcher = compiled.get(stored);
  if (matcher !== undefined) return matcher;
  const ranges = toRanges(deserializeAllowList(stored));
  matcher = (ip) => {
    if (ip === null || !ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip);
    return ranges.some(
      (range) =>
        range.address.kind() === address.kind() && address.match(range.address, range.bits),
    );
  };
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(stored, matcher);
  return matcher;
}
