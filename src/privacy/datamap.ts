/**
 * The data map: every column of every table, declared next to its table. Personal columns carry a fideslang
 * data category (https://ethyca.github.io/fideslang/, CC BY 4.0), the purposes they serve, their retention and
 * the recipients that may receive them. Columns that hold no personal data are declared `system.operations`.
 * The policy page, the disclosure checks and the reveal checks are all derived from this map.
 */

/** Declared purposes of processing (HK-02, CM-10, MS-05, KT-05, KN-08). */
export const PURPOSES = [
  'order.fulfilment',
  'order.billing',
  'order.status_updates',
  'customer.support',
  'account.access',
  'security.fraud_prevention',
  'service.improvement',
  'legal.obligation',
  'marketing.email',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export type RetentionRule =
  /** Kept while the customer relationship lasts, then per the preset's customer-data retention. */
  | 'customer'
  /** Kept with the order for accounting (law requires invoices); identity is shredded on erasure. */
  | 'order_accounting'
  /** Kept until the order is delivered or cancelled and the claim period (`preset.policy.claimDays`) has passed. */
  | 'order_delivery'
  /** Deleted when the session expires. */
  | 'session'
  /** A message waiting to be sent: deleted once sent. */
  | 'until_sent'
  /** Kept for the life of the shop (audit trail, staff accounts). */
  | 'permanent';

export interface ColumnDeclaration {
  /** fideslang data category: `user.*` for personal data, `system.operations` for everything else. */
  category: string;
  description: string;
  /**
   * Personal columns: every purpose they serve. A `system.operations` column may declare purposes too when the
   * policy names what its (non-personal) data is for, as visit statistics serve `service.improvement`.
   */
  purposes?: Purpose[];
  retention?: RetentionRule;
  /** Stored sealed by the vault (AES-256-GCM with the subject's data key). */
  encrypted?: boolean;
  /** A keyed blind index (HMAC) of a personal value: personal by derivation, never reversible. */
  blindIndex?: boolean;
}

export interface TableDeclaration {
  table: string;
  description: string;
  /** Whose data the table holds: the shop's customers (the default, and what the policy page covers) or its staff. */
  subjects?: 'customers' | 'staff';
  columns: Record<string, ColumnDeclaration>;
}

/** A field id is `table.column`. */
export type FieldId = `${string}.${string}`;

export function isPersonal(column: ColumnDeclaration): boolean {
  return column.category.startsWith('user.');
}

export const SYSTEM = (description: string): ColumnDeclaration => ({ category: 'system.operations', description });

export class DataMap {
  private readonly columns = new Map<FieldId, ColumnDeclaration>();
  private readonly staffTables = new Set<string>();

  constructor(readonly tables: TableDeclaration[]) {
    for (const table of tables) {
      if (table.subjects === 'staff') this.staffTables.add(table.table);
      for (const [name, column] of Object.entries(table.columns)) this.columns.set(`${table.table}.${name}`, column);
    }
  }

  /** Personal fields about customers: what the privacy policy tells them about. */
  customerFields(): { id: FieldId; column: ColumnDeclaration }[] {
    return this.personalFields().filter(({ id }) => !this.staffTables.has(id.split('.')[0]));
  }

  field(id: FieldId): ColumnDeclaration | undefined {
    return this.columns.get(id);
  }

  /** Problems that must fail the build: personal columns without purpose (HK-02) or retention. */
  problems(): string[] {
    const problems: string[] = [];
    for (const [id, column] of this.columns) {
      if (!isPersonal(column)) continue;
      if (!column.purposes?.length) problems.push(`${id}: personal column without a declared purpose`);
      if (!column.retention) problems.push(`${id}: personal column without a retention rule`);
    }
    return problems;
  }

  personalFields(): { id: FieldId; column: ColumnDeclaration }[] {
    return [...this.columns].filter(([, c]) => isPersonal(c)).map(([id, column]) => ({ id, column }));
  }

  /** Purposes actually served by personal data, for the policy page. */
  purposesInUse(): Purpose[] {
    const used = new Set<Purpose>();
    for (const { column } of this.personalFields()) for (const p of column.purposes ?? []) used.add(p);
    return PURPOSES.filter((p) => used.has(p));
  }

  /**
   * Purposes served only by data that holds nothing personal (visit statistics): the policy names them as such, so
   * that a purpose is never claimed for personal data that does not serve it. Purposes in use by personal data are
   * not repeated here.
   */
  statisticsPurposes(): Purpose[] {
    const personal = new Set(this.purposesInUse());
    const used = new Set<Purpose>();
    for (const column of this.columns.values())
      if (!isPersonal(column)) for (const p of column.purposes ?? []) if (!personal.has(p)) used.add(p);
    return PURPOSES.filter((p) => used.has(p));
  }

  /** Distinct personal data categories, for the policy page. */
  categoriesInUse(): string[] {
    return [...new Set(this.personalFields().map((f) => f.column.category))].sort();
  }
}
