import type { PageContext } from '../../server/context.ts';
import { EffectiveDate } from './views.tsx';

/** Told once to a signed-in customer: the policy changed, and where to see what changed (CM-18). */
export function PolicyChangeNotice({ ctx, at }: { ctx: PageContext; at: string }) {
  const { t, locale } = ctx;
  return (
    <p class="notice policy-change" role="status">
      {t('policyHistory.notice')} <EffectiveDate ctx={ctx} iso={at} />.{' '}
      <a href={`/${locale}/privacy/history`}>{t('policyHistory.noticeLink')}</a>
    </p>
  );
}
