import { formatDateTime, formatIsoDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { DeclaredRecipient } from '../../presets/types.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { TaxIdentity } from '../orders/service.ts';
import { can } from '../staff/permissions.ts';
import { TaxIdentityText } from '../staff/views.tsx';
import {
  DISCLOSABLE_FIELDS,
  type DisclosableField,
  type FormErrors,
  type LegalHold,
  type LegalRequest,
  type LegalRequestForm,
} from './service.ts';

type Names = Map<string, string>;

const FIELD_LABELS: Record<DisclosableField, MessageKey> = {
  'orders.buyer_name_enc': 'legal.field.buyerName',
  'orders.buyer_phone_enc': 'legal.field.buyerPhone',
  'orders.buyer_email_enc': 'legal.field.buyerEmail',
  'orders.tax_identity_enc': 'legal.field.taxIdentity',
  'orders.payment_reference_enc': 'legal.field.paymentReference',
  'orders.delivery_instructions_enc': 'legal.field.instructions',
  'orders.recipient_name_enc': 'legal.field.recipientName',
  'orders.recipient_phone_enc': 'legal.field.recipientPhone',
  'orders.recipient_address_enc': 'legal.field.recipientAddress',
};

function authorityName(ctx: PageContext, authorities: DeclaredRecipient[], id: string): string {
  return authorities.find((a) => a.id === id)?.name[ctx.locale] ?? id;
}

function Day({ ctx, iso }: { ctx: PageContext; iso: string }) {
  return <>{formatIsoDay(iso, ctx.locale, 'medium')}</>;
}

/** The register of requests from authorities and the legal holds in force. */
export function LegalListPage(props: {
  ctx: PageContext;
  requests: LegalRequest[];
  holds: LegalHold[];
  authorities: DeclaredRecipient[];
  names: Names;
  hold?: { values: { orderCode: string; reason: string; until: string }; errors: Record<string, MessageKey> };
  notice?: MessageKey;
}) {
  const { ctx, requests, holds, authorities } = props;
  const { t, locale } = ctx;
  const hold = props.hold ?? { values: { orderCode: '', reason: '', until: '' }, errors: {} };
  return (
    <Layout ctx={ctx} title={t('legal.title')} noindex>
      <h1>{t('legal.title')}</h1>
      <p>{t('legal.intro')}</p>
      {props.notice ? <p class="notice success">{t(props.notice)}</p> : null}
      {authorities.length === 0 ? (
        <p class="notice">{t('legal.noAuthorities')}</p>
      ) : (
        <p>
          <a href={`/${locale}/staff/legal/new`}>{t('legal.register')}</a>
        </p>
      )}
      {requests.length === 0 ? (
        <p>{t('legal.none')}</p>
      ) : (
        <table class="legal-requests">
          <thead>
            <tr>
              <th scope="col">{t('legal.receivedOn')}</th>
              <th scope="col">{t('legal.authority')}</th>
              <th scope="col">{t('legal.reference')}</th>
              <th scope="col">{t('legal.order')}</th>
              <th scope="col">{t('legal.status')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>
                  <Day ctx={ctx} iso={r.receivedOn} />
                </td>
                <td>{authorityName(ctx, authorities, r.recipientId)}</td>
                <td>
                  <a href={`/${locale}/staff/legal/${r.id}`}>
                    <bdi>{r.reference}</bdi>
                  </a>
                </td>
                <td>
                  <Ltr>{r.orderCode}</Ltr>
                </td>
                <td>{t(`legal.status.${r.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('legal.holds')}</h2>
      <p>{t('legal.holdsIntro')}</p>
      {holds.length === 0 ? (
        <p>{t('legal.noHolds')}</p>
      ) : (
        <table class="legal-holds">
          <thead>
            <tr>
              <th scope="col">{t('legal.order')}</th>
              <th scope="col">{t('legal.holdReason')}</th>
              <th scope="col">{t('legal.holdPlacedBy')}</th>
              <th scope="col">{t('legal.holdUntil')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('legal.release')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holds.map((h) => (
              <tr key={h.id}>
                <td>{h.orderCode ? <Ltr>{h.orderCode}</Ltr> : null}</td>
                <td>
                  <bdi>{h.reason}</bdi>
                </td>
                <td>
                  {formatDateTime(h.placedAt, locale, ctx.preset.timezone, 'medium')}
                  {t('common.separator')}
                  {props.names.get(h.placedBy) ?? ''}
                </td>
                <td>{h.until ? <Day ctx={ctx} iso={h.until} /> : t('legal.untilReleased')}</td>
                <td>
                  <form method="post" action={`/${locale}/staff/legal/holds/${h.id}/release`} class="inline">
                    <CsrfField ctx={ctx} />
                    <button class="secondary">{t('legal.release')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`/${locale}/staff/legal/holds`} class="narrow" novalidate>
        <h3>{t('legal.placeHold')}</h3>
        <ErrorSummary ctx={ctx} errors={hold.errors} />
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="orderCode"
          label="legal.order"
          value={hold.values.orderCode}
          error={hold.errors.orderCode}
          required
          dir="ltr"
        />
        <Field
          ctx={ctx}
          name="reason"
          label="legal.holdReason"
          value={hold.values.reason}
          error={hold.errors.reason}
          hint={t('legal.holdReasonHint')}
          required
        />
        <Field
          ctx={ctx}
          name="until"
          label="legal.holdUntil"
          value={hold.values.until}
          error={hold.errors.until}
          hint={t('legal.dateHint', { example: dateExample(ctx) })}
          inputmode="numeric"
          dir="ltr"
        />
        <button>{t('legal.placeHold')}</button>
      </form>
    </Layout>
  );
}

/** How a day is typed here: the shop's calendar (Jalali for Persian), digits of the page's language. */
function dateExample(ctx: PageContext): string {
  return ctx.t(ctx.locale === 'fa' ? 'legal.dateExampleJalali' : 'legal.dateExample');
}

export function NewLegalRequestPage(props: {
  ctx: PageContext;
  authorities: DeclaredRecipient[];
  values: LegalRequestForm;
  errors: FormErrors;
}) {
  const { ctx, authorities, values, errors } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('legal.register')} noindex>
      <h1>{t('legal.register')}</h1>
      <p>{t('legal.registerIntro')}</p>
      <form method="post" action={`/${locale}/staff/legal/new`} class="narrow" novalidate>
        <ErrorSummary ctx={ctx} errors={errors as Record<string, MessageKey>} />
        <CsrfField ctx={ctx} />
        <div class={errors.recipientId ? 'field field-error' : 'field'}>
          <label for="f-recipientId">
            {t('legal.authority')}
            <span class="required"> *</span>
          </label>
          {errors.recipientId ? (
            <p class="error" id="f-recipientId-error">
              {t(errors.recipientId)}
            </p>
          ) : null}
          <select id="f-recipientId" name="recipientId" required>
            <option value="">{t('legal.choose')}</option>
            {authorities.map((a) => (
              <option key={a.id} value={a.id} selected={values.recipientId === a.id}>
                {a.name[locale]}
              </option>
            ))}
          </select>
        </div>
        <Field
          ctx={ctx}
          name="requestingUnit"
          label="legal.requestingUnit"
          value={values.requestingUnit}
          error={errors.requestingUnit}
          hint={t('legal.requestingUnitHint')}
          required
        />
        <Field
          ctx={ctx}
          name="reference"
          label="legal.reference"
          value={values.reference}
          error={errors.reference}
          required
        />
        <Field
          ctx={ctx}
          name="legalBasis"
          label="legal.legalBasis"
          value={values.legalBasis}
          error={errors.legalBasis}
          hint={t('legal.legalBasisHint')}
          required
          multiline
        />
        <Field
          ctx={ctx}
          name="receivedOn"
          label="legal.receivedOn"
          value={values.receivedOn}
          error={errors.receivedOn}
          hint={t('legal.dateHint', { example: dateExample(ctx) })}
          inputmode="numeric"
          required
          dir="ltr"
        />
        <Field
          ctx={ctx}
          name="orderCode"
          label="legal.order"
          value={values.orderCode}
          error={errors.orderCode}
          required
          dir="ltr"
        />
        <fieldset id="f-fields" aria-describedby={errors.fields ? 'f-fields-error' : undefined}>
          <legend>{t('legal.fields')}</legend>
          {errors.fields ? (
            <p class="error" id="f-fields-error">
              {t(errors.fields)}
            </p>
          ) : null}
          {DISCLOSABLE_FIELDS.map(({ field }) => (
            <div class="field checkbox" key={field}>
              <input
                type="checkbox"
                id={`fld-${field}`}
                name="fields"
                value={field}
                checked={values.fields.includes(field)}
              />
              <label for={`fld-${field}`}>{t(FIELD_LABELS[field])}</label>
            </div>
          ))}
        </fieldset>
        <fieldset id="f-subjectMayBeTold">
          <legend>{t('legal.mayTell')}</legend>
          {errors.subjectMayBeTold ? <p class="error">{t(errors.subjectMayBeTold)}</p> : null}
          {(['yes', 'no'] as const).map((v) => (
            <div class="field radio" key={v}>
              <input
                type="radio"
                id={`tell-${v}`}
                name="subjectMayBeTold"
                value={v}
                checked={values.subjectMayBeTold === v}
              />
              <label for={`tell-${v}`}>{t(v === 'yes' ? 'legal.mayTellYes' : 'legal.mayTellNo')}</label>
            </div>
          ))}
        </fieldset>
        <button>{t('legal.registerSubmit')}</button>
      </form>
    </Layout>
  );
}

export function LegalRequestPage(props: {
  ctx: PageContext;
  request: LegalRequest;
  authorities: DeclaredRecipient[];
  names: Names;
  /** The values handed over, shown once right after the disclosure (for the authority's copy). */
  disclosed?: { field: DisclosableField; value: string | null }[];
  error?: MessageKey;
  notice?: MessageKey;
}) {
  const { ctx, request: r, authorities, names } = props;
  const { t, locale } = ctx;
  const role = ctx.staff?.role ?? '';
  const mayDecide = r.status === 'registered' && can(role, 'legal.approve') && ctx.staff?.id !== r.registeredBy;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, ctx.preset.timezone, 'medium') : '');
  return (
    <Layout ctx={ctx} title={t('legal.request')} noindex>
      <p>
        <a href={`/${locale}/staff/legal`}>{t('legal.back')}</a>
      </p>
      <h1>
        {t('legal.request')}
        {t('common.separator')}
        <bdi>{r.reference}</bdi>
      </h1>
      {props.notice ? <p class="notice success">{t(props.notice)}</p> : null}
      {props.error ? (
        <p class="error" role="alert">
          {t(props.error)}
        </p>
      ) : null}
      <dl class="legal-request">
        <dt>{t('legal.status')}</dt>
        <dd>{t(`legal.status.${r.status}`)}</dd>
        <dt>{t('legal.authority')}</dt>
        <dd>{authorityName(ctx, authorities, r.recipientId)}</dd>
        <dt>{t('legal.requestingUnit')}</dt>
        <dd>
          <bdi>{r.requestingUnit}</bdi>
        </dd>
        <dt>{t('legal.legalBasis')}</dt>
        <dd>
          <bdi>{r.legalBasis}</bdi>
        </dd>
        <dt>{t('legal.receivedOn')}</dt>
        <dd>
          <Day ctx={ctx} iso={r.receivedOn} />
        </dd>
        <dt>{t('legal.order')}</dt>
        <dd>
          <Ltr>{r.orderCode}</Ltr>
        </dd>
        <dt>{t('legal.fields')}</dt>
        <dd>
          <ul>
            {r.fields.map((f) => (
              <li key={f}>{t(FIELD_LABELS[f])}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('legal.mayTell')}</dt>
        <dd>{t(r.subjectMayBeTold ? 'legal.mayTellYes' : 'legal.mayTellNo')}</dd>
        <dt>{t('legal.registeredBy')}</dt>
        <dd>
          {names.get(r.registeredBy) ?? ''}
          {t('common.separator')}
          {when(r.registeredAt)}
        </dd>
        {r.decidedBy ? (
          <>
            <dt>{t('legal.decidedBy')}</dt>
            <dd>
              {names.get(r.decidedBy) ?? ''}
              {t('common.separator')}
              {when(r.decidedAt)}
              {r.decisionNote ? (
                <>
                  {t('common.separator')}
                  <bdi>{r.decisionNote}</bdi>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {r.disclosedBy ? (
          <>
            <dt>{t('legal.disclosedBy')}</dt>
            <dd>
              {names.get(r.disclosedBy) ?? ''}
              {t('common.separator')}
              {when(r.disclosedAt)}
            </dd>
          </>
        ) : null}
      </dl>

      {r.status === 'registered' && !mayDecide ? <p class="notice">{t('legal.awaitingOfficer')}</p> : null}
      {mayDecide ? (
        <form method="post" action={`/${locale}/staff/legal/${r.id}/decide`} class="narrow">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} name="note" label="legal.decisionNote" multiline hint={t('legal.decisionNoteHint')} />
          <div class="actions">
            <button name="decision" value="approve">
              {t('legal.approve')}
            </button>
            <button name="decision" value="refuse" class="secondary">
              {t('legal.refuse')}
            </button>
          </div>
        </form>
      ) : null}
      {r.status === 'approved' && can(role, 'legal.register') ? (
        <form method="post" action={`/${locale}/staff/legal/${r.id}/disclose`} class="narrow">
          <CsrfField ctx={ctx} />
          <p>{t('legal.discloseIntro')}</p>
          <button>{t('legal.disclose')}</button>
        </form>
      ) : null}
      {props.disclosed ? (
        <section class="legal-sheet">
          <h2>{t('legal.sheet')}</h2>
          <p>{t('legal.sheetIntro')}</p>
          <dl>
            {props.disclosed.map((d) => (
              <>
                <dt key={`${d.field}-t`}>{t(FIELD_LABELS[d.field])}</dt>
                <dd key={`${d.field}-d`}>
                  {d.value && d.field === 'orders.tax_identity_enc' ? (
                    <TaxIdentityText ctx={ctx} identity={JSON.parse(d.value) as TaxIdentity} erased="" />
                  ) : (
                    <bdi>{d.value ?? t('legal.noValue')}</bdi>
                  )}
                </dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
    </Layout>
  );
}
