/**
 * A local certificate authority and a server certificate for serving the command center over
 * HTTPS on the hall's own network, so that grid workers' phones can use /m/ (geolocation, the
 * camera and the service worker need a secure context) without any public CA or network access.
 *
 * The CA is made once and kept: a phone that has installed ca.crt keeps trusting every server
 * certificate made later (for a new address, or after expiry). Made with Debian's openssl: Node
 * can sign with a key but cannot write an X.509 certificate, and openssl is the kept tool for it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';

export interface LocalCertificateFiles {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export interface MadeCertificate {
  files: LocalCertificateFiles;
  /** True when the CA existed already and was reused. */
  caReused: boolean;
  /** The names and addresses the server certificate is valid for. */
  subjectAltNames: string[];
  /** The CA's SHA-256 fingerprint, to compare on the phone before trusting it. */
  caFingerprint: string;
  validTo: string;
}

/** A browser accepts at most 398 days for a server certificate. */
const SERVER_DAYS = 397;
const CA_DAYS = 3650;

export function certificateFiles(dir: string): LocalCertificateFiles {
  return {
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
  };
}

/** The machine's own names and its non-loopback IPv4 addresses (what a phone on the LAN uses). */
export function localAddresses(): { names: string[]; ips: string[] } {
  const ips = ['127.0.0.1'];
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4' && !address.internal) ips.push(address.address);
    }
  }
  return { names: ['localhost', hostname()], ips };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const DNS_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `DNS:…`/`IP:…` entries, each name or address once; anything else is refused by name. */
export function subjectAltNames(hosts: readonly string[]): string[] {
  const entries = new Set<string>();
  for (const host of hosts) {
    if (IPV4.test(host)) {
      if (host.split('.').some((part) => Number(part) > 255)) {
        throw new Error(`not an IPv4 address: ${JSON.stringify(host)}`);
      }
      entries.add(`IP:${host}`);
    } else if (DNS_NAME.test(host)) {
      entries.add(`DNS:${host.toLowerCase()}`);
    } else {
      throw new Error(`not a host name or IPv4 address: ${JSON.stringify(host)}`);
    }
  }
  return [...entries];
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

function keepPrivate(file: string): void {
  chmodSync(file, 0o600);
}

/**
 * Writes ca.crt/ca.key (only if missing) and a fresh server.crt/server.key valid for `hosts`,
 * signed by that CA.
 */
export function makeLocalCertificate(dir: string, hosts: readonly string[]): MadeCertificate {
  const files = certificateFiles(dir);
  const sans = subjectAltNames(hosts);
  if (sans.length === 0) throw new Error('a certificate needs at least one host');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caReused = existsSync(files.caCert) && existsSync(files.caKey);
  if (!caReused) {
    openssl([
      'req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-keyout', files.caKey, '-out', files.caCert, '-days', String(CA_DAYS),
      '-subj', '/O=Grid command center/CN=Grid command center local CA',
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]); // prettier-ignore
    keepPrivate(files.caKey);
  }
  const request = path.join(dir, 'server.csr');
  const extensions = path.join(dir, 'server.ext');
  openssl([
    'req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-keyout', files.serverKey, '-out', request, '-subj', '/O=Grid command center/CN=grid-command-center',
  ]); // prettier-ignore
  keepPrivate(files.serverKey);
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${sans.join(',')}`,
      '',
    ].join('\n'),
  );
  openssl([
    'x509', '-req', '-in', request, '-CA', files.caCert, '-CAkey', files.caKey,
    '-CAcreateserial', '-out', files.serverCert, '-days', String(SERVER_DAYS), '-extfile', extensions,
  ]); // prettier-ignore
  rmSync(request);
  rmSync(extensions);
  const server = new X509Certificate(readFileSync(files.serverCert));
  const ca = new X509Certificate(readFileSync(files.caCert));
  if (!server.verify(ca.publicKey)) throw new Error('the server certificate does not verify');
  return {
    files,
    caReused,
    subjectAltNames: sans,
    caFingerprint: ca.fingerprint256,
    validTo: server.validTo,
  };
}
