/**
 * `npm run cert`'s certificates: the server certificate names every host asked for, chains to the
 * local CA, and a second run keeps the CA (phones that trust it keep working) while replacing the
 * server certificate; private keys are readable by the owner only; bad hosts are refused by name.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLocalCertificate, subjectAltNames } from './localCertificate';

const dir = mkdtempSync(path.join(tmpdir(), 'gcc-cert-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('local certificate', () => {
  it('makes a CA and a server certificate for the given names and addresses', () => {
    const made = makeLocalCertificate(dir, ['localhost', '127.0.0.1', '192.168.1.23', 'hall-pc']);
    expect(made.caReused).toBe(false);
    const server = new X509Certificate(readFileSync(made.files.serverCert));
    const ca = new X509Certificate(readFileSync(made.files.caCert));
    expect(server.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:192.168.1.23, DNS:hall-pc',
    );
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(ca.ca).toBe(true);
    expect(server.checkIP('192.168.1.23')).toBe('192.168.1.23');
    expect(server.checkIP('10.0.0.1')).toBeUndefined();
    for (const key of [made.files.caKey, made.files.serverKey]) {
      expect(statSync(key).mode & 0o777).toBe(0o600);
    }
    const daysValid = (Date.parse(server.validTo) - Date.parse(server.validFrom)) / 86_400_000;
    expect(daysValid).toBeLessThanOrEqual(398);
  });

  it('keeps the CA on a second run and issues a new server certificate', () => {
    const caBefore = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
    const serverBefore = readFileSync(path.join(dir, 'server.crt'), 'utf8');
    const made = makeLocalCertificate(dir, ['10.1.2.3']);
    expect(made.caReused).toBe(true);
    expect(readFileSync(made.files.caCert, 'utf8')).toBe(caBefore);
    expect(readFileSync(made.files.serverCert, 'utf8')).not.toBe(serverBefore);
    const server = new X509Certificate(readFileSync(made.files.serverCert));
    expect(server.checkIssued(new X509Certificate(caBefore))).toBe(true);
    expect(server.subjectAltName).toBe('IP Address:10.1.2.3');
  });

  it('lists each host once and refuses what is neither a name nor an IPv4 address', () => {
    expect(subjectAltNames(['LocalHost', 'localhost', '127.0.0.1', '127.0.0.1'])).toEqual([
      'DNS:localhost',
      'IP:127.0.0.1',
    ]);
    expect(() => subjectAltNames(['bad host'])).toThrow('"bad host"');
    expect(() => subjectAltNames(['300.1.1.1'])).toThrow('300.1.1.1');
    expect(() => makeLocalCertificate(dir, [])).toThrow('at least one host');
  });
});
