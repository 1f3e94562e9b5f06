import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * A fixed-window rate limiter in memory. Keys are keyed hashes (of a username, or of the client's network: IPv4 /24,
 * IPv6 /64), so no raw IP address is held even in memory. One process only: behind a load balancer each instance
 * limits on its own, which still bounds guessing to instances × limit.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly key: Buffer,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; false when the limit for this key is exceeded. */
  attempt(kind: string, value: string): boolean {
    const now = Date.now();
    const k = createHmac('sha256', this.key).update(`${kind}:${value}`).digest('base64url');
    const entry = this.hits.get(k);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 50_000) this.sweep(now);
      this.hits.set(k, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.limit;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}

/** The network a client address belongs to: IPv4 /24 or IPv6 /64 (of the fully expanded address). */
export function networkOf(ip: string): string {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, "::" expanded and a zone id dropped ("2001:db8::1" → 2001, db8, 0 …). */
function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (g.includes('.') ? g : Number.parseInt(g, 16).toString(16)));
}
