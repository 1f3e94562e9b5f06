import { createHmac } from 'node:crypto';

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

/** The network a client address belongs to: IPv4 /24 or IPv6 /64. */
export function networkOf(ip: string): string {
  const v4 = ip.replace(/^::ffff:/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = ip.split(':');
  return `${groups.slice(0, 4).join(':')}::/64`;
}
