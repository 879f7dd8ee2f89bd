/**
 * An HTTPS listener from TLS_CERT_FILE and TLS_KEY_FILE (PEM), on TLS_PORT (default 8443) and
 * TLS_HOST (default 0.0.0.0), beside the plain HTTP one that the wall and the simulators use on
 * 127.0.0.1. Off when neither file is set; a hall behind a reverse proxy terminates TLS there.
 * Set both to serve the grid workers' phones on the hall's network (`npm run cert` makes them):
 * a phone's browser gives geolocation, the camera and service workers only to secure pages.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface TlsListener {
  cert: Buffer;
  key: Buffer;
  port: number;
  /** Default 0.0.0.0: the point of this listener is the phones on the hall's network. */
  host: string;
}

export const DEFAULT_TLS_PORT = 8443;
const DEFAULT_TLS_HOST = '0.0.0.0';

export class TlsConfigError extends Error {}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TlsConfigError(`${variable}=${file} cannot be read (${reason})`);
  }
}

export function tlsFromEnv(env: NodeJS.ProcessEnv): TlsListener | null {
  const certFile = env.TLS_CERT_FILE || undefined;
  const keyFile = env.TLS_KEY_FILE || undefined;
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined || keyFile === undefined) {
    throw new TlsConfigError(
      'HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE (npm run cert makes them)',
    );
  }
  const port = Number(env.TLS_PORT ?? DEFAULT_TLS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TlsConfigError(`TLS_PORT must be a port number, got ${env.TLS_PORT}`);
  }
  const cert = readPem('TLS_CERT_FILE', certFile);
  const key = readPem('TLS_KEY_FILE', keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TlsConfigError(`TLS_CERT_FILE and TLS_KEY_FILE are not a usable pair (${reason})`);
  }
  return { cert, key, port, host: env.TLS_HOST || DEFAULT_TLS_HOST };
}
