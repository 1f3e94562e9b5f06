import type { ComponentChildren } from 'preact';
import { formatMoney, formatUnit } from '../i18n/format.ts';
import { milliToDecimal } from '../i18n/numbers.ts';
import { formatPhone } from '../i18n/phone.ts';
import type { MessageKey, Values } from '../i18n/translate.ts';
import type { CurrencyCode, UnitCode } from '../presets/types.ts';
import type { PageContext } from '../server/context.ts';

export function Money({ ctx, minor, currency }: { ctx: PageContext; minor: number; currency?: string }) {
  const code = (currency ?? ctx.preset.currency) as CurrencyCode;
  const display = code === ctx.preset.currency ? ctx.preset.displayCurrency : code;
  return <span class="money">{formatMoney(minor, code, ctx.locale, display)}</span>;
}

export function Quantity({ ctx, milli, unit }: { ctx: PageContext; milli: number; unit: string }) {
  return <span class="qty">{formatUnit(milliToDecimal(milli), unit as UnitCode, ctx.locale)}</span>;
}

/** Left-to-right text (phone numbers, order codes, e-mails, SKUs) isolated inside right-to-left pages. */
export function Ltr({ children }: { children: ComponentChildren }) {
  return (
    <bdi dir="ltr" class="ltr">
      {children}
    </bdi>
  );
}

export function Phone({ ctx, e164 }: { ctx: PageContext; e164: string }) {
  return <Ltr>{formatPhone(e164, ctx.locale, ctx.preset.identity.country)}</Ltr>;
}

/** A link that leaves the shop is marked so (HK-11): the policy covers this site only. */
export function ExternalLink({ ctx, href, children }: { ctx: PageContext; href: string; children: ComponentChildren }) {
  return (
    <a href={href} rel="external noopener noreferrer" class="external" data-leaves-shop="true">
      {children}
      <span class="external-note"> ({ctx.t('common.leavesShop')})</span>
    </a>
  );
}

/** The errors of a form, linked to their fields; `values` fills placeholders of a field's message (a step, a limit). */
export function ErrorSummary({
  ctx,
  errors,
  values,
}: {
  ctx: PageContext;
  errors: Record<string, MessageKey>;
  values?: Partial<Record<string, Values>>;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{ctx.t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#f-${field}`}>{ctx.t(key, values?.[field])}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Field(props: {
  ctx: PageContext;
  name: string;
  label: MessageKey;
  value?: string;
  error?: MessageKey;
  type?: 'text' | 'tel' | 'email' | 'password' | 'date';
  required?: boolean;
  multiline?: boolean;
  dir?: 'ltr' | 'auto';
  inputmode?: string;
  autocomplete?: string;
  hint?: string;
  /** Values for placeholders of the error message (a minimum length, a step). */
  errorValues?: Values;
}) {
  const { ctx, name, label, value, error } = props;
  const id = `f-${name}`;
  const common = {
    id,
    name,
    dir: props.dir ?? 'auto',
    required: props.required,
    autocomplete: props.autocomplete,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {ctx.t(label)}
        {props.required ? <span class="required"> *</span> : null}
      </label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {ctx.t(error, props.errorValues)}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={3}>
          {value ?? ''}
        </textarea>
      ) : (
        // Preact's input typing is a union per `type`; this one field serves several text-like types.
        <input
          {...({ ...common, type: props.type ?? 'text', value: value ?? '', inputMode: props.inputmode } as object)}
        />
      )}
    </div>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

export function Pagination({
  ctx,
  page,
  pages,
  href,
}: {
  ctx: PageContext;
  page: number;
  pages: number;
  href: (p: number) => string;
}) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={ctx.t('common.pagination')}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {ctx.t('common.previous')}
        </a>
      ) : null}
      <span>{ctx.t('common.pageOf', { page, pages })}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {ctx.t('common.next')}
        </a>
      ) : null}
    </nav>
  );
}
