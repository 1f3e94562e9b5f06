import { writeFileSync } from 'node:fs';
import type { App } from '../../app.ts';
import type { Actor } from '../../privacy/kernel.ts';
import { buildExport } from './export/build.tsx';

export const DSR_ACTIONS = ['list', 'status', 'export', 'erase'] as const;
export type DsrAction = (typeof DSR_ACTIONS)[number];

/** A command given wrongly: the CLI prints it with the usage. */
export class DsrUsageError extends Error {}

const CLI: Actor = { kind: 'system', job: 'cli' };

/**
 * `amanat dsr …`, the request centre for the shop's admin on the command line: the queue, one request's trail (what
 * was done and when, never the contact or what was written), the export of a verified access request to a file, and
 * the erasure of a verified erasure request. Writes to `out`; returns the exit code.
 */
export async function runDsrCommand(
  app: App,
  action: DsrAction,
  options: { ref?: string; out?: string; all?: boolean },
  out: { write(s: string): unknown },
): Promise<number> {
  const dsr = app.privacyRequests;
  if (action === 'list') {
    const rows = options.all ? [...(await dsr.queue()), ...(await dsr.closed(200))] : await dsr.queue();
    const summary = await dsr.dueSummary();
    out.write(`${summary.open} open, ${summary.overdue} overdue, ${summary.alert} at their alert day\n`);
    for (const r of rows) {
      const flag = r.urgency === 'overdue' ? 'OVERDUE' : r.urgency === 'alert' ? 'ALERT' : '';
      out.write(
        `${r.ref}  ${r.kind.padEnd(17)} ${r.status.padEnd(12)} ${r.verified ? 'verified  ' : 'unverified'}  received ${r.receivedAt.slice(0, 10)}  due ${r.dueOn}  ${flag}\n`,
      );
    }
    return 0;
  }
  if (!options.ref) throw new DsrUsageError(`dsr ${action} needs --ref DSR-XXXXXX`);
  const id = await dsr.byRef(options.ref);
  if (!id) {
    out.write(`no request ${options.ref}\n`);
    return 1;
  }
  if (action === 'status') {
    const view = (await dsr.view(id, { staff: CLI }))!;
    out.write(
      `${view.ref}  ${view.kind}  ${view.status}  ${view.verified ? `verified (${view.verificationMethod})` : 'unverified'}\n` +
        `received ${view.receivedAt}  acknowledge by ${view.ackDueOn}  answer by ${view.dueOn}  ${view.urgency ?? ''}\n` +
        `about ${view.subjectIds.length} customer record(s)\n`,
    );
    for (const e of view.trail)
      out.write(`  ${e.at}  ${e.action.padEnd(13)} ${e.actor}${e.public ? '' : ' (internal)'}\n`);
    return 0;
  }
  if (action === 'export') {
    if (!options.out) throw new DsrUsageError('dsr export needs --out FILE.zip');
    const view = (await dsr.view(id, { staff: CLI }))!;
    if (view.kind !== 'access' || !view.verified) {
      out.write(`${view.ref} is not a verified access request\n`);
      return 1;
    }
    const built = await buildExport(
      app,
      { subjectIds: view.subjectIds, locale: view.locale, actor: CLI, requestRef: view.ref },
      dsr.exportSections,
    );
    writeFileSync(options.out, built.zip, { mode: 0o600 });
    out.write(`wrote ${options.out} (${built.zip.length} bytes) for ${view.ref}\n`);
    return 0;
  }
  const result = await dsr.carryOutErasure(id, CLI);
  if (!result.ok) {
    out.write(`${options.ref}: not erased (${result.reason})\n`);
    return 1;
  }
  out.write(`${options.ref}: erased and completed\n`);
  return 0;
}
