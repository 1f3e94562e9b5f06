import { DIRECTION, INTL_TAG, type Locale } from '../../i18n/locales.ts';
import { type MessageKey, translate } from '../../i18n/translate.ts';
import type { MailMessage } from '../../notify/mailer.ts';
import type { Preset } from '../../presets/types.ts';

export type AccountMailKind = 'confirm' | 'exists' | 'reset' | 'change';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An account e-mail in the customer's language: a plain-text part and an HTML part laid out in the language's
 * direction (right to left for Persian), the link isolated left-to-right inside it.
 */
export function accountMail(
  locale: Locale,
  preset: Preset,
  kind: AccountMailKind,
  to: string,
  values: { link: string },
): MailMessage {
  const shop = preset.identity.name[locale];
  const t = (key: MessageKey) => translate(locale, key, { shop, link: values.link });
  const subject = t(`mail.${kind}.subject`);
  const body = t(`mail.${kind}.body`);
  const footer = t('mail.footer');
  const text = `${body}\n\n${values.link}\n\n— ${shop}\n${footer}\n`;
  const dir = DIRECTION[locale];
  const html = `<!doctype html><html lang="${INTL_TAG[locale]}" dir="${dir}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(values.link)}" dir="ltr">${escapeHtml(values.link)}</a></p>
<p>— ${escapeHtml(shop)}<br><small>${escapeHtml(footer)}</small></p>
</body></html>`;
  return { to, subject, text, html };
}
