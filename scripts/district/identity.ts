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

export class IdentityIssuer {
  /** (area, birth date, sex) → first slot × SLOT_KEY_SCALE + slots used; numbers keep 1M+ people cheap. */
  private readonly slotsByKey = new Map<number, number>();
  private readonly usedPhones = new Set<number>();

  constructor(private readonly random: SeededRandom) {}

  areaCode(origin: AreaOrigin): string {
    if (origin === 'gulou') return GULOU_AREA_CODE;
    return this.random.pick(origin === 'fuzhou' ? FUZHOU_AREA_CODES : ORIGIN_AREA_CODES);
  }

  /** A fresh ID number; birthDate is YYYY-MM-DD. */
  idNumber(areaCode: string, birthDate: string, sex: 'M' | 'F'): string {
    const datePart = birthDate.replaceAll('-', '');
    const key = (Number(areaCode) * 1e8 + Number(datePart)) * 2 + (sex === 'M' ? 1 : 0);
    const known = this.slotsByKey.get(key);
    const firstSlot =
      known === undefined
        ? this.random.int(0, SEQUENCE_SLOTS - 1)
        : Math.floor(known / SLOT_KEY_SCALE);
    const used = known === undefined ? 0 : known % SLOT_KEY_SCALE;
    if (used >= SEQUENCE_SLOTS)
      throw new Error(`no free ID sequence for ${areaCode} ${birthDate} ${sex}`);
    this.slotsByKey.set(key, firstSlot * SLOT_KEY_SCALE + used + 1);
    // Stepping by a number coprime to the slot count visits every slot once.
    const slot = (firstSlot + used * SLOT_STEP) % SEQUENCE_SLOTS;
    const body = areaCode + datePart + String(2 * slot + (sex === 'M' ? 1 : 2)).padStart(3, '0');
    return body + idCheckCharacter(body);
  }

  phone(): string {
    for (;;) {
      const prefix = this.random.pick(MOBILE_PREFIXES);
      const phone =
        Number(prefix) * MOBILE_SUBSCRIBER_RANGE + this.random.int(0, MOBILE_SUBSCRIBER_RANGE - 1);
      if (!this.usedPhones.has(phone)) {
        this.usedPhones.add(phone);
        return String(phone);
      }
    }
  }
}
