/**
 * Synthetic identifiers: GB 11643 ID numbers (area code + birth date + sequence + check
 * character, sequence odd for men and even for women) and mobile numbers, each unique in the
 * district. Area codes are real: 350102 for people registered in Gulou, other real county codes
 * for the floating population.
 */
import { idCheckCharacter } from '../../src/domain/idNumber';
import type { SeededRandom } from '../../src/domain/seededRandom';

export const GULOU_AREA_CODE = '350102';

/** Other Fuzhou districts and counties, for locals renting here. */
const FUZHOU_AREA_CODES = ['350103', '350104', '350105', '350111', '350121', '350181', '350182'];
/** Where the floating population comes from: Fujian counties, then other provinces. */
const ORIGIN_AREA_CODES = [
  '350322',
  '350521',
  '350583',
  '350623',
  '350681',
  '350702',
  '350802',
  '350902',
  '360102',
  '360121',
  '430102',
  '430521',
  '510104',
  '511602',
  '410102',
  '420102',
  '340102',
  '330102',
  '450102',
  '520102',
  '362201',
  '612401',
];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '198',
  '199',
];
/** Sequences 001–997 odd for men, 002–998 even for women: 499 slots per sex and birth date. */
const SEQUENCE_SLOTS = 499;
const SLOT_STEP = 7;
const SLOT_KEY_SCALE = 1024;
const MOBILE_SUBSCRIBER_RANGE = 100_000_000;

export type AreaOrigin = 'gulou' | 'fuzhou' | 'elsewhere';

const ALL_AREA_CODES = [GULOU_AREA_CODE, ...FUZHOU_AREA_CODES, ...ORIGIN_AREA_CODES];
const AREA_INDEX = new Map(ALL_AREA_CODES.map((code, index) => [code, index]));
const FIRST_BIRTH_YEAR = 1900;
/** Subscriber numbers are a shuffled counter over this many bits (2^27 > 10^8), see `phone`. */
const SUBSCRIBER_BITS = 27;
const SUBSCRIBER_MASK = (1 << SUBSCRIBER_BITS) - 1;

/**
 * A bijection on 27-bit integers (xor with a key, odd multiplications and xor-shifts are each
 * invertible modulo 2^27), so distinct counters give distinct, random-looking numbers.
 */
function shuffle27(value: number, key: number): number {
  let mixed = (value ^ key) & SUBSCRIBER_MASK;
  mixed = Math.imul(mixed, 0x2c1b3c6d) & SUBSCRIBER_MASK;
  mixed ^= mixed >>> 14;
  mixed = Math.imul(mixed, 0x297a2d39) & SUBSCRIBER_MASK;
  mixed ^= mixed >>> 13;
  return mixed;
}

export class IdentityIssuer {
  /**
   * (area, birth date, sex) → first slot × SLOT_KEY_SCALE + slots used. Keys are small
   * integers (not strings), which keeps millions of people fast and small.
   */
  private readonly slotsByKey = new Map<number, number>();
  private phonesIssued = 0;
  private readonly subscriberKey: number;

  constructor(private readonly random: SeededRandom) {
    this.subscriberKey = random.int(0, SUBSCRIBER_MASK);
  }

  areaCode(origin: AreaOrigin): string {
    if (origin === 'gulou') return GULOU_AREA_CODE;
    return this.random.pick(origin === 'fuzhou' ? FUZHOU_AREA_CODES : ORIGIN_AREA_CODES);
  }

  /** A fresh ID number; birthDate is YYYY-MM-DD, areaCode one of this module's codes. */
  idNumber(areaCode: string, birthDate: string, sex: 'M' | 'F'): string {
    const areaIndex = AREA_INDEX.get(areaCode);
    if (areaIndex === undefined) throw new RangeError(`unknown area code ${areaCode}`);
    const year = Number(birthDate.slice(0, 4)) - FIRST_BIRTH_YEAR;
    const month = Number(birthDate.slice(5, 7));
    const day = Number(birthDate.slice(8, 10));
    const key = (((areaIndex * 256 + year) * 16 + month) * 32 + day) * 2 + (sex === 'M' ? 1 : 0);
    const known = this.slotsByKey.get(key);
    const firstSlot =
      known === undefined
        ? this.random.int(0, SEQUENCE_SLOTS - 1)
        : Math.floor(known / SLOT_KEY_SCALE);
    const used = known === undefined ? 0 : known % SLOT_KEY_SCALE;
    if (used >= SEQUENCE_SLOTS)
      throw new Error(`no free ID sequence for ${areaCode} ${birthDate} ${sex}`);
    this.slotsByKey.set(key, firstSlot * SLOT_KEY_SCALE + used + 1);
    // Stepping by a number coprime to the (prime) slot count visits every slot once.
    const slot = (firstSlot + used * SLOT_STEP) % SEQUENCE_SLOTS;
    const body =
      areaCode +
      birthDate.slice(0, 4) +
      birthDate.slice(5, 7) +
      birthDate.slice(8, 10) +
      String(2 * slot + (sex === 'M' ? 1 : 2)).padStart(3, '0');
    return body + idCheckCharacter(body);
  }

  /**
   * A mobile number unique in the district, without remembering the ones issued: the
   * subscriber part is a shuffled counter (cycle-walking keeps it below 10^8), so it never
   * repeats whatever prefix is drawn.
   */
  phone(): string {
    let subscriber = this.phonesIssued++;
    if (subscriber >= MOBILE_SUBSCRIBER_RANGE) throw new RangeError('out of mobile numbers');
    do subscriber = shuffle27(subscriber, this.subscriberKey);
    while (subscriber >= MOBILE_SUBSCRIBER_RANGE);
    return this.random.pick(MOBILE_PREFIXES) + String(subscriber).padStart(8, '0');
  }
}
