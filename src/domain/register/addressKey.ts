/**
 * Address normalisation for matching register rows to buildings and units. Registers are typed
 * by hand: full-width digits, "3号楼" / "3栋" / "3幢" / "3座" for the same building, "一单元",
 * spaces, the city and district written or left out. Both sides (the district's building
 * addresses and the file's) go through the same key so that equal places compare equal.
 */

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 … 九十九 as written before 单元/号楼/层. */
function chineseNumberValue(text: string): number | null {
  if (text === '十') return 10;
  const tens = /^([一二三四五六七八九两]?)十([一二三四五六七八九]?)$/.exec(text);
  if (tens) {
    return (tens[1] ? CHINESE_DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? CHINESE_DIGITS[tens[2]]! : 0);
  }
  if (text.length === 1 && CHINESE_DIGITS[text] !== undefined) return CHINESE_DIGITS[text];
  return null;
}

function chineseNumeralsBefore(text: string, markers: string): string {
  return text.replace(
    new RegExp(`([零〇一二两三四五六七八九十]{1,3})(${markers})`, 'g'),
    (whole, numeral: string, marker: string) => {
      const value = chineseNumberValue(numeral);
      return value === null ? whole : `${value}${marker}`;
    },
  );
}

/** Province, city and county names written before the street address. */
const ADMIN_PREFIX = /^(?:[^省市]{2,7}省)?(?:[^省市区县]{2,7}市)?(?:[^省市区县]{1,7}[区县])?/;
/** A sub-district (街道) or town name before the road. */
const STREET_PREFIX = /^.{1,7}?街道/;

export interface AddressParts {
  /** The building's address key (no 单元, no room). */
  building: string;
  /** The same without the sub-district name, for files that leave it out. */
  buildingWithoutStreet: string;
  /** The 单元 (stairwell) number when written, else null. */
  entrance: number | null;
}

/** Common form: NFKC (full-width → half-width), no spaces, Chinese numerals before markers. */
function basicForm(text: string): string {
  let value = text.normalize('NFKC').replace(/[\s\u3000]+/g, '');
  value = chineseNumeralsBefore(value, '号楼|栋|幢|座|单元|层|楼');
  // Every way of naming a building number becomes "N栋".
  value = value.replace(/(\d+)(?:号楼|#楼|栋|幢|座|#)/g, '$1栋');
  return value;
}

export function addressParts(address: string): AddressParts {
  let value = basicForm(address);
  let entrance: number | null = null;
  value = value.replace(/(\d+)单元/g, (_whole, digits: string) => {
    entrance = Number(digits);
    return '';
  });
  value = value.replace(ADMIN_PREFIX, '');
  return {
    building: value,
    buildingWithoutStreet: value.replace(STREET_PREFIX, ''),
    entrance,
  };
}

/**
 * A room as the register writes it ("1203", "1203室", "12-03", "12层03", "12楼3号") to the
 * district's room label (floor then two-digit number, "1203"); null when it is not a room.
 */
export function roomKey(room: string): string | null {
  const value = basicForm(room).replace(/[室房户]$/, '');
  const split = /^(\d{1,2})(?:-|层|楼|F)(\d{1,2})号?$/i.exec(value);
  if (split) return `${Number(split[1])}${split[2]!.padStart(2, '0')}`;
  if (/^\d{3,4}$/.test(value)) return String(Number(value));
  return null;
}

/** Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The nearest keys within `limit` edits, closest first, at most `count`. */
export function nearestKeys(
  key: string,
  candidates: Iterable<string>,
  limit = 2,
  count = 3,
): string[] {
  const found: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate, limit);
    if (distance <= limit) found.push({ candidate, distance });
  }
  found.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return found.slice(0, count).map((entry) => entry.candidate);
}
