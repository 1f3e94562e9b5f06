import { stringify } from 'yaml';
import { type DataMap, isPersonal } from './datamap.ts';

/**
 * The data map as a fideslang dataset (https://ethyca.github.io/fideslang/ — the vocabulary is CC BY 4.0, Ethyca).
 * Collections are tables, fields are columns, each with its data category; the purposes and retention of a personal
 * field go in its description, since a fideslang dataset field has no keys for them.
 */
export function toFideslangDataset(dataMap: DataMap, shopKey: string): string {
  const dataset = {
    dataset: [
      {
        fides_key: `amanat_${shopKey}`,
        name: `Amanat shop database (${shopKey})`,
        description: 'Every table and column of the shop database, generated from the Amanat data map.',
        collections: dataMap.tables.map((table) => ({
          name: table.table,
          description: table.description,
          fields: Object.entries(table.columns).map(([name, column]) => ({
            name,
            description: isPersonal(column)
              ? `${column.description}. Purposes: ${(column.purposes ?? []).join(', ')}. Retention: ${column.retention}.${column.encrypted ? ' Encrypted per subject.' : ''}`
              : column.description,
            data_categories: [column.category],
          })),
        })),
      },
    ],
  };
  return stringify(dataset, { lineWidth: 0 });
}
