import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Preset } from '../../presets/types.ts';
import { activeVariantIds } from '../catalog/variant-queries.ts';
import { type Period, thisMonth, today } from './periods.ts';

/** A product is low on stock at this many units or fewer (thousandths of the unit in the database). */
export const LOW_STOCK_UNITS = 5;
/** Orders that bring no money in: they count as orders placed, not as revenue. */
const NO_REVENUE = ['cancelled', 'refunded'];

export interface PeriodFigures {
  orders: number;
  /** In minor units of the shop's currency. */
  revenueMinor: number;
}

export interface LowStockProduct {
  sku: string;
  name: string;
  stockMilli: number;
  unit: string;
}

export interface DashboardFigures {
  today: PeriodFigures;
  month: PeriodFigures;
  awaitingPayment: number;
  awaitingDetails: number;
  lowStock: LowStockProduct[];
}

/**
 * The owner's figures. A read-only report across the orders and the catalogue: it reads their tables (aggregates
 * only, never a personal column) rather than adding a reporting query to each module's service.
 */
export class DashboardFigureService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly preset: Preset,
    /** The number of overdue privacy requests (`PrivacyRequestService.overdueCount`); null shows no such figure. */
    readonly overduePrivacyRequests: () => Promise<number | null> = async () => null,
  ) {}

  async figures(locale: Locale, now = new Date()): Promise<DashboardFigures> {
    const tz = this.preset.timezone;
    const [day, month, waiting, lowProducts, lowVariants] = await Promise.all([
      this.period(today(tz, now)),
      this.period(thisMonth(tz, locale, now)),
      this.db
        .selectFrom('orders')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['awaiting_payment', 'awaiting_details'])
        .groupBy('status')
        .execute(),
      this.db
        .selectFrom('products as p')
        .innerJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', locale))
        .select(['p.sku', 't.name', 'p.stock_milli', 'p.unit'])
        .where('p.status', '=', 'active')
        .where('p.stock_milli', '<=', LOW_STOCK_UNITS * 1000)
        // A product with options has its stock in its variants (the next query).
        .where((eb) => eb.not(eb.exists(activeVariantIds(this.db, eb.ref('p.id')))))
        .orderBy('p.stock_milli')
        .orderBy('p.sku')
        .limit(20)
        .execute(),
      this.db
        .selectFrom('product_variants as v')
        .innerJoin('products as p', 'p.id', 'v.product_id')
        .innerJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', locale))
        .select(['v.sku', 't.name', 'v.stock_milli', 'p.unit'])
        .where('p.status', '=', 'active')
        .where('v.status', '=', 'active')
        .where('v.stock_milli', '<=', LOW_STOCK_UNITS * 1000)
        .orderBy('v.stock_milli')
        .orderBy('v.sku')
        .limit(20)
        .execute(),
    ]);
    const lowStock = [...lowProducts, ...lowVariants]
      .sort((a, b) => Number(a.stock_milli) - Number(b.stock_milli) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .slice(0, 20);
    const count = (status: string) => Number(waiting.find((w) => w.status === status)?.n ?? 0);
    return {
      today: day,
      month,
      awaitingPayment: count('awaiting_payment'),
      awaitingDetails: count('awaiting_details'),
      lowStock: lowStock.map((p) => ({ sku: p.sku, name: p.name, stockMilli: Number(p.stock_milli), unit: p.unit })),
    };
  }

  private async period(period: Period): Promise<PeriodFigures> {
    const row = await this.db
      .selectFrom('orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('orders'),
        eb.fn
          .sum<number>(eb.case().when('status', 'not in', NO_REVENUE).then(eb.ref('total_minor')).else(0).end())
          .as('revenue'),
      ])
      .where('created_at', '>=', period.from)
      .where('created_at', '<', period.to)
      .where('currency', '=', this.preset.currency)
      .executeTakeFirstOrThrow();
    return { orders: Number(row.orders), revenueMinor: Number(row.revenue ?? 0) };
  }
}
