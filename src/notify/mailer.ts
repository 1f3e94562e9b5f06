import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The outbox row the message comes from: a receiver can drop a repeated delivery by its Message-ID. */
  messageId?: string;
  /** Extra headers, e.g. `List-Unsubscribe` on marketing e-mail (RFC 8058). */
  headers?: Record<string, string>;
}

/** The way out for e-mail. Production sends over SMTP; tests and the demo point it at an in-process SMTP server. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
  /**
   * The SMTP relay the mail leaves through, when it leaves the machine: a recipient of every address and message
   * it carries (HK-01), declared by `transportRecipients`. Absent for .eml files, which send nothing out.
   */
  readonly relay?: { host: string };
}

/**
 * Sends through nodemailer over SMTP. `SMTP_URL` configures it (smtp://user:pass@host:587); `MAIL_FROM` is the
 * sender. Failures surface to the caller, which answers the visitor without revealing anything about accounts.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    relay: { host: relayHost(url) },
    async send(message) {
      await transport.sendMail(envelope(from, message));
    },
    close() {
      transport.close();
    },
  };
}

/**
 * For the demo and development without SMTP: each message is written as an .eml file (mode 0600) into a folder,
 * through nodemailer's stream transport, so the result is exactly what SMTP would have carried.
 */
export function folderMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const { mkdir, writeFile } = await import('node:fs/promises');
      const info = await transport.sendMail(envelope(from, message));
      await mkdir(dir, { recursive: true });
      await writeFile(`${dir}/${Date.now()}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`, info.message as Buffer, {
        mode: 0o600,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** The relay's host name from `SMTP_URL`, never its user name or password. */
function relayHost(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'SMTP';
  }
}

/** The message for nodemailer: from the shop, with a Message-ID made from the outbox id in the sender's domain. */
function envelope(from: string, { messageId, ...message }: MailMessage) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return { from, ...message, ...(messageId ? { messageId: `<${messageId}@${domain}>` } : {}) };
}
