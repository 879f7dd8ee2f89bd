/**
 * Households and residents, unit by unit. Household sizes are drawn around the running mean
 * that still reaches the requested resident count, so the total lands close to the target
 * whatever the number of homes. Rows are handed to a sink as they are made (a million people
 * never sit in memory at once).
 */
import {
  UNIT_USE_CODE,
  formatTags,
  type HouseholdRecord,
  type HouseholdType,
  type PersonRecord,
  type PersonTag,
} from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import { CareTagDraws } from './careTags';
import { planHouseholdMembers, type MemberPlan } from './householdMembers';
import { IdentityIssuer, type AreaOrigin } from './identity';
import { pickGivenName, pickSurname } from './personNames';

/** Every generated person is synthetic; the writer sets the flag. */
/** A generated person, with the clear identifiers the district writer seals. */
export type PersonRow = Omit<PersonRecord, 'synthetic' | 'idNumberMasked' | 'phoneMasked'> & {
  idNumber: string;
  phone: string | null;
};

/** A generated household always has its head. */
export interface HouseholdRow extends HouseholdRecord {
  headPersonId: number;
}

/** Ages are counted at this date, so the data does not change with the clock. */
export const REFERENCE_DATE = '2025-01-01';
const REFERENCE_YEAR = 2025;
const DAY_MS = 86_400_000;
const MAX_HOUSEHOLD_SIZE = 8;
const TYPE_SIZE_FACTOR: Record<HouseholdType, number> = {
  registered: 1.1,
  floating: 0.95,
  rental: 0.75,
};
const FLOATING_SHARE_OF_RENTERS = 0.35;
const FLOATING_SHARE_OF_OWNERS = 0.06;
const ELDERLY_ALONE_MIN_AGE = 60;
const CHILD_WITHOUT_PHONE_MAX_AGE = 11;
const VERY_OLD_AGE = 80;
const VERY_OLD_WITHOUT_PHONE_SHARE = 0.4;
const KEY_CARE_SHARE = 0.006;
const KEY_CARE_AGE = { min: 18, max: 65 } as const;

function disabledShare(ageYears: number): number {
  if (ageYears >= 70) return 0.05;
  if (ageYears >= 60) return 0.03;
  return 0.012;
}

function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

function birthDateFor(ageYears: number, random: SeededRandom): string {
  const birthMs = Date.UTC(REFERENCE_YEAR - ageYears, 0, 1) - random.int(1, 365) * DAY_MS;
  return new Date(birthMs).toISOString().slice(0, 10);
}

export interface PopulationSink {
  household(row: HouseholdRow): void;
  person(row: PersonRow): void;
}

export class PopulationMaker {
  private nextHouseholdId = 1;
  private nextPersonId = 1;
  private remainingResidents: number;
  private remainingHouseholds: number;
  private readonly identities: IdentityIssuer;
  /**
   * The tags added later (low income, bedridden), drawn per id from a stream of their own: adding
   * them changed no name, age or identifier, and an older district gets the same ones.
   */
  private readonly careTags: CareTagDraws;

  constructor(
    private readonly random: SeededRandom,
    residentCount: number,
    householdCount: number,
    private readonly sink: PopulationSink,
  ) {
    this.remainingResidents = residentCount;
    this.remainingHouseholds = householdCount;
    this.identities = new IdentityIssuer(random.fork('identities'));
    this.careTags = new CareTagDraws(random);
  }

  get personCount(): number {
    return this.nextPersonId - 1;
  }

  get householdCount(): number {
    return this.nextHouseholdId - 1;
  }

