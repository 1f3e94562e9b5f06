import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/locales.ts';
import type { Services } from '../../server/context.ts';
import { forbidden, seeOther } from '../../server/http.tsx';
import { can, type Permission } from '../staff/permissions.ts';
import type { StaffUser } from '../staff/service.ts';

/**
 * The signed-in staff member allowed to do this, or null after answering: the staff sign-in for nobody, a localised
 * 403 for a role without the permission (as the staff area's own routes do).
 */
export function requirePermission(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
  permission: Permission,
): StaffUser | null {
  if (!request.staff) {
    void seeOther(reply, `/${locale}/staff/login`);
    return null;
  }
  if (!can(request.staff.role, permission)) {
    void forbidden(services, request, reply);
    return null;
  }
  return request.staff;
}
