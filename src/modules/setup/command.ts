import type { OpenOptions } from '../../app.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrations.ts';
import type { DB } from '../../db/schema.ts';
import { isLocale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import { generatePassword } from '../staff/service.ts';
import { completeFirstRun, parseSetupForm, type SetupForm } from './first-run.ts';

/** `amanat setup` options → the setup form's fields (the command fills the same form as the web page). */
export const SETUP_OPTIONS = {
  preset: 'preset',
  language: '',
  name: 'name',
  'legal-name': 'legal_name',
  address: 'address',
  phone: 'phone',
  email: 'email',
  website: 'website',
  country: 'country',
  currency: 'currency',
  storefront: 'storefront',
  about: 'intro',
  methods: 'methods',
  'transfer-instructions': 'instructions_bank_transfer',
  'money-order-instructions': 'instructions_money_order',
  'cheque-instructions': 'instructions_cheque',
  'delivery-fee': 'delivery_fee',
  'owner-name': 'owner_name',
  'owner-username': 'owner_username',
} as const;

export type SetupCommandResult =
  | { ok: true; username: string; password: string; sampleCatalogue: boolean }
  | { ok: false; problems: string[] };

/**
 * The first-run setup from the command line: the same questions and checks as the web page, and the owner's password
 * generated and returned once (the caller prints it). Refuses a database that has a shop already.
 */
export async function setupFromCommandLine(
  open: Pick<OpenOptions, 'config' | 'schema'>,
  options: Record<string, string | boolean | undefined>,
): Promise<SetupCommandResult> {
  const language = (options.language as string | undefined) ?? 'en';
  if (!isLocale(language)) return { ok: false, problems: ['--language must be one of bn, en, vi, fa'] };
  const form: SetupForm = { sample_catalogue: options['sample-catalogue'] ? '1' : '' };
  for (const [option, field] of Object.entries(SETUP_OPTIONS)) {
    const value = options[option];
    if (!field || typeof value !== 'string') continue;
    form[field] = field === 'methods' ? value.split(',').map((m) => m.trim()) : value;
  }
  const parsed = parseSetupForm(form, language, { passwordRequired: false });
  if (!parsed.ok) {
    const byField = Object.fromEntries(Object.entries(SETUP_OPTIONS).map(([o, f]) => [f, o]));
    return {
      ok: false,
      problems: Object.entries(parsed.errors).map(
        ([field, key]) => `--${byField[field] ?? field}: ${translate('en', key)}`,
      ),
    };
  }
  const password = generatePassword();
  const data = await openDatabase<DB>(open.config.databaseUrl, { schema: open.schema });
  try {
    await migrateToLatest(data.db, data.dialect, data.schema);
    const input = { ...parsed.input, owner: { ...parsed.input.owner, password } };
    const result = await completeFirstRun(data.db, data.dialect, input);
    if (!result.ok) return { ok: false, problems: ['this database has a shop already: the setup runs only once'] };
    return { ok: true, username: input.owner.username, password, sampleCatalogue: input.sampleCatalogue };
  } finally {
    await data.close();
  }
}
