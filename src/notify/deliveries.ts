/**
 * Sends e-mail and SMS after the request that caused them has been answered, so that neither how long an answer
 * takes nor a mail server's failure tells a visitor whether an account exists. A failure is reported with the kind
 * of message only: an SMTP error can quote the address. Delivery is in memory (a crash loses what is pending); the
 * durable outbox of the order-operations work replaces this.
 */
export class Deliveries {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onFailure: (kind: string, error: unknown) => void = reportFailure) {}

  /** Runs `send` once the current request has been answered. */
  later(kind: 'mail' | 'sms', send: () => Promise<void>): void {
    const delivery: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(send)
      .catch((error: unknown) => this.onFailure(kind, error))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Waits until everything pending has been tried (at shutdown, and in tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

function reportFailure(kind: string, error: unknown): void {
  const code = (error as { code?: unknown; name?: unknown } | null)?.code ?? (error as Error | null)?.name;
  process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: `${kind} delivery failed`, code })}\n`);
}
