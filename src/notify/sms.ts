import type { SmsProviderId } from './sms/types.ts';

/** The way out for SMS: a real provider (src/notify/sms/: BulkSMSBD, eSMS.vn, Kavenegar) or the development sink. */
export interface SmsPort {
  send(toE164: string, text: string): Promise<void>;
  /**
   * The provider the messages leave through: a recipient of every number and text it carries (HK-01), declared by
   * `transportRecipients`. Absent for the development sink, which sends nothing out.
   */
  readonly provider?: SmsProviderId;
}

/**
 * The development sink: messages are kept in memory for tests to read and, when a folder is given (the demo),
 * appended to a file there so a person trying the demo can see the code. Never written to the log.
 */
export class DevSmsSink implements SmsPort {
  readonly sent: { to: string; text: string; at: string }[] = [];

  constructor(private readonly file?: string) {}

  async send(to: string, text: string): Promise<void> {
    const entry = { to, text, at: new Date().toISOString() };
    this.sent.push(entry);
    if (this.sent.length > 1000) this.sent.shift();
    if (this.file) {
      const { appendFile, mkdir } = await import('node:fs/promises');
      const { dirname } = await import('node:path');
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, `${entry.at} ${to}: ${text}\n`, { mode: 0o600 });
    }
  }
}
