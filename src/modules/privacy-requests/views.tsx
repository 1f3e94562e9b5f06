import { formatDateTime, formatIsoDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { Urgency } from './deadlines.ts';
import {
  REQUEST_KINDS,
  type RequestKind,
  type RequestSummary,
  type RequestView,
  STAFF_VERIFICATIONS,
  type TrailEntry,
} from './service.ts';

type Errors = Record<string, MessageKey>;
type Values = Record<string, string>;

function Notice({ ctx, notice, error }: { ctx: PageContext; notice?: MessageKey; error?: MessageKey }) {
  return (
    <>
      {notice ? <p class="notice success">{ctx.t(notice)}</p> : null}
      {error ? (
        <p class="error" role="alert">
          {ctx.t(error)}
        </p>
      ) : null}
    </>
  );
}

function Day({ ctx, day }: { ctx: PageContext; day: string }) {
  return <time dateTime={day}>{formatIsoDay(day, ctx.locale)}</time>;
}

function When({ ctx, iso }: { ctx: PageContext; iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso, ctx.locale, ctx.preset.timezone, 'medium')}</time>;
}

/** An open request's standing, in words (not only colour): overdue requests and those at their alert day stand out. */
function UrgencyLabel({ ctx, urgency }: { ctx: PageContext; urgency: Urgency | null }) {
  if (!urgency) return null;
  if (urgency === 'on_time') return <span class="urgency on-time">{ctx.t('dsr.urgency.on_time')}</span>;
  return (
    <strong class={urgency === 'overdue' ? 'urgency overdue error' : 'urgency alert'}>
      {ctx.t(`dsr.urgency.${urgency}`)}
    </strong>
  );
}

