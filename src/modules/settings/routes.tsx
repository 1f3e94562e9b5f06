import type { FastifyInstance } from 'fastify';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { requireStaff } from '../staff/guard.ts';
import { offerableMethods, parseSettingsForm, type SettingsForm, settingsToForm } from './shop-settings.ts';
import { SettingsPage } from './views.tsx';

export function settingsRoutes(server: FastifyInstance, services: Services): void {
  const { settings } = services.app;
  const methods = offerableMethods(settings.basePreset);

  server.get('/:locale/staff/settings', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'settings.manage')) return reply;
    const values = settingsToForm(settings.current(), methods, locale);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <SettingsPage ctx={ctx} values={values} errors={{}} methods={methods} history={await settings.history()} />,
    );
  });

  server.post('/:locale/staff/settings', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'settings.manage');
    if (!staff) return reply;
    const body = (request.body ?? {}) as SettingsForm;
    const parsed = parseSettingsForm(body, settings.basePreset, services.app.preset, locale, settings.current());
    if (!parsed.ok) {
      const ctx = pageContext(services, request, locale);
      return sendPage(
        reply,
        <SettingsPage
          ctx={ctx}
          values={parsed.values}
          errors={parsed.errors}
          methods={methods}
          history={await settings.history()}
        />,
        422,
      );
    }
    const saved = await settings.save(staff.id, parsed.settings);
    // Rendered after the save, so the page (its header, its language) already shows the new settings.
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <SettingsPage
        ctx={ctx}
        values={settingsToForm(settings.current(), methods, locale)}
        errors={{}}
        methods={methods}
        history={await settings.history()}
        saved={saved}
      />,
    );
  });
}
