/**
 * Trusted partner platforms (the 12345 city hotline, an environment line) that deliver cases
 * through Open311 with an `api_key`. Citizens need no key; a key that is given must be one we
 * issued (a caller who presents a key expects to be treated as that partner, so a wrong one is
 * refused rather than quietly taken as a citizen). With `keyRequired` every create needs a key.
 * Keys are compared as SHA-256 digests in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Open311Partner {
  /** Short name, e.g. "12345"; the incident's actor becomes `partner:<name>`. */
  name: string;
  apiKey: string;
}

export type PartnerCheck =
  { ok: true; partner: string | null } | { ok: false; reason: 'missing' | 'unknown' };

/** OPEN311_API_KEYS: `name:key` pairs separated by commas. */
export const OPEN311_API_KEYS_ENV = 'OPEN311_API_KEYS';
/** OPEN311_REQUIRE_API_KEY=1: creates without a partner key are refused (403). */
export const OPEN311_REQUIRE_API_KEY_ENV = 'OPEN311_REQUIRE_API_KEY';
/** Shorter keys are guessable. */
export const MIN_API_KEY_LENGTH = 16;
const PARTNER_NAME = /^[A-Za-z0-9_-]{1,32}$/;

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Parses OPEN311_API_KEYS; a malformed entry stops the start with a message naming it. */
export function parseOpen311Partners(text: string | undefined): Open311Partner[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    const name = entry.slice(0, separator).trim();
    const apiKey = entry.slice(separator + 1).trim();
    if (separator < 0 || !PARTNER_NAME.test(name) || apiKey.length < MIN_API_KEY_LENGTH) {
      throw new Error(
        `${OPEN311_API_KEYS_ENV}: each entry is name:key, the key at least ` +
          `${MIN_API_KEY_LENGTH} characters (entry ${JSON.stringify(name || entry.slice(0, 8))})`,
      );
    }
    return { name, apiKey };
  });
}

export class Open311Partners {
  private readonly partners: ReadonlyArray<{ name: string; digest: Buffer }>;

  constructor(
    partners: readonly Open311Partner[],
    private readonly keyRequired = false,
  ) {
    this.partners = partners.map((partner) => ({
      name: partner.name,
      digest: digestOf(partner.apiKey),
    }));
  }

  /** Who is calling: a partner, a citizen (null), or a refusal (403). */
  check(apiKey: unknown): PartnerCheck {
    if (typeof apiKey !== 'string' || apiKey === '') {
      return this.keyRequired ? { ok: false, reason: 'missing' } : { ok: true, partner: null };
    }
    const digest = digestOf(apiKey);
    const found = this.partners.find((partner) => timingSafeEqual(partner.digest, digest));
    return found === undefined
      ? { ok: false, reason: 'unknown' }
      : { ok: true, partner: found.name };
  }
}
