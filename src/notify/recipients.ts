import { LOCALES } from '../i18n/locales.ts';
import { translate } from '../i18n/translate.ts';
import type { DeclaredRecipient, Localized } from '../presets/types.ts';
import type { FieldId } from '../privacy/datamap.ts';
import type { Mailer } from './mailer.ts';
import { SMS_PROVIDER_NAMES, type SmsProviderId } from './sms/types.ts';
import type { SmsPort } from './sms.ts';

/**
 * Recipient ids name the provider (`sms-provider-esms`, `mail-relay-smtp.example.com`): a change of provider is
 * another recipient in the policy's history, and a disclosure keeps naming the provider that got it.
 */
export const SMS_PROVIDER_RECIPIENT = 'sms-provider-';
export const MAIL_RELAY_RECIPIENT = 'mail-relay-';

/** What a provider of the outbox receives: the sealed message, i.e. the address or number and the text. */
const OUTBOX_FIELDS: FieldId[] = ['outbox.payload_enc'];

export interface Transports {
  mailer: Mailer;
  sms: SmsPort;
}

/**
 * The service providers the shop's messages leave through (HK-01, CM-11): an SMS provider when one is configured
 * (`SMS_PROVIDER`), the SMTP relay when e-mail goes out over SMTP (`SMTP_URL`). They follow from this install's
 * configuration, not from the preset, since the provider is the installer's choice; the development sink and .eml
 * files send nothing out and are nobody. Names come from the message catalogues, in every language.
 */
export function transportRecipients(ways: Transports): DeclaredRecipient[] {
  const out: DeclaredRecipient[] = [];
  for (const kind of ['sms', 'mail'] as const) {
    const id = transportRecipientOf(ways, kind);
    const name = id ? transportRecipientName(id) : undefined;
    if (id && name) out.push({ id, name, kind: 'service_provider', fields: [...OUTBOX_FIELDS] });
  }
  return out;
}

/** The recipient a message of this kind is disclosed to when it goes out, or undefined when it stays here. */
export function transportRecipientOf(ways: Transports, kind: 'mail' | 'sms'): string | undefined {
  if (kind === 'sms') return ways.sms.provider ? `${SMS_PROVIDER_RECIPIENT}${ways.sms.provider}` : undefined;
  return ways.mailer.relay ? `${MAIL_RELAY_RECIPIENT}${ways.mailer.relay.host}` : undefined;
}

/**
 * The name of a provider's recipient id in every language, also for a provider no longer configured (a disclosure
 * in a customer's export made before the shop changed provider); undefined for any other id.
 */
export function transportRecipientName(id: string): Localized | undefined {
  if (id.startsWith(SMS_PROVIDER_RECIPIENT)) {
    const provider = SMS_PROVIDER_NAMES[id.slice(SMS_PROVIDER_RECIPIENT.length) as SmsProviderId];
    if (!provider) return undefined;
    return localized((locale) => translate(locale, 'recipient.name.smsProvider', { provider }));
  }
  if (id.startsWith(MAIL_RELAY_RECIPIENT)) {
    const host = id.slice(MAIL_RELAY_RECIPIENT.length);
    return localized((locale) => translate(locale, 'recipient.name.mailRelay', { host }));
  }
  return undefined;
}

function localized(name: (locale: (typeof LOCALES)[number]) => string): Localized {
  return Object.fromEntries(LOCALES.map((l) => [l, name(l)])) as Localized;
}
