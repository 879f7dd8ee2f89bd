/** What 入户采集 is filling in, and the household change it becomes (CollectSheet.tsx). */
import type { PersonTag, Relation } from '../domain/registry';
import type { HouseholdChange } from '../shared/registerRequests';

export type Kind = HouseholdChange['kind'];
export const KINDS: readonly Kind[] = ['visit', 'phone', 'tags', 'move_out', 'move_in', 'rental'];

export interface Draft {
  kind: Kind;
  personId: number;
  note: string;
  phone: string;
  tags: PersonTag[];
  name: string;
  idNumber: string;
  relation: Relation;
  landlordName: string;
  tenants: string;
  startDate: string;
  endDate: string;
}

export function changeOf(draft: Draft): HouseholdChange {
  switch (draft.kind) {
    case 'visit':
      return { kind: 'visit', note: draft.note };
    case 'phone':
      return { kind: 'phone', personId: draft.personId, phone: draft.phone };
    case 'tags':
      return { kind: 'tags', personId: draft.personId, tags: draft.tags };
    case 'move_out':
      return { kind: 'move_out', personId: draft.personId };
    case 'move_in':
      return {
        kind: 'move_in',
        name: draft.name,
        idNumber: draft.idNumber,
        relation: draft.relation,
        phone: draft.phone.trim() === '' ? null : draft.phone,
        tags: draft.tags,
      };
    case 'rental':
      return {
        kind: 'rental',
        landlordName: draft.landlordName,
        tenants: draft.tenants,
        startDate: draft.startDate,
        endDate: draft.endDate,
      };
  }
}

export const EMPTY_DRAFT: Draft = {
  kind: 'visit',
  personId: 0,
  note: '',
  phone: '',
  tags: [],
  name: '',
  idNumber: '',
  relation: 'other',
  landlordName: '',
  tenants: '',
  startDate: '',
  endDate: '',
};
