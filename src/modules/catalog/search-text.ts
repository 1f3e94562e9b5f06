import { toAsciiDigits } from '../../i18n/numbers.ts';

/**
 * Normalises text for search in all four scripts: lower case, ASCII digits, Arabic ي/ك as Persian ی/ک, and Latin
 * letters without diacritics so that "gach" finds "gạch" (Vietnamese customers often type without tones). Marks on
 * Bengali and Persian letters are kept: they are part of the letters.
 */
export function searchText(text: string): string {
  const lower = toAsciiDigits(text)
    .toLowerCase()
    .replace(/\u064A/g, '\u06CC')
    .replace(/\u0643/g, '\u06A9');
  const latinFolded = lower
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/g, '$1')
    .replace(/đ/g, 'd')
    .normalize('NFC');
  return latinFolded.replace(/\s+/g, ' ').trim();
}
