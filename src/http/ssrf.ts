/**
 * SSRF guard: links found in mentions are untrusted data, so the client never connects to a
 * private, loopback, link-local or otherwise non-public address on their behalf (DESIGN §7).
 *
 * The check runs inside the socket's `lookup` (see guardedLookup): the address that is checked is
 * the address that is connected to, so a DNS answer that changes between a check and the connect
 * (DNS rebinding) cannot slip through. IP literals never reach `lookup`, so they are checked
 * before the request (checkLiteralHost).
 */
import {
  type LookupAddress as DnsLookupAddress,
  promises as dnsPromises,
  type LookupOptions,
} from 'node:dns';
import { isIP, isIPv4, isIPv6 } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses (injectable for tests; default: the OS resolver). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsPromises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Raised by the guarded lookup; the client turns it into HttpError code 'blocked'. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'EARSHOT_BLOCKED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      host === address
        ? `refused to connect to ${address}: a ${range} address (links from mentions may only reach public hosts)`
        : `refused to connect to ${host}: it resolves to ${address}, a ${range} address (links from mentions may only reach public hosts)`,
    );
  }
}

/** Bytes of an IPv4 address in dotted form, or undefined. */
function ipv4Bytes(ip: string): number[] | undefined {
  if (!isIPv4(ip)) return undefined;
  return ip.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (zone id and brackets ignored), or undefined. */
function ipv6Bytes(input: string): number[] | undefined {
  let ip = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  if (!isIPv6(ip)) return undefined;
  let tail: number[] = [];
  const lastColon = ip.lastIndexOf(':');
  const last = ip.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4Bytes(last);
    if (!v4) return undefined;
    tail = v4;
    ip = `${ip.slice(0, lastColon + 1)}0:0`;
  }
  const halves = ip.split('::');
  const groups = (part: string | undefined): number[] =>
    part ? part.split(':').map((g) => Number.parseInt(g, 16)) : [];
  const head = groups(halves[0]);
  const rest = halves.length > 1 ? groups(halves[1]) : [];
  const zeros = halves.length > 1 ? 8 - head.length - rest.length : 0;
  const all = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  if (all.length !== 8) return undefined;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function classifyIPv4(b: readonly number[]): string | undefined {
  const [a = 0, c = 0, d = 0, e = 0] = b;
  if (a === 169 && c === 254 && d === 169 && e === 254) return 'cloud metadata (link-local)';
  if (a === 0) return '"this network" (0.0.0.0/8)';
  if (a === 10) return 'private (10.0.0.0/8)';
  if (a === 127) return 'loopback';
  if (a === 100 && (c & 0xc0) === 64) return 'carrier-grade NAT (100.64.0.0/10)';
  if (a === 169 && c === 254) return 'link-local (169.254.0.0/16)';
  if (a === 172 && (c & 0xf0) === 16) return 'private (172.16.0.0/12)';
  if (a === 192 && c === 168) return 'private (192.168.0.0/16)';
  if (a === 192 && c === 0 && d === 0) return 'IETF protocol (192.0.0.0/24)';
  if (a === 192 && c === 0 && d === 2) return 'documentation (192.0.2.0/24)';
  if (a === 198 && (c & 0xfe) === 18) return 'benchmarking (198.18.0.0/15)';
  if (a === 198 && c === 51 && d === 100) return 'documentation (198.51.100.0/24)';
  if (a === 203 && c === 0 && d === 113) return 'documentation (203.0.113.0/24)';
  if (a >= 224 && a < 240) return 'multicast';
  if (a >= 240) return 'reserved (240.0.0.0/4)';
  return undefined;
}

function classifyIPv6(b: readonly number[]): string | undefined {
  const at = (i: number) => b[i] ?? 0;
  const zeroUpTo = (n: number) => b.slice(0, n).every((x) => x === 0);
  const v4 = (from: number) => b.slice(from, from + 4);
  if (zeroUpTo(15) && at(15) === 0) return 'unspecified (::)';
  if (zeroUpTo(15) && at(15) === 1) return 'loopback';
  if (zeroUpTo(10) && at(10) === 0xff && at(11) === 0xff) {
    const inner = classifyIPv4(v4(12));
    return inner ? `IPv4-mapped ${inner}` : undefined;
  }
  if (zeroUpTo(12)) {
    const inner = classifyIPv4(v4(12));
    return inner ? `IPv4-compatible ${inner}` : undefined;
  }
  // NAT64 well-known prefix 64:ff9b::/96 embeds the IPv4 target; 64:ff9b:1::/48 is local use.
  if (at(0) === 0 && at(1) === 0x64 && at(2) === 0xff && at(3) === 0x9b) {
    if (b.slice(4, 12).every((x) => x === 0)) {
      const inner = classifyIPv4(v4(12));
      return inner ? `NAT64 ${inner}` : undefined;
    }
    if (at(4) === 0 && at(5) === 1) return 'NAT64 local use (64:ff9b:1::/48)';
  }
  // 6to4 2002::/16 embeds an IPv4 address in bits 16–47.
  if (at(0) === 0x20 && at(1) === 0x02) {
    const inner = classifyIPv4(v4(2));
    return inner ? `6to4 ${inner}` : undefined;
  }
  if ((at(0) & 0xfe) === 0xfc) return 'unique-local (fc00::/7)';
  if (at(0) === 0xfe && (at(1) & 0xc0) === 0x80) return 'link-local (fe80::/10)';
  if (at(0) === 0xfe && (at(1) & 0xc0) === 0xc0) return 'site-local (fec0::/10)';
  if (at(0) === 0xff) return 'multicast';
  if (at(0) === 0x01 && at(1) === 0 && b.slice(2, 8).every((x) => x === 0)) return 'discard (100::/64)';
  if (at(0) === 0x20 && at(1) === 0x01 && at(2) === 0x0d && at(3) === 0xb8)
    return 'documentation (2001:db8::/32)';
  return undefined;
}

/**
 * Which non-public range an IP address falls in ("loopback", "private (10.0.0.0/8)" …), or
 * undefined for a public address. A string that is not an IP address is "not an IP address".
 */
export function addressRange(ip: string): string | undefined {
  const v4 = ipv4Bytes(ip);
  if (v4) return classifyIPv4(v4);
  const v6 = ipv6Bytes(ip);
  if (v6) return classifyIPv6(v6);
  return 'not an IP address';
}

/** True for loopback, private, link-local, CGNAT, unique-local, multicast, reserved … addresses. */
export function isPrivateAddress(ip: string): boolean {
  return addressRange(ip) !== undefined;
}

/** The host of a URL without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Which addresses are refused: returns why (the range), or undefined to allow. */
export type AddressPolicy = (ip: string) => string | undefined;

/** For an IP-literal host (which never goes through lookup): throws BlockedAddressError if private. */
export function checkLiteralHost(hostname: string, policy: AddressPolicy = addressRange): void {
  const host = bareHost(hostname);
  if (isIP(host) === 0) return;
  const range = policy(host);
  if (range) throw new BlockedAddressError(host, host, range);
}

type DnsError = NodeJS.ErrnoException & { hostname?: string };

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | DnsLookupAddress[],
  family?: number,
) => void;

/** The `lookup` signature net.connect / http.request accept. */
export type SocketLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A socket `lookup` built on a Resolver. With a `guard` policy, every resolved address is checked
 * and the connection is refused (BlockedAddressError) when the policy refuses any of them.
 */
export function socketLookup(resolve: Resolver, guard?: AddressPolicy): SocketLookup {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = wanted ? found.filter((a) => a.family === wanted) : found;
        if (addresses.length === 0) {
          const error: DnsError = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          error.hostname = hostname;
          callback(error, '');
          return;
        }
        if (guard) {
          for (const a of addresses) {
            const range = guard(a.address);
            if (range) {
              callback(new BlockedAddressError(hostname, a.address, range) as NodeJS.ErrnoException, '');
              return;
            }
          }
        }
        if (options.all) {
          callback(
            null,
            addresses.map((a) => ({ address: a.address, family: a.family })),
          );
        } else {
          const first = addresses[0] as ResolvedAddress;
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => {
        const err = (error instanceof Error ? error : new Error(String(error))) as DnsError;
        err.hostname ??= hostname;
        callback(err, '');
      },
    );
  };
}
