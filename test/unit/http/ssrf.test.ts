import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  type AddressPolicy,
  addressRange,
  BlockedAddressError,
  checkLiteralHost,
  isPrivateAddress,
  type ResolvedAddress,
  socketLookup,
} from '../../../src/http/ssrf.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', '10.0.0.0/8'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['169.254.10.10', '169.254.0.0/16'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['100.127.255.255', '100.64.0.0/10'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['0.1.2.3', '0.0.0.0/8'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'fe80::/10'],
    ['fe80::1%eth0', 'fe80::/10'],
    ['febf:ffff::1', 'fe80::/10'],
    ['fc00::1', 'fc00::/7'],
    ['fd12:3456:789a::1', 'fc00::/7'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 cloud metadata'],
    ['2002:7f00:1::', '6to4 loopback'],
    ['[::1]', 'loopback'],
  ])('%s is not public (%s)', (ip, range) => {
    expect(isPrivateAddress(ip)).toBe(true);
    expect(addressRange(ip)).toContain(range.split(' ').at(-1));
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255', // just below CGNAT
    '100.128.0.0', // just above CGNAT
    '172.15.255.255', // just below 172.16/12
    '172.32.0.0', // just above
    '192.169.0.1',
    '169.253.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    'fec0::1'.replace('fec0', '2a00'),
  ])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
    expect(addressRange(ip)).toBeUndefined();
  });

  it('a string that is not an IP address is never treated as public', () => {
    expect(isPrivateAddress('example.com')).toBe(true);
    expect(addressRange('300.1.1.1')).toBe('not an IP address');
  });

  it('checkLiteralHost refuses private literals and ignores names', () => {
    expect(() => checkLiteralHost('127.0.0.1')).toThrow(BlockedAddressError);
    expect(() => checkLiteralHost('[::1]')).toThrow(/loopback/);
    expect(() => checkLiteralHost('8.8.8.8')).not.toThrow();
    expect(() => checkLiteralHost('localhost')).not.toThrow(); // names go through the guarded lookup
  });
});

describe('socketLookup', () => {
  const call = (
    resolve: (host: string) => Promise<ResolvedAddress[]>,
    guard: AddressPolicy | undefined,
    options: { all?: boolean; family?: number } = {},
  ) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
      (done) => {
        socketLookup(resolve, guard)('host.test', options, (err, address, family) =>
          done({ err, address, ...(family === undefined ? {} : { family }) }),
        );
      },
    );

  it('answers a single address or all of them, as asked', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '2606:2800:220:1::1', family: 6 as const },
    ];
    expect(await call(resolve, addressRange)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await call(resolve, addressRange, { all: true })).address).toHaveLength(2);
    expect((await call(resolve, addressRange, { family: 6 })).address).toBe('2606:2800:220:1::1');
  });

  it('refuses when any resolved address is private (guarded) and allows it unguarded', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '10.0.0.5', family: 4 as const },
    ];
    const guarded = await call(resolve, addressRange, { all: true });
    expect(guarded.err).toBeInstanceOf(BlockedAddressError);
    expect(guarded.err?.message).toMatch(
      /host\.test: it resolves to 10\.0\.0\.5, a private \(10\.0\.0\.0\/8\) address/,
    );
    expect((await call(resolve, undefined, { all: true })).err).toBeNull();
  });

  it('passes resolver failures through and reports an empty answer as ENOTFOUND', async () => {
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN host.test'), { code: 'EAI_AGAIN' });
    };
    expect((await call(failing, addressRange)).err?.code).toBe('EAI_AGAIN');
    expect((await call(async () => [], addressRange)).err?.code).toBe('ENOTFOUND');
  });
});
