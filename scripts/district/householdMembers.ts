/**
 * Who lives in a household of a given type and size: single elderly, couples, families with
 * children, three generations, renters sharing a flat. Ages follow from the relations (a child
 * is at least 22 years younger than its parent), names from the surname rules.
 */
import type { Relation } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { HouseholdType } from '../../src/domain/registry';

export interface MemberPlan {
  relation: Relation;
  sex: 'M' | 'F';
  ageYears: number;
  /** Whose surname this member carries: the head's, the father's line, or an own one. */
  surname: 'head' | 'paternal' | 'own';
}

const ELDERLY_MIN_AGE = 60;
const ELDERLY_MAX_AGE = 92;
const PARENT_GAP_YEARS = { min: 22, max: 38 } as const;
const MAX_AGE = 98;
const MALE_HEAD_SHARE = 0.75;
/** Registered one-person households are often elderly people living alone. */
const ELDERLY_SINGLE_SHARE = 0.45;

function elderlyAge(random: SeededRandom): number {
  // Skewed toward the younger old: there are more 65-year-olds than 90-year-olds.
  return ELDERLY_MIN_AGE + Math.floor((ELDERLY_MAX_AGE - ELDERLY_MIN_AGE) * random.next() ** 1.6);
}

function otherSex(sex: 'M' | 'F'): 'M' | 'F' {
  return sex === 'M' ? 'F' : 'M';
}

function randomSex(random: SeededRandom): 'M' | 'F' {
  return random.chance(0.5) ? 'M' : 'F';
}

class HouseholdBuilder {
  readonly members: MemberPlan[] = [];
  constructor(private readonly random: SeededRandom) {}

  head(
    ageYears: number,
    sex: 'M' | 'F' = this.random.chance(MALE_HEAD_SHARE) ? 'M' : 'F',
  ): MemberPlan {
    const head: MemberPlan = { relation: 'head', sex, ageYears, surname: 'head' };
    this.members.push(head);
    return head;
  }

  spouse(of: MemberPlan, relation: Relation = 'spouse'): MemberPlan {
    const shift = of.sex === 'M' ? this.random.int(-5, 1) : this.random.int(-1, 5);
    const spouse: MemberPlan = {
      relation,
      sex: otherSex(of.sex),
      ageYears: Math.max(20, Math.min(MAX_AGE, of.ageYears + shift)),
      surname: 'own',
    };
    this.members.push(spouse);
    return spouse;
  }

  child(ofAgeYears: number, relation: Relation, maxAgeYears = 30): MemberPlan {
    const oldest = Math.max(0, Math.min(maxAgeYears, ofAgeYears - PARENT_GAP_YEARS.min));
    const child: MemberPlan = {
      relation,
      sex: randomSex(this.random),
      ageYears: this.random.int(0, oldest),
      surname: 'paternal',
    };
    this.members.push(child);
    return child;
  }

  parent(of: MemberPlan): MemberPlan {
    const ageYears = Math.min(
      MAX_AGE,
      of.ageYears + this.random.int(PARENT_GAP_YEARS.min, PARENT_GAP_YEARS.max),
    );
    const sex = randomSex(this.random);
    const parent: MemberPlan = {
      relation: 'parent',
      sex,
      ageYears,
      surname: sex === 'M' && of.sex === 'M' ? 'head' : 'own',
    };
    this.members.push(parent);
    return parent;
  }

  lodger(relation: Relation, ageYears: number): void {
    this.members.push({ relation, sex: randomSex(this.random), ageYears, surname: 'own' });
  }
}

function family(
  builder: HouseholdBuilder,
  random: SeededRandom,
  size: number,
  local: boolean,
): void {
  if (size >= 5) {
    // Three generations: an older couple, their adult child with a spouse, grandchildren.
    const head = builder.head(random.int(55, 78));
    builder.spouse(head);
    const adultChild = builder.child(head.ageYears, 'child', 48);
    adultChild.ageYears = Math.max(adultChild.ageYears, 24);
    builder.spouse(adultChild, 'other').surname = 'own';
    for (let index = 4; index < size; index++) {
      if (index < 7)
        builder.child(Math.min(adultChild.ageYears, head.ageYears - 22), 'grandchild', 18);
      else builder.lodger('sibling', random.int(20, 60));
    }
    return;
  }
  const head = builder.head(random.int(26, 55));
  if (size >= 2) builder.spouse(head);
  const withParent = local && size >= 3 && random.chance(size === 3 ? 0.2 : 0.45);
  if (withParent) builder.parent(head);
  while (builder.members.length < size)
    builder.child(
      Math.min(...builder.members.slice(0, 2).map((member) => member.ageYears)),
      'child',
      26,
    );
}

export function planHouseholdMembers(
  type: HouseholdType,
  size: number,
  random: SeededRandom,
): MemberPlan[] {
  const builder = new HouseholdBuilder(random);
  if (size === 1) {
    if (type === 'registered' && random.chance(ELDERLY_SINGLE_SHARE))
      builder.head(elderlyAge(random), random.chance(0.6) ? 'F' : 'M');
    else
      builder.head(type === 'rental' ? random.int(20, 40) : random.int(22, 59), randomSex(random));
    return builder.members;
  }
  if (type === 'rental' && random.chance(0.45)) {
    // Young people sharing a rented flat.
    builder.head(random.int(20, 38), randomSex(random));
    while (builder.members.length < size) builder.lodger('tenant', random.int(19, 40));
    return builder.members;
  }
  if (size === 2 && type === 'registered') {
    const pattern = random.pickWeighted(
      ['elderly_couple', 'couple', 'single_parent', 'with_parent'],
      [0.4, 0.3, 0.15, 0.15],
    );
    if (pattern === 'elderly_couple') builder.spouse(builder.head(elderlyAge(random)));
    else if (pattern === 'couple') builder.spouse(builder.head(random.int(25, 59)));
    else if (pattern === 'single_parent')
      builder.child(builder.head(random.int(30, 55), randomSex(random)).ageYears, 'child', 22);
    else builder.parent(builder.head(random.int(30, 58)));
    return builder.members;
  }
  family(builder, random, size, type === 'registered');
  return builder.members;
}
