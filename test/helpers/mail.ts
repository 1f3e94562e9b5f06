import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  url: string;
  messages: ParsedMail[];
  /**
   * The newest message to this address whose subject matches, waiting for it to arrive. Mail is sent after the
   * answer, so to wait for a second message like an earlier one, pass how many such messages were there before.
   */
  waitFor(to: string, subject?: RegExp, after?: number): Promise<ParsedMail>;
  /** How many messages to this address have a matching subject so far. */
  count(to: string, subject?: RegExp): number;
  close(): Promise<void>;
}

/** A real SMTP server in-process on 127.0.0.1: the tests read what Amanat actually sent over SMTP. */
export async function startInbox(): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A sender that dies mid-session (the reliability suite kills the shop) resets its connection: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const recipients = (m: ParsedMail) =>
    [m.to].flat().flatMap((a) => (a && 'value' in a ? a.value.map((v) => v.address?.toLowerCase()) : []));
  const matching = (to: string, subject?: RegExp) =>
    messages.filter((m) => recipients(m).includes(to.toLowerCase()) && (!subject || subject.test(m.subject ?? '')));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    count: (to, subject) => matching(to, subject).length,
    async waitFor(to, subject, after = 0) {
      for (let i = 0; i < 100; i++) {
        const found = matching(to, subject);
        if (found.length > after) return found.at(-1)!;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail to ${to} matching ${subject}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's text part that goes to this path prefix. */
export function linkIn(mail: ParsedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}[^\\s]*`).exec(mail.text ?? '');
  if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
  return match[0];
}
