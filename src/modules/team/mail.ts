import { DIRECTION, INTL_TAG, type Locale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import type { MailMessage } from '../../notify/mailer.ts';
import type { Preset } from '../../presets/types.ts';
import { roleMessage } from '../fulfilment/own-delivery-wording.ts';
import type { StaffRole } from '../staff/permissions.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The invitation e-mail, in the language it was sent in, laid out in that language's direction. */
export function invitationMail(
  locale: Locale,
  preset: Preset,
  to: string,
  values: { link: string; name: string; role: StaffRole; hours: number },
): MailMessage {
  const shop = preset.identity.name[locale];
  const role = translate(locale, roleMessage(values.role, preset.storefront));
  const subject = translate(locale, 'team.mail.subject', { shop });
  const body = translate(locale, 'team.mail.body', { shop, name: values.name, role, hours: values.hours });
  const text = `${body}\n\n${values.link}\n\n— ${shop}\n`;
  const html = `<!doctype html><html lang="${INTL_TAG[locale]}" dir="${DIRECTION[locale]}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(values.link)}" dir="ltr">${escapeHtml(values.link)}</a></p>
<p>— ${escapeHtml(shop)}</p>
</body></html>`;
  return { to, subject, text, html };
}
