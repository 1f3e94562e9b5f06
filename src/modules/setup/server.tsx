import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { type App, type OpenOptions, openApp } from '../../app.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrations.ts';
import type { DB } from '../../db/schema.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { translator } from '../../i18n/translate.ts';
import { buildServer, type ServerOptions } from '../../server/index.ts';
import { sendPage } from '../../server/render.tsx';
import { seedCatalog } from '../catalog/seed.ts';
import {
  completeFirstRun,
  newSetupToken,
  parseSetupForm,
  type SetupForm,
  shopExists,
  tokenMatches,
} from './first-run.ts';
import { ShopListener } from './listener.ts';
import { SetupClosedPage, SetupDonePage, SetupPage } from './views.tsx';

const ASSETS = fileURLToPath(new URL('../../server/assets/', import.meta.url));

export interface FirstRun {
  /** e.g. "http://127.0.0.1:3000/" */
  url: string;
  /** Printed on the console; the web form requires it. */
  token: string;
  listener: ShopListener;
  /** The shop, once set up: its App and its server, already answering on the same port. */
  done: Promise<{ app: App; server: FastifyInstance }>;
  close(): Promise<void>;
}

/** True when the database has no shop yet (it is migrated first, so an empty database answers too). */
export async function needsFirstRun(open: Pick<OpenOptions, 'config' | 'schema'>): Promise<boolean> {
  const data = await openDatabase<DB>(open.config.databaseUrl, { schema: open.schema });
  try {
    await migrateToLatest(data.db, data.dialect, data.schema);
    return !(await shopExists(data.db));
  } finally {
    await data.close();
  }
}

/**
 * Serves the first-run setup of an empty shop on `port`: only the setup form (in the visitor's chosen language),
 * which needs the one-time token printed on the console. Its success records the shop and the owner, opens the App
 * and switches the listener to the real shop. Nothing of the staff area exists before that, so nothing is exposed.
 */
export async function startFirstRun(options: {
  open: OpenOptions;
  port: number;
  host: string;
  logger?: Logger;
  server?: ServerOptions;
}): Promise<FirstRun> {
  const data = await openDatabase<DB>(options.open.config.databaseUrl, { schema: options.open.schema });
  await migrateToLatest(data.db, data.dialect, data.schema);
  if (await shopExists(data.db)) {
    await data.close();
    throw new Error('this database has a shop already: the first-run setup runs only on an empty one');
  }
  const token = newSetupToken();
  const listener = new ShopListener();
  let resolveDone!: (shop: { app: App; server: FastifyInstance }) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<{ app: App; server: FastifyInstance }>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  let opened: App | null = null;

  const setup = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  await setup.register(fastifyFormbody);
  await setup.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
  await setup.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', maxAge: '1d' });

  const localeOf = (params: unknown): Locale | null => {
    const locale = (params as { locale?: string }).locale;
    return isLocale(locale) ? locale : null;
  };

  setup.get('/:locale/setup', async (request, reply) => {
    const locale = localeOf(request.params);
    if (!locale) return reply.redirect('/en/setup');
    const t = translator(locale);
    return sendPage(reply, <SetupPage locale={locale} t={t} values={{ sample_catalogue: '1' }} errors={{}} />);
  });

  setup.post('/:locale/setup', async (request, reply) => {
    const locale = localeOf(request.params);
    if (!locale) return reply.code(404).send();
    const t = translator(locale);
    const source = request.headers.origin ?? request.headers.referer;
    if (source && safeHost(source) !== safeHost(`${request.protocol}://${request.host}`)) return reply.code(403).send();
    const body = (request.body ?? {}) as SetupForm;
    const parsed = parseSetupForm(body, locale, { passwordRequired: true });
    const errors = parsed.ok ? {} : { ...parsed.errors };
    // The token goes first: without it nothing else is looked at, and it is never echoed back.
    if (!tokenMatches(token, body.token)) {
      request.log.warn({ route: 'setup' }, 'setup token refused');
      const values = parsed.ok ? body : parsed.values;
      return sendPage(
        reply,
        <SetupPage locale={locale} t={t} values={values} errors={{ token: 'setup.errorToken', ...errors }} />,
        403,
      );
    }
    if (!parsed.ok)
      return sendPage(reply, <SetupPage locale={locale} t={t} values={parsed.values} errors={errors} />, 422);
    const result = await completeFirstRun(data.db, data.dialect, parsed.input);
    if (!result.ok) return sendPage(reply, <SetupClosedPage locale={locale} t={t} />, 409);
    try {
      const app = await openApp(options.open);
      opened = app;
      if (parsed.input.sampleCatalogue) await seedCatalog(app.db, app.preset, app.mediaDir);
      const server = await buildServer(app, { logger: options.logger, ...options.server });
      // Answer this request, then let the shop answer every request after it.
      reply.raw.once('finish', () => {
        void listener
          .serve(server)
          .then(() => data.close())
          .then(() => resolveDone({ app, server }), rejectDone);
      });
      request.log.info({ route: 'setup', preset: parsed.input.preset }, 'shop set up');
      return sendPage(
        reply,
        <SetupDonePage locale={locale} t={t} shop={parsed.input.overrides.identity!.name[locale]} />,
      );
    } catch (error) {
      rejectDone(error);
      throw error;
    }
  });

  setup.setNotFoundHandler(async (request, reply) => {
    const first = request.url.split('/')[1];
    if (request.method !== 'GET') return reply.code(404).send();
    return reply.redirect(`/${isLocale(first) ? first : 'en'}/setup`);
  });

  await listener.serve(setup);
  let url: string;
  try {
    url = await listener.listen(options.port, options.host);
  } catch (error) {
    await listener.close();
    await data.close();
    throw error;
  }
  return {
    url,
    token,
    listener,
    done,
    async close() {
      await listener.close();
      await opened?.close();
      // Already closed when the setup finished; closing twice is harmless.
      await data.close().catch(() => {});
    },
  };
}

/** The host of a URL, through URL so that a default port (":80") compares equal to none. */
function safeHost(source: string): string | null {
  try {
    return new URL(source).host;
  } catch {
    return null;
  }
}
