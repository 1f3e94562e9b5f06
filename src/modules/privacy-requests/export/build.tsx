import type { Kysely } from 'kysely';
import { renderToString } from 'preact-render-to-string';
import type { DialectName } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { DIRECTION, INTL_TAG, type Locale } from '../../../i18n/locales.ts';
import { translator } from '../../../i18n/translate.ts';
import type { Preset } from '../../../presets/types.ts';
import { appendAudit } from '../../../privacy/audit.ts';
import { type Actor, actorLabel, type PrivacyKernel } from '../../../privacy/kernel.ts';
import { CORE_SECTIONS } from './core-sections.tsx';
import type { ExportContext, ExportSection } from './sections.ts';
import { zipTextFiles } from './zip.ts';

/** Version of the JSON document (docs/export-schema.md). */
export const EXPORT_SCHEMA = 'amanat.export/1';

export interface ExportDocument {
  schema: typeof EXPORT_SCHEMA;
  generatedAt: string;
  locale: Locale;
  shop: { name: string; legalName: string; email: string };
  subjectIds: string[];
  sections: Record<string, unknown>;
}

export interface BuiltExport {
  document: ExportDocument;
  json: string;
  html: string;
  zip: Uint8Array;
}

/** Logical properties only, so the page reads right to left in Persian as it does left to right elsewhere. */
const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;max-inline-size:60rem;margin-inline:auto;padding:1rem}
table{border-collapse:collapse;inline-size:100%;margin-block:.5rem}td,th{border-block-end:1px solid #ccc;padding:.25rem .5rem;text-align:start}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
article.order{border-block-start:2px solid #888;margin-block-start:1rem}.empty{color:#555}`;

/**
 * Builds the export of everything the shop holds about a set of data subjects (CM-13): a JSON document for machines
 * and a readable page in the person's language, zipped together. Each section loads its data in a fixed number of
 * queries, so a customer with 1,000 orders costs the same number of queries as one with a single order. The export
 * itself is written to the audit log: who made it, for which request.
 */
export async function buildExport(
  deps: { db: Kysely<DB>; dialect: DialectName; kernel: PrivacyKernel; preset: Preset },
  request: { subjectIds: string[]; locale: Locale; actor: Actor; requestRef: string | null },
  sections: ExportSection[] = CORE_SECTIONS,
): Promise<BuiltExport> {
  const { locale } = request;
  const t = translator(locale);
  const ctx: ExportContext = {
    db: deps.db,
    kernel: deps.kernel,
    preset: deps.preset,
    subjectIds: request.subjectIds,
    locale,
    t,
  };
  const loaded: { section: ExportSection; data: unknown }[] = [];
  for (const s of sections) {
    loaded.push({ section: s, data: request.subjectIds.length > 0 ? await s.load(ctx) : [] });
  }
  const generatedAt = new Date().toISOString();
  const shopName = deps.preset.identity.name[locale];
  const document: ExportDocument = {
    schema: EXPORT_SCHEMA,
    generatedAt,
    locale,
    shop: { name: shopName, legalName: deps.preset.identity.legalName, email: deps.preset.identity.email },
    subjectIds: request.subjectIds,
    sections: Object.fromEntries(loaded.map(({ section, data }) => [section.id, data])),
  };
  const page = (
    <html lang={INTL_TAG[locale]} dir={DIRECTION[locale]}>
      <head>
        <meta charSet="utf-8" />
        <title>{t('dsr.export.title', { shop: shopName })}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <h1>{t('dsr.export.title', { shop: shopName })}</h1>
        <p>{t('dsr.export.intro', { date: formatDateTime(generatedAt, locale, deps.preset.timezone, 'long') })}</p>
        {loaded.map(({ section, data }) => (
          <section id={section.id} key={section.id}>
            <h2>{t(section.title)}</h2>
            {section.render(data, ctx)}
          </section>
        ))}
      </body>
    </html>
  );
  const html = `<!doctype html>${renderToString(page)}`;
  const json = JSON.stringify(document);
  const zip = zipTextFiles({ 'data.json': json, 'index.html': html });
  // One entry whatever the number of records (a guest may have one per order): the first subject, and how many.
  await appendAudit(deps.db, deps.dialect, {
    actor: actorLabel(request.actor),
    action: 'export',
    purpose: null,
    subject_id: request.subjectIds[0] ?? null,
    field: null,
    detail: `${request.requestRef ?? 'direct'}; ${request.subjectIds.length} subject(s)`,
  });
  return { document, json, html, zip };
}