function KindSelect({ ctx, value, error }: { ctx: PageContext; value?: string; error?: MessageKey }) {
  const { t } = ctx;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id="f-kind">
      <legend>{t('dsr.field.kind')}</legend>
      {error ? (
        <p class="error" id="f-kind-error">
          {t(error)}
        </p>
      ) : null}
      {REQUEST_KINDS.map((k) => (
        <div class="checkbox" key={k}>
          <input type="radio" id={`f-kind-${k}`} name="kind" value={k} checked={value === k} />
          <label for={`f-kind-${k}`}>{t(`dsr.kind.${k}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function Trail({ ctx, trail, staff }: { ctx: PageContext; trail: TrailEntry[]; staff: boolean }) {
  const { t } = ctx;
  const by = (actor: string): MessageKey =>
    actor.startsWith('staff:') ? 'dsr.by.staff' : actor.startsWith('system:') ? 'dsr.by.system' : 'dsr.by.requester';
  return (
    <ol class="trail">
      {trail.map((e) => (
        <li key={`${e.at}${e.action}`} class={`trail-${e.action}`}>
          <When ctx={ctx} iso={e.at} /> — <strong>{t(`dsr.action.${e.action}` as MessageKey)}</strong> ({t(by(e.actor))}
          {staff && !e.public ? `, ${t('dsr.staff.internal')}` : ''})
          {e.message && e.action !== 'verified' ? (
            <p class="message" dir="auto">
              {e.message}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function RequestTable({ ctx, list, href }: { ctx: PageContext; list: RequestSummary[]; href: (id: string) => string }) {
  const { t } = ctx;
  return (
    <table class="requests">
      <thead>
        <tr>
          <th scope="col">{t('dsr.ref')}</th>
          <th scope="col">{t('dsr.kindLabel')}</th>
          <th scope="col">{t('dsr.statusLabel')}</th>
          <th scope="col">{t('dsr.receivedAt')}</th>
          <th scope="col">{t('dsr.dueOn')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.id} class={r.urgency ? `request ${r.urgency}` : 'request'} data-ref={r.ref}>
            <td>
              <a href={href(r.id)}>
                <Ltr>{r.ref}</Ltr>
              </a>
            </td>
            <td>{t(`dsr.kind.${r.kind}`)}</td>
            <td>
              {t(`dsr.status.${r.status}`)} <UrgencyLabel ctx={ctx} urgency={r.urgency} />
            </td>
            <td>
              <When ctx={ctx} iso={r.receivedAt} />
            </td>
            <td>
              <Day ctx={ctx} day={r.dueOn} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The customer's start: make a request (signed in, or having proved an address), and the requests made so far. */
export function RequestsPage(props: {
  ctx: PageContext;
  mode: 'account' | 'proved';
  mine: RequestSummary[];
  values?: Values;
  errors?: Errors;
  notice?: MessageKey;
}) {
  const { ctx, values = {}, errors = {} } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.title')} noindex>
      <h1>{t('dsr.title')}</h1>
      <p>{t('dsr.intro')}</p>
      <Notice ctx={ctx} notice={props.notice} />
      {props.mode === 'proved' ? <p class="notice">{t('dsr.proved')}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/${locale}/privacy/requests`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <KindSelect ctx={ctx} value={values.kind} error={errors.kind} />
        <Field
          ctx={ctx}
          name="details"
          label="dsr.field.details"
          value={values.details}
          error={errors.details}
          multiline
        />
        <button>{t('dsr.submit')}</button>
      </form>
      <h2>{t('dsr.mine')}</h2>
      {props.mine.length === 0 ? (
        <p>{t('dsr.none')}</p>
      ) : (
        <RequestTable ctx={ctx} list={props.mine} href={(id) => `/${locale}/privacy/requests/${id}`} />
      )}
    </Layout>
  );
}

/** A guest first proves an e-mail or phone with a code sent to it. */
export function ProvePage(props: { ctx: PageContext; contact?: string; error?: MessageKey }) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.title')} noindex>
      <h1>{t('dsr.title')}</h1>
      <p>{t('dsr.intro')}</p>
      <h2>{t('dsr.guest.title')}</h2>
      <p>{t('dsr.guest.intro')}</p>
      <ErrorSummary ctx={ctx} errors={props.error ? { contact: props.error } : {}} />
      <form method="post" action={`/${locale}/privacy/requests/prove`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="contact"
          label="dsr.guest.contact"
          value={props.contact}
          error={props.error}
          required
          dir="ltr"
          autocomplete="email"
        />
        <button>{t('dsr.guest.send')}</button>
      </form>
      <p>
        <a href={`/${locale}/account/signin`}>{t('dsr.guest.signIn')}</a>
      </p>
    </Layout>
  );
}

/** The same page whether or not the address led anywhere: nothing to learn from it. */
export function CodePage(props: { ctx: PageContext; error?: MessageKey }) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.code.title')} noindex>
      <h1>{t('dsr.code.title')}</h1>
      <p>{t('dsr.code.intro')}</p>
      <ErrorSummary ctx={ctx} errors={props.error ? { code: props.error } : {}} />
      <form method="post" action={`/${locale}/privacy/requests/code`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="code"
          label="dsr.code.field"
          error={props.error}
          required
          dir="ltr"
          inputmode="numeric"
          autocomplete="one-time-code"
        />
        <button>{t('dsr.code.submit')}</button>
      </form>
      <p>
        <a href={`/${locale}/privacy/requests`}>{t('dsr.code.again')}</a>
      </p>
    </Layout>
  );
}

function RequestFacts({ ctx, request }: { ctx: PageContext; request: RequestView }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t('dsr.ref')}</dt>
      <dd>
        <Ltr>{request.ref}</Ltr>
      </dd>
      <dt>{t('dsr.kindLabel')}</dt>
      <dd>{t(`dsr.kind.${request.kind}`)}</dd>
      <dt>{t('dsr.statusLabel')}</dt>
      <dd class="status">
        {t(`dsr.status.${request.status}`)} <UrgencyLabel ctx={ctx} urgency={request.urgency} />
      </dd>
      <dt>{t('dsr.receivedAt')}</dt>
      <dd>
        <When ctx={ctx} iso={request.receivedAt} />
      </dd>
      <dt>{t('dsr.ackDueOn')}</dt>
      <dd class="ack-due">
        <Day ctx={ctx} day={request.ackDueOn} />
      </dd>
      <dt>{t('dsr.dueOn')}</dt>
      <dd class="due">
        <Day ctx={ctx} day={request.dueOn} />
      </dd>
      {request.details ? (
        <>
          <dt>{t('dsr.details')}</dt>
          <dd dir="auto">{request.details}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The requester's view of one request: where it stands and the answers given. */
export function OwnRequestPage({
  ctx,
  request,
  notice,
}: {
  ctx: PageContext;
  request: RequestView;
  notice?: MessageKey;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.requestTitle', { ref: request.ref })} noindex>
      <h1>{t('dsr.requestTitle', { ref: request.ref })}</h1>
      <Notice ctx={ctx} notice={notice} />
      <RequestFacts ctx={ctx} request={request} />
      <h2>{t('dsr.trail')}</h2>
      <Trail ctx={ctx} trail={request.trail} staff={false} />
      <p>
        <a href={`/${locale}/privacy/requests`}>{t('dsr.title')}</a>
      </p>
    </Layout>
  );
}

/** Opening the e-mailed link shows a button; only pressing it downloads (and uses) the link. */
export function ExportLinkPage({ ctx, action }: { ctx: PageContext; action: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.export.linkTitle')} noindex>
      <h1>{t('dsr.export.linkTitle')}</h1>
      <p>{t('dsr.export.linkIntro')}</p>
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <button>{t('dsr.export.download')}</button>
      </form>
    </Layout>
  );
}

export function ExportLinkProblemPage({ ctx, reason }: { ctx: PageContext; reason: 'invalid' | 'used' | 'expired' }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.export.linkTitle')} noindex>
      <h1>{t('dsr.export.linkTitle')}</h1>
      <p class="error">{t(`dsr.link.${reason}`)}</p>
      <p>
        <a href={`/${locale}/privacy/requests`}>{t('dsr.title')}</a>
      </p>
    </Layout>
  );
}

/** Staff: the queue by due day, overdue and alerting requests marked in words; recently closed ones below. */
export function StaffQueuePage(props: { ctx: PageContext; queue: RequestSummary[]; closed: RequestSummary[] }) {
  const { ctx, queue } = props;
  const { t, locale } = ctx;
  const overdue = queue.filter((r) => r.urgency === 'overdue').length;
  return (
    <Layout ctx={ctx} title={t('dsr.staff.title')} noindex>
      <h1>{t('dsr.staff.title')}</h1>
      <p>
        <a href={`/${locale}/staff/requests/new`}>{t('dsr.staff.new')}</a>
        {t('common.separator')}
        <a href={`/${locale}/staff/retention`}>{t('retention.nav')}</a>
      </p>
      <p class={overdue > 0 ? 'error summary' : 'summary'}>{t('dsr.staff.summary', { open: queue.length, overdue })}</p>
      <h2>{t('dsr.staff.queue')}</h2>
      {queue.length === 0 ? (
        <p>{t('dsr.staff.empty')}</p>
      ) : (
        <RequestTable ctx={ctx} list={queue} href={(id) => `/${locale}/staff/requests/${id}`} />
      )}
      <h2>{t('dsr.staff.closed')}</h2>
      {props.closed.length === 0 ? (
        <p>{t('dsr.none')}</p>
      ) : (
        <RequestTable ctx={ctx} list={props.closed} href={(id) => `/${locale}/staff/requests/${id}`} />
      )}
    </Layout>
  );
}

function VerificationSelect({ ctx, value, withNone }: { ctx: PageContext; value?: string; withNone: boolean }) {
  const { t } = ctx;
  return (
    <div class="field">
      <label for="f-verification">{t('dsr.staff.verification')}</label>
      <select id="f-verification" name="verification">
        {withNone ? (
          <option value="" selected={!value}>
            {t('dsr.verify.none')}
          </option>
        ) : null}
        {STAFF_VERIFICATIONS.map((m) => (
          <option key={m} value={m} selected={value === m}>
            {t(`dsr.verify.${m}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Staff log a request that arrived by e-mail or on the hotline (CM-16, KT-11). */
export function StaffNewRequestPage({ ctx, values, errors }: { ctx: PageContext; values: Values; errors: Errors }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('dsr.staff.new')} noindex>
      <h1>{t('dsr.staff.new')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/${locale}/staff/requests/new`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <KindSelect ctx={ctx} value={values.kind} error={errors.kind} />
        <div class="field">
          <label for="f-channel">{t('dsr.staff.channel')}</label>
          <select id="f-channel" name="channel">
            {(['email', 'phone'] as const).map((c) => (
              <option key={c} value={c} selected={values.channel === c}>
                {t(`dsr.channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          ctx={ctx}
          name="contact"
          label="dsr.staff.contact"
          value={values.contact}
          error={errors.contact}
          required
          dir="ltr"
        />
        <Field
          ctx={ctx}
          name="received"
          label="dsr.staff.receivedOn"
          value={values.received}
          error={errors.received}
          dir="ltr"
        />
        <Field
          ctx={ctx}
          name="details"
          label="dsr.field.details"
          value={values.details}
          error={errors.details}
          multiline
        />
        <VerificationSelect ctx={ctx} value={values.verification} withNone />
        <button>{t('dsr.staff.create')}</button>
      </form>
    </Layout>
  );
}

function ActionForm(props: {
  ctx: PageContext;
  id: string;
  action: string;
  label: MessageKey;
  children?: preact.ComponentChildren;
}) {
  const { ctx } = props;
  return (
    <form method="post" action={`/${ctx.locale}/staff/requests/${props.id}/${props.action}`} class="narrow action">
      <CsrfField ctx={ctx} />
      {props.children}
      <button>{ctx.t(props.label)}</button>
    </form>
  );
}

/** Staff: one request, its trail, and what can be done next. */
export function StaffRequestPage(props: {
  ctx: PageContext;
  request: RequestView;
  notice?: MessageKey;
  error?: MessageKey;
  values?: Values;
}) {
  const { ctx, request: r, values = {} } = props;
  const { t, locale } = ctx;
  const open = r.status === 'received' || r.status === 'acknowledged';
  const kind: RequestKind = r.kind;
  return (
    <Layout ctx={ctx} title={t('dsr.requestTitle', { ref: r.ref })} noindex>
      <h1>{t('dsr.requestTitle', { ref: r.ref })}</h1>
      <Notice ctx={ctx} notice={props.notice} error={props.error} />
      <RequestFacts ctx={ctx} request={r} />
      <dl class="facts">
        <dt>{t('dsr.staff.channel')}</dt>
        <dd>{t(`dsr.channel.${r.channel}`)}</dd>
        {r.contact ? (
          <>
            <dt>{t('dsr.staff.contact')}</dt>
            <dd>
              <Ltr>{r.contact}</Ltr>
            </dd>
          </>
        ) : null}
        <dt>{t('dsr.staff.verification')}</dt>
        <dd class="verification">
          {r.verified ? t('dsr.staff.verified') : t('dsr.staff.notVerified')}
          {r.verificationMethod
            ? ` — ${t(`dsr.verify.${r.verificationMethod.replace(/^staff:/, '')}` as MessageKey)}`
            : ''}
          {t('common.separator')}
          {t('dsr.staff.subjects', { count: r.subjectIds.length })}
        </dd>
      </dl>
      {open ? (
        <section class="actions">
          {!r.verified ? (
            <ActionForm ctx={ctx} id={r.id} action="verify" label="dsr.staff.verify">
              <VerificationSelect ctx={ctx} withNone={false} />
            </ActionForm>
          ) : null}
          {r.status === 'received' ? (
            <ActionForm ctx={ctx} id={r.id} action="acknowledge" label="dsr.staff.acknowledge" />
          ) : null}
          {kind === 'access' && r.verified ? (
            <ActionForm ctx={ctx} id={r.id} action="export" label="dsr.staff.sendExport" />
          ) : null}
          {kind === 'erasure' && r.verified ? (
            <ActionForm ctx={ctx} id={r.id} action="erase" label="dsr.staff.erase" />
          ) : null}
          {kind === 'marketing_opt_out' && r.verified ? (
            <ActionForm ctx={ctx} id={r.id} action="opt-out" label="dsr.staff.optOut" />
          ) : null}
          {kind === 'rectification' && r.verified ? (
            <ActionForm ctx={ctx} id={r.id} action="rectify" label="dsr.staff.rectify">
              <p class="hint">{t('dsr.staff.rectifyHint')}</p>
              <Field ctx={ctx} name="name" label="checkout.name" value={values.name} />
              <Field ctx={ctx} name="address" label="checkout.address" value={values.address} multiline />
            </ActionForm>
          ) : null}
          <ActionForm ctx={ctx} id={r.id} action="answer" label="dsr.staff.sendAnswer">
            <Field ctx={ctx} name="message" label="dsr.staff.message" value={values.message} multiline />
            <div class="checkbox">
              <input type="checkbox" id="f-internal" name="internal" value="yes" />
              <label for="f-internal">{t('dsr.staff.internalOnly')}</label>
            </div>
          </ActionForm>
          <ActionForm ctx={ctx} id={r.id} action="complete" label="dsr.staff.complete">
            <Field ctx={ctx} name="message" label="dsr.staff.closingMessage" multiline />
          </ActionForm>
          <ActionForm ctx={ctx} id={r.id} action="reject" label="dsr.staff.reject">
            <Field ctx={ctx} name="message" label="dsr.staff.closingMessage" multiline />
          </ActionForm>
        </section>
      ) : null}
      <h2>{t('dsr.trail')}</h2>
      <Trail ctx={ctx} trail={r.trail} staff={true} />
      <p>
        <a href={`/${locale}/staff/requests`}>{t('dsr.staff.title')}</a>
      </p>
    </Layout>
  );
}
