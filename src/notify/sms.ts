/** The way out for SMS. Real providers (BulkSMSBD, eSMS.vn, Kavenegar) arrive with the notifications work. */
export interface SmsPort {
  send(toE164: string, text: string): Promise<void>;
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
