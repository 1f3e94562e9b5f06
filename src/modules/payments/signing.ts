import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function hmacHex(algorithm: 'sha256' | 'sha512', key: string, data: string): string {
  return createHmac(algorithm, key).update(data, 'utf8').digest('hex');
}

export function md5Hex(data: string): string {
  return createHash('md5').update(data, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests, case-insensitive (VNPay sends either case). */
export function sameHex(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
