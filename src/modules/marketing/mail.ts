import { DIRECTION, INTL_TAG, type Locale } from '../../i18n/locales.ts';
import { type MessageKey, translate } from '../../i18n/translate.ts';
import type { MailMessage } from '../../notify/mailer.ts';
import type { Preset } from '../../presets/types.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(locale: Locale, paragraphs: string[], link: string, footer: string): string {
  return `<!doctype html><html lang="${INTL_TAG[locale]}" dir="${DIRECTION[locale]}"><body style="font-family:sans-serif;line-height:1.5">
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}" dir="ltr">${escapeHtml(link)}</a></p>
<p><small>${escapeHtml(footer)}</small></p>
</body></html>`;
}

/** The double opt-in e-mail: nothing is sent until its link is used (HK-14). */
export function confirmationMail(locale: Locale, preset: Preset, to: string, link: string): MailMessage {
  const shop = preset.identity.name[locale];
  const t = (key: MessageKey) => translate(locale, key, { shop });
  const body = t('marketing.confirmMail.body');
  const footer = t('mail.footer');
  return {
    to,
    subject: t('marketing.confirmMail.subject'),
    text: `${body}\n\n${link}\n\n— ${shop}\n${footer}\n`,
    html: html(locale, [body], link, `— ${shop} · ${footer}`),
  };
}

export function confirmationSms(locale: Locale, preset: Preset, link: string): string {
  return translate(locale, 'marketing.confirmSms', { shop: preset.identity.name[locale], link });
}

/**
 * A campaign e-mail with one-click unsubscribe (RFC 8058): `List-Unsubscribe` names an https URL that a mail
 * client may POST to with `List-Unsubscribe=One-Click`, and the same link is in the text (CM-15).
 */
export function campaignMail(
  locale: Locale,
  preset: Preset,
  to: string,
  campaign: { subject: string; body: string },
  unsubscribeUrl: string,
): MailMessage {
  const shop = preset.identity.name[locale];
  const footer = translate(locale, 'marketing.campaignFooter', { shop });
  return {
    to,
    subject: campaign.subject,
    text: `${campaign.body}\n\n— ${shop}\n${footer}\n${unsubscribeUrl}\n`,
    html: html(locale, [campaign.body, `— ${shop}`, footer], unsubscribeUrl, ''),
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** A campaign SMS ends with its opt-out link (KN-09). */
export function campaignSms(locale: Locale, preset: Preset, body: string, unsubscribeUrl: string): string {
  const shop = preset.identity.name[locale];
  return `${shop}: ${body}\n${translate(locale, 'marketing.smsStop', { link: unsubscribeUrl })}`;
}
