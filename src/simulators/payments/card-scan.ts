/**
 * Finds what looks like card data in text — a database dump, a log, a backup, a stored result (CM-03): card
 * numbers (13–19 digits, spaced or not, passing the Luhn check) and masked ones as gateways return them
 * (432149XXXXXX0667, 502229******5995).
 */
// A number standing on its own: not a piece of a hash, an id or a longer number (no letter, digit or dash around it).
const DIGIT_RUN = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const MASKED = /\d{4,6}[Xx*•]{4,9}\d{2,4}/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardDataIn(text: string): string[] {
  const numbers = [...text.matchAll(DIGIT_RUN)]
    .map((m) => m[0])
    // Card numbers begin with 2 to 6 (Mastercard, Amex, Visa, Discover, UnionPay …): a millisecond timestamp does not.
    .filter((run) => /^[2-6]/.test(run) && !/^(\d)(?:[ -]?\1)*$/.test(run) && luhn(run.replace(/\D/g, '')));
  const masked = [...text.matchAll(MASKED)].map((m) => m[0]);
  return [...numbers, ...masked];
}
