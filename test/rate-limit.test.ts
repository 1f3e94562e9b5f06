import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { networkOf, RateLimiter } from '../src/server/rate-limit.ts';

describe('rate limits by network', () => {
  it('[HK-10] groups IPv4 by /24 and IPv6 by /64 however the address is written', () => {
    expect(networkOf('203.0.113.7')).toBe(networkOf('203.0.113.250'));
    expect(networkOf('::ffff:203.0.113.7')).toBe(networkOf('203.0.113.9'));
    expect(networkOf('203.0.113.7')).not.toBe(networkOf('203.0.114.7'));
    expect(networkOf('2001:db8::1')).toBe(networkOf('2001:db8::2'));
    expect(networkOf('2001:db8::1')).toBe(networkOf('2001:0db8:0000:0000:ffff:ffff:ffff:ffff'));
    expect(networkOf('2001:DB8:0:0:1::1')).toBe(networkOf('2001:db8::abcd'));
    expect(networkOf('2001:db8:0:1::1')).not.toBe(networkOf('2001:db8:0:2::1'));
  });

  it('[HK-10] counts attempts under a keyed hash and refuses beyond the limit', () => {
    const limiter = new RateLimiter(randomBytes(32), 3, 60_000);
    const network = networkOf('2001:db8::1');
    const results = [1, 2, 3, 4].map(() => limiter.attempt('signin', network));
    expect(results).toEqual([true, true, true, false]);
    expect(limiter.attempt('signin', networkOf('2001:db8:0:1::1'))).toBe(true);
    expect(JSON.stringify([...(limiter as unknown as { hits: Map<string, unknown> }).hits.keys()])).not.toContain(
      '2001',
    );
  });
});
