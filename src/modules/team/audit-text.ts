import type { Translate } from '../../i18n/translate.ts';
import { isStaffRole } from '../staff/permissions.ts';

/**
 * The audit log's words for the staff administration, the settings and the setup (the actions this area writes), or
 * null for an action of another area. The detail holds ids and a role, never a name or an address.
 */
export function adminActionText(t: Translate, action: string, detail: string | null): string | null {
  const role = detail?.split(':')[1];
  const roleName = isStaffRole(role) ? t(`team.role.${role}`) : (role ?? '');
  switch (action) {
    case 'staff.invited':
      return t('team.audit.invited', { role: roleName });
    case 'staff.joined':
      return t('team.audit.joined', { role: roleName });
    case 'staff.deactivated':
      return t('team.audit.deactivated');
    case 'staff.reactivated':
      return t('team.audit.reactivated');
    case 'staff.role_changed':
      return t('team.audit.roleChanged', { role: roleName });
    case 'staff.invitation_revoked':
      return t('team.audit.revoked');
    case 'setup.completed':
      return t('team.audit.setupCompleted');
    case 'settings.changed': {
      const keys = (detail ?? '').split(',').filter(Boolean);
      const known = keys.map((k) => {
        const key = `settings.key.${k}` as Parameters<Translate>[0];
        return t(key);
      });
      return t('team.audit.settingsChanged', { settings: known.join(t('settings.listSeparator')) });
    }
    default:
      return null;
  }
}
