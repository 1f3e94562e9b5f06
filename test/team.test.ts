import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../src/i18n/translate.ts';
import { verifyAuditChain } from '../src/privacy/audit.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'the owner keeps the keys';
const PACKER_PASSWORD = 'boxes tape and string';

async function signIn(shop: TestShop, username: string, password: string): Promise<FormClient> {
  const client = new FormClient(shop.server);
  await client.get('/en/staff/login');
  expect((await client.post('/en/staff/login', { username, password })).status).toBe(200);
  return client;
}

describeEachDatabase('staff invitations, roles and deactivation (chotomoni)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let ownerId: string;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', { smtpUrl: inbox.url });
    ownerId = (
      await shop.app.staff.create({ username: 'rina', displayName: 'Rina', role: 'owner', password: PASSWORD })
    ).id;
    await shop.app.staff.create({ username: 'mgr', displayName: 'Karim', role: 'manager', password: PASSWORD });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('only the owner manages staff: a manager gets 403, a visitor the sign-in; the permission table is on the page', async () => {
    const manager = await signIn(shop, 'mgr', PASSWORD);
    expect((await manager.get('/en/staff/team')).status).toBe(403);
    expect(
      (
        await manager.post(
          '/en/staff/team/invite',
          { name: 'X', email: 'x@example.com', role: 'owner' },
          { follow: false },
        )
      ).status,
    ).toBe(403);
    expect((await new FormClient(shop.server).get('/en/staff/team')).location).toBe('/en/staff/login');
    const owner = await signIn(shop, 'rina', PASSWORD);
    const page = await owner.get('/en/staff/team');
    expect(page.status).toBe(200);
    const table = textOf(/<table class="permissions">[\s\S]*?<\/table>/.exec(page.body)![0]);
    expect(table).toMatch(/Change the shop's settings Yes Yes No No No/);
    expect(table).toMatch(/Invite staff, give roles, deactivate accounts Yes No No No No/);
    expect(table).toMatch(/See a customer's phone and e-mail Yes Yes Yes No No/);
  });

  it('an invalid invitation is refused next to its fields and keeps what was typed', async () => {
    const owner = await signIn(shop, 'rina', PASSWORD);
    await owner.get('/en/staff/team');
    const page = await owner.post('/en/staff/team/invite', { name: 'Shila', email: 'not-an-address', role: 'boss' });
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-email-error"[^>]*>Enter a valid e-mail address\./);
    expect(page.body).toMatch(/id="f-role-error"/);
    expect(page.body).toContain('value="Shila"');
    expect(await shop.app.db.selectFrom('staff_invitations').selectAll().execute()).toHaveLength(0);
  });

  it('[HK-08] a packer invited by e-mail sets their password through the single-use link, cannot see the settings (403) while the owner can, and stops at once when deactivated', async () => {
    const owner = await signIn(shop, 'rina', PASSWORD);
    await owner.get('/bn/staff/team');
    const sent = await owner.post('/bn/staff/team/invite', {
      name: 'Shila Das',
      email: 'shila@example.com',
      role: 'packer',
    });
    expect(sent.status).toBe(200);
    expect(textOf(sent.body)).toContain('আমন্ত্রণ পাঠানো হয়েছে।');
    expect(textOf(sent.body)).toContain('Shila Das, প্যাকার হিসেবে');
    // The address is nowhere in the database in the clear: only in the sealed outbox row, until it is sent.
    const rows = JSON.stringify(await shop.app.db.selectFrom('staff_invitations').selectAll().execute());
    expect(rows).not.toContain('shila@example.com');

    const mail = await inbox.waitFor('shila@example.com', /Chotomoni|ছোটমণি|কর্মী/);
    expect(mail.text).toContain('প্যাকার');
    const link = new URL(linkIn(mail, '/staff/invitation/')).pathname;
    expect(link).toMatch(/^\/bn\/staff\/invitation\/[A-Za-z0-9_-]{32}$/);

    const invitee = new FormClient(shop.server);
    const form = await invitee.get(link);
    expect(form.status).toBe(200);
    expect(textOf(form.body)).toContain('Shila Das');
    const weak = await invitee.post(link, { username: 'shila', password: 'short', password_confirm: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body).toMatch(/id="f-password-error"/);
    expect(weak.body).toContain('value="shila"');
    const taken = await invitee.post(link, {
      username: 'rina',
      password: PACKER_PASSWORD,
      password_confirm: PACKER_PASSWORD,
    });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatch(/id="f-username-error"/);
    const joined = await invitee.post(link, {
      username: 'shila',
      password: PACKER_PASSWORD,
      password_confirm: PACKER_PASSWORD,
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toContain('lang="bn-BD"');
    const packer = await shop.app.staff.byUsername('shila');
    expect(packer?.role).toBe('packer');
    expect(packer?.displayName).toBe('Shila Das');

    // Single use: the link is spent.
    const again = new FormClient(shop.server);
    expect((await again.get(link)).status).toBe(404);
    expect(
      (await again.post(link, { username: 'shila2', password: PACKER_PASSWORD, password_confirm: PACKER_PASSWORD }))
        .status,
    ).toBe(404);
    expect(await shop.app.staff.byUsername('shila2')).toBeNull();

    // The packer is signed in: orders yes, settings no (403, told it is their role); the owner sees the settings.
    const packerHome = await invitee.get('/en/staff');
    expect(packerHome.status).toBe(200);
    expect(packerHome.body).not.toContain('href="/en/staff/settings"');
    expect(packerHome.body).not.toContain('href="/en/staff/team"');
    const refused = await invitee.get('/en/staff/settings');
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain(translate('en', 'error.roleForbiddenBody'));
    expect(textOf(refused.body)).not.toContain(translate('en', 'error.forbiddenBody'));
    expect((await invitee.get('/en/staff/team')).status).toBe(403);
    expect((await owner.get('/en/staff/settings')).status).toBe(200);
    // The owner reaches both from the staff menu.
    const menu = /<nav class="site-nav"[^>]*>(.*?)<\/nav>/s.exec((await owner.get('/en/staff')).body)![1];
    expect(menu).toContain('href="/en/staff/team"');
    expect(menu).toContain('href="/en/staff/settings"');

    // Deactivated: the packer's very next request is signed out, and signing in again fails.
    const list = await owner.get('/en/staff/team');
    expect(list.body).toContain(`/en/staff/team/${packer!.id}/deactivate`);
    const off = await owner.post(`/en/staff/team/${packer!.id}/deactivate`, {});
    expect(textOf(off.body)).toContain('The account is deactivated and its sessions have ended.');
    const after = await invitee.get('/en/staff');
    expect(after.status).toBe(303);
    expect(after.location).toBe('/en/staff/login');
    const retry = new FormClient(shop.server);
    await retry.get('/en/staff/login');
    expect((await retry.post('/en/staff/login', { username: 'shila', password: PACKER_PASSWORD })).status).toBe(401);
    expect(
      await shop.app.db.selectFrom('sessions').select('id').where('staff_id', '=', packer!.id).execute(),
    ).toHaveLength(0);

    // The owner reads it all in the audit log, in words, with the chain intact.
    const audit = textOf((await owner.get('/en/staff/audit')).body);
    expect(audit).toContain('invited a staff member as Packer');
    expect(audit).toContain('joined the staff as Packer');
    expect(audit).toContain('deactivated a staff account');
    expect(await verifyAuditChain(shop.app.db)).toBeNull();
  });

  it('an owner cannot deactivate themselves nor leave the shop without an active owner; a withdrawn or expired link does not work', async () => {
    const owner = await signIn(shop, 'rina', PASSWORD);
    await owner.get('/en/staff/team');
    const self = await owner.post(`/en/staff/team/${ownerId}/deactivate`, {});
    expect(self.status).toBe(409);
    expect(textOf(self.body)).toContain('You cannot change your own account here.');
    expect(await shop.app.staff.byId(ownerId)).not.toBeNull();

    const { id } = await shop.app.team.invite({
      byStaffId: ownerId,
      email: 'tanvir@example.com',
      displayName: 'Tanvir',
      role: 'support',
      locale: 'en',
    });
    const mail = await inbox.waitFor('tanvir@example.com');
    const link = new URL(linkIn(mail, '/staff/invitation/')).pathname;
    await owner.get('/en/staff/team');
    const revoked = await owner.post(`/en/staff/team/invitations/${id}/revoke`, {});
    expect(textOf(revoked.body)).toContain('its link no longer works');
    expect((await new FormClient(shop.server).get(link)).status).toBe(404);

    await shop.app.team.invite({
      byStaffId: ownerId,
      email: 'late@example.com',
      displayName: 'Late',
      role: 'packer',
      locale: 'en',
    });
    const late = new URL(linkIn(await inbox.waitFor('late@example.com'), '/staff/invitation/')).pathname;
    await shop.app.db
      .updateTable('staff_invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('display_name', '=', 'Late')
      .execute();
    const expired = await new FormClient(shop.server).get(late);
    expect(expired.status).toBe(404);
    expect(textOf(expired.body)).toContain('has been used, withdrawn or has expired');
  });
});
