/** The GSM 03.38 default alphabet and its extension table: what a carrier can send without UCS-2. */
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿' +
    'abcdefghijklmnopqrstuvwxyzäöñüà' +
    '\f^{}\\[~]|€',
);

/**
 * True when the text needs the provider's Unicode (UCS-2) mode: Bengali and Persian always, Vietnamese whenever it
 * has diacritics beyond the few GSM has (ư, ơ, ạ …). Sent as plain text, those characters are lost or replaced.
 */
export function needsUnicode(text: string): boolean {
  for (const char of text) if (!GSM7.has(char)) return true;
  return false;
}
