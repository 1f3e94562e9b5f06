import { createRequire } from 'node:module';

/** Accepted lengths (NIST SP 800-63B): at least 8, at most 256; no composition rules. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;

/** The ~49,000 most common passwords, from @zxcvbn-ts/language-common (MIT), loaded on first use. */
function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
    common = new Set(dictionary['passwords-common']);
  }
  return common;
}

export type PasswordProblem =
  | 'account.errorPasswordShort'
  | 'account.errorPasswordLong'
  | 'account.errorPasswordCommon';

export function passwordProblem(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'account.errorPasswordShort';
  if (length > PASSWORD_MAX) return 'account.errorPasswordLong';
  if (commonPasswords().has(password.toLowerCase())) return 'account.errorPasswordCommon';
  return null;
}
