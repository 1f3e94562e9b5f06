/**
 * The offline methods (HK-07) as adapters: no redirect, nothing sent anywhere, no verify step. Confirmation is a
 * person's act — staff record the money (OrderService.recordPayment), or the courier collects it on delivery —
 * as in WooCommerce's cod / bacs / cheque gateways (gateways.md §4; a money order is a renamed cheque there).
 */
import type { OfflineMethod as OfflineCode } from '../../presets/types.ts';
import type { Currency, InitiateInput, InitiateResult, OfflineAdapter } from './adapter.ts';

const ALL_CURRENCIES: readonly Currency[] = ['BDT', 'VND', 'IRR'];

class OfflineMethod implements OfflineAdapter {
  readonly kind = 'offline';
  readonly currencies = ALL_CURRENCIES;

  constructor(
    readonly id: OfflineCode,
    readonly collectsOnDelivery: boolean,
  ) {}

  /** The attempt is its own reference: there is no gateway to give one. */
  async initiate(input: InitiateInput): Promise<InitiateResult> {
    return { gatewayRef: input.attemptId, redirectUrl: null, expiresAt: null };
  }
}

/** One per offline method code the presets know; the type makes a new code fail to compile until it is added. */
export const OFFLINE_METHODS: Record<OfflineCode, OfflineAdapter> = {
  cod: new OfflineMethod('cod', true),
  bank_transfer: new OfflineMethod('bank_transfer', false),
  money_order: new OfflineMethod('money_order', false),
  cheque: new OfflineMethod('cheque', false),
};
