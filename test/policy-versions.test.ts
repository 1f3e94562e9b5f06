import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { PolicyVersions } from '../src/modules/policy/versions.ts';
import type { Preset } from '../src/presets/types.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/** The preset as a settings change might leave it: one more declared recipient. */
function withNewRecipient(preset: Preset): Preset {
  return {
    ...preset,
    policy: {
      ...preset.policy,
      recipients: [
        ...preset.policy.recipients,
        {
          id: 'sundarban',
          name: { bn: 'সুন্দরবন কুরিয়ার', en: 'Sundarban Courier', vi: 'Sundarban Courier', fa: 'پیک ساندربان' },
          kind: 'courier',
          fields: ['orders.recipient_name', 'orders.recipient_phone', 'orders.recipient_address'],
        },
      ],
    },
  };
}

describeEachDatabase('versioned privacy policy (hatkoro)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'hatkoro', { smtpUrl: inbox.url, seed: false });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('[CM-18] [MS-11] a preset change posts a new version with what changed; the history lists both and the old one stays readable', async () => {
    const versions = shop.app.policyVersions;
    const first = versions.current;
    expect(first.number).toBe(1);
    expect(first.changes).toEqual([{ kind: 'first' }]);
    // The same preset again (a restart): nothing new.
    expect((await versions.recordIfChanged(shop.app.preset)).id).toBe(first.id);
    expect(await versions.history()).toHaveLength(1);

    const before = Date.now();
    const second = await versions.recordIfChanged(withNewRecipient(shop.app.preset));
    expect(second.number).toBe(2);
    expect(Date.parse(second.effectiveAt)).toBeGreaterThanOrEqual(before - 5);
    expect(second.changes).toContainEqual(expect.objectContaining({ kind: 'recipientAdded' }));

    const client = new FormClient(shop.server);
    // The page shows the version in force, its last-updated day and the new recipient at once.
    const current = await client.get('/en/privacy');
    expect(current.body).toContain(`<time datetime="${second.effectiveAt.slice(0, 10)}"`);
    expect(textOf(current.body)).toContain('Sundarban Courier');

    const history = await client.get('/en/privacy/history');
    expect(history.status).toBe(200);
    const historyText = textOf(history.body);
    expect(historyText).toContain('Version 2 (in force now)');
    expect(historyText).toContain('New recipient of data: Sundarban Courier');
    expect(historyText).toContain('Version 1');
    expect(historyText).toContain('First published version');
    // Versions are addressed by random ids, never by their number.
    expect(history.body).toContain(`href="/en/privacy/history/${first.id}"`);
    expect(first.id).toMatch(/^[0-9a-f]{24}$/);

    const old = await client.get(`/en/privacy/history/${first.id}`);
    expect(old.status).toBe(200);
    const oldText = textOf(old.body);
    expect(oldText).toContain('This is version 1 of the policy, no longer in force');
    expect(oldText).not.toContain('Sundarban Courier');
    expect(old.body).toContain('name="robots" content="noindex"');

    const bengali = textOf((await client.get('/bn/privacy/history')).body);
    expect(bengali).toContain('সংস্করণ ২');
    expect((await client.get('/en/privacy/history/0123456789abcdef01234567')).status).toBe(404);
    expect((await client.get('/en/privacy/history/1')).status).toBe(404);
  });

  it('[CM-18] a signed-in customer is told of a change once', async () => {
    const client = new FormClient(shop.server);
    await client.get('/en/account/register');
    const email = `policy-${dialect}@example.com`;
    await client.post('/en/account/register', {
      name: 'Rahima Khatun',
      username: `rahima${dialect}`,
      email,
      phone: dialect === 'sqlite' ? '01711000901' : '01711000902',
      address: 'House 3, Road 7, Dhanmondi, Dhaka',
      password: 'mango season in rajshahi',
    });
    const link = new URL(linkIn(await inbox.waitFor(email, /confirm/i), '/account/confirm/')).pathname;
    await client.get(link);
    await client.post(link, {});
    // Told now about the version in force, then not again.
    const first = await client.get('/en/account');
    expect(textOf(first.body)).toContain('Our privacy policy has changed');
    expect(first.body).toContain('href="/en/privacy/history"');
    expect(textOf((await client.get('/en/account')).body)).not.toContain('Our privacy policy has changed');

    const changed = withNewRecipient(shop.app.preset);
    const third = await shop.app.policyVersions.recordIfChanged({
      ...changed,
      policy: { ...changed.policy, customerDataRetention: 365 },
    });
    expect(third.changes).toEqual([{ kind: 'retentionChanged' }]);
    const told = await client.get('/en/');
    expect(textOf(told.body)).toContain('Our privacy policy has changed');
    expect(textOf((await client.get('/en/')).body)).not.toContain('Our privacy policy has changed');
    // Visitors are never told: they read the page itself.
    const visitor = new FormClient(shop.server);
    expect(textOf((await visitor.get('/en/')).body)).not.toContain('Our privacy policy has changed');
  });

  it('[CM-18] a version posted by another instance is in force here within the refresh interval', async () => {
    const here = new PolicyVersions(shop.app.db, DATA_MAP);
    const base = withNewRecipient(shop.app.preset);
    await here.recordIfChanged({ ...base, policy: { ...base.policy, customerDataRetention: 365 } });
    const there = new PolicyVersions(shop.app.db, DATA_MAP);
    const posted = await there.recordIfChanged({ ...base, policy: { ...base.policy, customerDataRetention: 730 } });
    expect(here.current.number).toBe(posted.number - 1);
    here.startRefreshing(20);
    try {
      await expect.poll(() => here.current.number, { timeout: 2000 }).toBe(posted.number);
    } finally {
      here.stopRefreshing();
    }
  });
});
