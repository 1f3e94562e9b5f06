import type { Kysely } from 'kysely';
import type { ComponentChildren } from 'preact';
import type { DB } from '../../../db/schema.ts';
import type { Locale } from '../../../i18n/locales.ts';
import type { MessageKey, Translate } from '../../../i18n/translate.ts';
import type { Preset } from '../../../presets/types.ts';
import type { PrivacyKernel } from '../../../privacy/kernel.ts';

/** What every section of an export is given: whose data, in which language, and the road to it. */
export interface ExportContext {
  db: Kysely<DB>;
  kernel: PrivacyKernel;
  preset: Preset;
  /** The data subjects the export is about (a person's customer records). Never empty. */
  subjectIds: string[];
  locale: Locale;
  t: Translate;
}

/**
 * One part of an export: its key in the JSON document, its heading in the readable page, how it loads its data (a
 * fixed number of queries whatever the number of orders — never one per row) and how it shows it. Other modules add
 * theirs to the list given to `buildExport` (the consent module: consents with their policy versions).
 */
export interface ExportSection<T = unknown> {
  id: string;
  title: MessageKey;
  load(ctx: ExportContext): Promise<T>;
  render(data: T, ctx: ExportContext): ComponentChildren;
}

/** Keeps a section's data type while putting it in a list of sections of different types. */
export function section<T>(s: ExportSection<T>): ExportSection<unknown> {
  return s as ExportSection<unknown>;
}
