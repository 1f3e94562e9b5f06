import type { Locale } from '../../i18n/locales.ts';
import type { MessageKey, Translate } from '../../i18n/translate.ts';
import { PASSWORD_MIN } from '../accounts/passwords.ts';

/** Each language named in itself, for the per-language fields. */
export const LANGUAGE_NAMES: Record<Locale, string> = { bn: 'বাংলা', en: 'English', vi: 'Tiếng Việt', fa: 'فارسی' };

/** Values the forms' error messages may name (the shortest password). */
const ERROR_VALUES = { min: PASSWORD_MIN };

/** Form values as typed (a field of several checkboxes is an array) and errors by field name. */
export type FormValues = Record<string, string | string[] | undefined>;
export type FormErrors = Record<string, MessageKey>;

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/**
 * A labelled text input whose error sits next to it (linked by aria-describedby) and that shows what was typed.
 * Unlike views/components `Field`, the label is already translated: settings label one field per language.
 */
export function TextField(props: {
  t: Translate;
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  type?: 'text' | 'email' | 'tel' | 'password' | 'url';
  multiline?: boolean;
  required?: boolean;
  dir?: 'ltr' | 'auto' | 'rtl';
  lang?: string;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
}) {
  const { t, name, errors } = props;
  const id = `f-${name}`;
  const error = errors[name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name,
    dir: props.dir ?? 'auto',
    lang: props.lang,
    required: props.required,
    autocomplete: props.autocomplete,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
  };
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> *</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {t(error, ERROR_VALUES)}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={3}>
          {one(props.values[name])}
        </textarea>
      ) : (
        <input
          {...({
            ...common,
            type: props.type ?? 'text',
            value: props.type === 'password' ? '' : one(props.values[name]),
            inputMode: props.inputmode,
          } as object)}
        />
      )}
    </div>
  );
}

/** A checkbox with its label; `value` is what it sends when ticked. */
export function CheckField(props: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  hint?: string;
  id?: string;
}) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class="field checkbox">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? '1'}
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A group of radio buttons or checkboxes under one legend, its error next to the group. */
export function ChoiceGroup(props: {
  t: Translate;
  name: string;
  legend: string;
  type: 'radio' | 'checkbox';
  options: { value: string; label: string; hint?: string }[];
  values: FormValues;
  errors: FormErrors;
}) {
  const { t, name, errors } = props;
  const chosen = [props.values[name] ?? []].flat();
  const error = errors[name];
  return (
    <fieldset id={`f-${name}`} aria-describedby={error ? `f-${name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {error ? (
        <p class="error" id={`f-${name}-error`}>
          {t(error)}
        </p>
      ) : null}
      {props.options.map((o) => (
        <div class={`field ${props.type}`} key={o.value}>
          <input
            type={props.type}
            id={`f-${name}-${o.value}`}
            name={name}
            value={o.value}
            checked={chosen.includes(o.value)}
            aria-describedby={o.hint ? `f-${name}-${o.value}-hint` : undefined}
          />
          <label for={`f-${name}-${o.value}`}>{o.label}</label>
          {o.hint ? (
            <p class="hint" id={`f-${name}-${o.value}-hint`}>
              {o.hint}
            </p>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}

/** The errors of a form as links to their fields, announced on arrival. */
export function FormErrorSummary({ t, errors }: { t: Translate; errors: FormErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#f-${field}`}>{t(key, ERROR_VALUES)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
