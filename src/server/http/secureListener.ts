/**
 * The second listener, HTTPS, for phones on the hall's network (config/tlsConfig): the app's
 * routes and hooks on another port; createServer serves socket.io on it too.
 */
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsListener } from '../config/tlsConfig';

export class SecureListener {
  readonly server: HttpsServer;
  private url: string | null = null;

  constructor(
    private readonly tls: TlsListener,
    routing: RequestListener,
  ) {
    this.server = createHttpsServer({ cert: tls.cert, key: tls.key }, routing);
  }

  /** Listens like app.listen does and answers with the base URL (IPv6 hosts in brackets). */
  listen(): Promise<string> {
    const server = this.server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.tls.port, this.tls.host, () => {
        server.off('error', reject);
        const address = server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.url = `https://${host}:${address.port}`;
        resolve(this.url);
      });
    });
  }

  /** The base URL once listening; null before. */
  baseUrl(): string | null {
    return this.url;
  }

  /** Ends the open connections and stops listening; nothing to do when it never listened. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