  /** Fills one home with `households` households. */
  fillUnit(unitId: number, useCode: number, households: number): void {
    for (let index = 0; index < households; index++) {
      const rented = useCode === UNIT_USE_CODE.rental;
      const floatingShare = rented ? FLOATING_SHARE_OF_RENTERS : FLOATING_SHARE_OF_OWNERS;
      const type: HouseholdType = this.random.chance(floatingShare)
        ? 'floating'
        : rented
          ? 'rental'
          : 'registered';
      const meanSize = this.remainingResidents / Math.max(1, this.remainingHouseholds);
      const size = Math.min(
        MAX_HOUSEHOLD_SIZE,
        1 + poisson(this.random, Math.max(0.02, meanSize * TYPE_SIZE_FACTOR[type] - 1)),
      );
      this.addHousehold(unitId, type, size, rented);
      this.remainingResidents -= size;
      this.remainingHouseholds -= 1;
    }
  }

  private addHousehold(unitId: number, type: HouseholdType, size: number, rented: boolean): void {
    const householdId = this.nextHouseholdId++;
    const headPersonId = this.nextPersonId;
    this.sink.household({ id: householdId, unitId, type, headPersonId });
    const members = planHouseholdMembers(type, size, this.random);
    const origin: AreaOrigin =
      type === 'registered'
        ? 'gulou'
        : type === 'floating'
          ? 'elsewhere'
          : this.random.pickWeighted<AreaOrigin>(['gulou', 'fuzhou', 'elsewhere'], [0.3, 0.4, 0.3]);
    const areaCode = this.identities.areaCode(origin);
    const headSurname = pickSurname(this.random);
    const spouse = members.find((member) => member.relation === 'spouse');
    const spouseSurname = spouse ? pickSurname(this.random) : headSurname;
    const paternalSurname = members[0]!.sex === 'M' ? headSurname : spouseSurname;
    const lowIncome = this.careTags.isLowIncome(householdId, type);
    for (const member of members) {
      const surname = this.surnameOf(member, spouse, headSurname, spouseSurname, paternalSurname);
      this.sink.person(
        this.personRow(householdId, member, surname, areaCode, { type, size, rented, lowIncome }),
      );
    }
  }

  private surnameOf(
    member: MemberPlan,
    spouse: MemberPlan | undefined,
    head: string,
    ofSpouse: string,
    paternal: string,
  ): string {
    if (member === spouse) return ofSpouse;
    if (member.surname === 'head') return head;
    if (member.surname === 'paternal') return paternal;
    return pickSurname(this.random);
  }

  private personRow(
    householdId: number,
    member: MemberPlan,
    surname: string,
    areaCode: string,
    household: { type: HouseholdType; size: number; rented: boolean; lowIncome: boolean },
  ): PersonRow {
    const { type, size, rented } = household;
    const birthDate = birthDateFor(member.ageYears, this.random);
    const birthYear = Number(birthDate.slice(0, 4));
    const tags: PersonTag[] = [];
    if (size === 1 && member.ageYears >= ELDERLY_ALONE_MIN_AGE) tags.push('elderly_alone');
    if (type === 'floating') tags.push('floating');
    if (rented) tags.push('renter');
    if (this.random.chance(disabledShare(member.ageYears))) tags.push('disabled');
    if (
      member.ageYears >= KEY_CARE_AGE.min &&
      member.ageYears <= KEY_CARE_AGE.max &&
      this.random.chance(KEY_CARE_SHARE)
    )
      tags.push('key_care');
    if (household.lowIncome) tags.push('low_income');
    if (this.careTags.isBedridden(this.nextPersonId, birthDate)) tags.push('bedridden');
    const withoutPhone =
      member.ageYears <= CHILD_WITHOUT_PHONE_MAX_AGE ||
      (member.ageYears >= VERY_OLD_AGE && this.random.chance(VERY_OLD_WITHOUT_PHONE_SHARE));
    return {
      id: this.nextPersonId++,
      householdId,
      name: surname + pickGivenName(this.random, member.sex, birthYear),
      sex: member.sex,
      birthDate,
      idNumber: this.identities.idNumber(areaCode, birthDate, member.sex),
      phone: withoutPhone ? null : this.identities.phone(),
      relation: member.relation,
      tags: formatTags(tags),
    };
  }
}
