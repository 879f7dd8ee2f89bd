/**
 * TRUST_PROXY, read as Fastify's trustProxy: unset/`false` (default: the socket's address is the
 * client), `true` (trust every hop: only when nothing reaches the server but the proxy), or a
 * comma-separated list of proxy addresses/CIDRs (`127.0.0.1,10.0.0.0/8`).
 */
export function trustProxyFromEnv(value: string | undefined): boolean | string {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^[0-9a-fA-F:.,/\s]+$/.test(text)) return text;
  throw new Error(`TRUST_PROXY must be true, false or a list of addresses/CIDRs, got ${value}`);
}
