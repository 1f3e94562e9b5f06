import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * One listening socket whose requests go to whichever Fastify instance is current: the first-run setup, then the
 * shop it set up. Switching keeps the port and the browser's open connections, so the link on the setup's last page
 * reaches the shop without a gap.
 */
export class ShopListener {
  private current: FastifyInstance | null = null;
  readonly server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (this.current) this.current.routing(req, res);
    else {
      res.statusCode = 503;
      res.end();
    }
  });

  /** The instance answering now (tests inject requests into it). */
  get app(): FastifyInstance | null {
    return this.current;
  }

  /** Sends every request from now on to `app`, and closes the one before. */
  async serve(app: FastifyInstance): Promise<void> {
    await app.ready();
    const previous = this.current;
    this.current = app;
    await previous?.close();
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo;
        const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${shown}:${address.port}/`);
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.current?.close();
    this.current = null;
  }
}
