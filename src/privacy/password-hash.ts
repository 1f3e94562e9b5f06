import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. Only the hash is ever stored (KN-12). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verifying against this hash when there is no such user keeps "no such user" and "wrong password" equally slow,
// so timing does not reveal which accounts exist.
let dummy: Promise<string> | undefined;

/** True when the password matches; with no stored hash, spends the same time and answers false. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hash(randomBytes(16).toString('hex'), ARGON2);
  const ok = await verify(stored ?? (await dummy), password).catch(() => false);
  return Boolean(stored) && ok;
}
