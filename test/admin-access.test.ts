import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PERMISSIONS, type Permission, STAFF_ROLES, type StaffRole } from '../src/modules/staff/permissions.ts';
import { FormClient } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/**
 * The settings, staff administration and dashboard routes against every role: each names its permission, a role
 * without it gets 403 and changes nothing, a visitor is sent to the staff sign-in. The table is checked against the
 * routes the source files declare, so a new route cannot slip past.
 */
const PASSWORD = 'who may do what here';

function declaredRoutes(...files: string[]): string[] {
  return files.flatMap((file) => {
    const source = readFileSync(new URL(`../src/modules/${file}`, import.meta.url), 'utf8');
    const plain = [...source.matchAll(/server\.(get|post)\('([^']+)'/g)].map((m) => `${m[1].toUpperCase()} ${m[2]}`);
    const member = [...source.matchAll(/memberAction\(\s*'([a-z]+)'/g)].map(
      (m) => `POST /:locale/staff/team/:id/${m[1]}`,
    );
    return [...plain, ...member];
  });
}

describeEachDatabase('access to settings, staff and dashboard by role (mistri)', (dialect) => {
  interface Route {
    method: 'GET' | 'POST';
    path: string;
    needs: Permission;
    ok: number;
    form?: () => Record<string, string>;
    /** What a permitted request changes; a refused one must leave it as it was. */
    effect?: () => Promise<unknown>;
  }
  let shop: TestShop;
  let targetId: string;
  let invitationId: string;
  const clients = new Map<StaffRole, FormClient>();
  const staffRows = () =>
    shop.app.db.selectFrom('staff_users').select(['id', 'role', 'disabled']).orderBy('id').execute();
  const routes: Route[] = [
    { method: 'GET', path: '/:locale/staff/settings', needs: 'settings.manage', ok: 200 },
    {
      method: 'POST',
      path: '/:locale/staff/settings',
      needs: 'settings.manage',
      ok: 422,
      form: () => ({ area_0_fee: 'x' }),
      effect: () => shop.app.settings.history(),
    },
    { method: 'GET', path: '/:locale/staff/team', needs: 'staff.manage', ok: 200 },
    {
      method: 'POST',
      path: '/:locale/staff/team/invite',
      needs: 'staff.manage',
      ok: 303,
      form: () => ({ name: 'New One', email: 'new@example.com', role: 'packer' }),
      effect: () => shop.app.db.selectFrom('staff_invitations').select('id').execute(),
    },
    {
      method: 'POST',
      path: '/:locale/staff/team/:id/role',
      needs: 'staff.manage',
      ok: 303,
      form: () => ({ role: 'support' }),
      effect: staffRows,
    },
    { method: 'POST', path: '/:locale/staff/team/:id/deactivate', needs: 'staff.manage', ok: 303, effect: staffRows },
    { method: 'POST', path: '/:locale/staff/team/:id/reactivate', needs: 'staff.manage', ok: 303, effect: staffRows },
    {
      method: 'POST',
      path: '/:locale/staff/team/invitations/:id/revoke',
      needs: 'staff.manage',
      ok: 303,
      effect: () => shop.app.db.selectFrom('staff_invitations').select(['id', 'revoked_at']).execute(),
    },
    { method: 'GET', path: '/:locale/staff/dashboard', needs: 'dashboard.view', ok: 200 },
  ];
  /** The invitee's routes: the link's token is the credential, no role is needed. */
  const INVITEE_ROUTES = ['GET /:locale/staff/invitation/:token', 'POST /:locale/staff/invitation/:token'];

  beforeAll(async () => {
    shop = await openTestShop(dialect, 'mistri');
    for (const role of STAFF_ROLES) {
      await shop.app.staff.create({ username: `${role}1`, displayName: role, role, password: PASSWORD });
      const client = new FormClient(shop.server);
      await client.get('/en/staff/login');
      expect((await client.post('/en/staff/login', { username: `${role}1`, password: PASSWORD })).status).toBe(200);
      clients.set(role, client);
    }
    targetId = (
      await shop.app.staff.create({ username: 'target', displayName: 'Target', role: 'packer', password: PASSWORD })
    ).id;
  });
  afterAll(async () => shop?.close());

  it('the table names every route of the settings, team and dashboard modules', () => {
    const inTable = routes.map((r) => `${r.method} ${r.path}`);
    expect([...inTable, ...INVITEE_ROUTES].sort()).toEqual(
      declaredRoutes('settings/routes.tsx', 'team/routes.tsx', 'dashboard/routes.tsx').sort(),
    );
  });

  for (const route of routes) {
    const allowed = STAFF_ROLES.filter((r) => PERMISSIONS[r].includes(route.needs));
    it(`${route.method} ${route.path} needs ${route.needs}: ${allowed.join(', ')} may; 403 for the others, the sign-in for a visitor`, async () => {
      const owner = (await shop.app.staff.byUsername('owner1'))!;
      // Refused roles first, so that the permitted request's effect comes last.
      const order = [...STAFF_ROLES.filter((r) => !allowed.includes(r)), ...allowed.slice(0, 1)];
      for (const role of order) {
        if (route.path.includes('invitations/:id')) {
          invitationId = (
            await shop.app.team.invite({
              byStaffId: owner.id,
              email: 'i@example.com',
              displayName: 'I',
              role: 'packer',
              locale: 'en',
            })
          ).id;
        }
        const url = route.path
          .replace(':locale', 'en')
          .replace('invitations/:id', `invitations/${invitationId}`)
          .replace(':id', targetId);
        const client = clients.get(role)!;
        const before = await route.effect?.();
        if (route.method === 'GET') await client.get('/en/staff/login');
        else await client.get(allowed.includes(role) ? '/en/staff/team' : '/en/staff/login');
        const page =
          route.method === 'GET'
            ? await client.get(url)
            : await client.post(url, route.form?.() ?? {}, { follow: false });
        const permitted = allowed.includes(role);
        expect(page.status, role).toBe(permitted ? route.ok : 403);
        if (route.effect && !permitted) expect(await route.effect(), `${role} changed nothing`).toEqual(before);
        if (route.effect && permitted && route.method === 'POST' && route.ok === 303) {
          expect(await route.effect(), `${role} has its effect`).not.toEqual(before);
        }
      }
      const visitor = new FormClient(shop.server);
      const url = route.path.replace(':locale', 'en').replace(':id', targetId);
      const page = route.method === 'GET' ? await visitor.get(url) : await visitor.post(url, {}, { follow: false });
      expect(page.status).toBe(303);
      expect(page.location).toBe('/en/staff/login');
    });
  }
});
