import { readFile } from 'node:fs/promises';
import type { App } from '../../../app.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { translate } from '../../../i18n/translate.ts';

export interface ImportCommandOptions {
  file: string;
  dryRun: boolean;
  locale?: Locale;
  allowedHosts: string[];
  imagesZip?: string;
}

/**
 * `amanat import woocommerce <file>`: the same job the staff page runs, waited for, with the report on stdout (the
 * reasons in English, like the rest of the command line). Exit status 1 when a row could not be imported.
 */
export async function importWooCommerceFile(
  app: App,
  options: ImportCommandOptions,
  write: (line: string) => void,
): Promise<number> {
  const csv = await readFile(options.file);
  const imagesZip = options.imagesZip ? await readFile(options.imagesZip) : null;
  const job = await app.catalogImport.importCsv({
    csv,
    imagesZip,
    allowedHosts: options.allowedHosts,
    dryRun: options.dryRun,
    locale: options.locale,
    actor: 'cli',
  });
  const verb = job.dryRun ? 'would be ' : '';
  write(
    `${job.totalRows} rows: ${job.created} ${verb}created, ${job.updated} ${verb}updated, ${job.unchanged} unchanged, ${job.failed} could not be imported${job.dryRun ? ' (dry run: nothing was changed)' : ''}`,
  );
  for (const f of await app.catalogImport.failures(job.id)) {
    write(
      `  row ${f.row}${f.sku ? ` (${f.sku})` : ''}: ${translate('en', `import.reason.${f.reason}`)}${f.detail ? ` [${f.detail}]` : ''}`,
    );
  }
  return job.failed > 0 ? 1 : 0;
}
