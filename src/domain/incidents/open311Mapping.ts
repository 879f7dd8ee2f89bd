/**
 * Open311 GeoReport v2 views of our categories and incidents (the HTTP layer comes later and
 * only serialises these). GeoReport knows two states, open and closed; the detail of our loop
 * travels in `status_notes`, and `expected_datetime` is the handling deadline.
 *
 * The endpoint is public, so only what a citizen may see leaves here: the description and photos
 * of citizen reports (their own words, with phones, ID numbers and e-mails masked), never a
 * worker's notes, names or attachments.
 */
import { DISTRICT_UTC_OFFSET_MS } from '../districtTime';
import type { Incident, IncidentState, LocalizedText } from './incident';
import { isOpenIncident } from './incident';
import { maskFreeText } from '../privacy/maskFreeText';
import {
  findCategoryByServiceCode,
  INCIDENT_CATEGORIES,
  type IncidentCategory,
} from './incidentCategories';
import { hasOpen311Attributes } from './open311Attributes';

export type Open311Locale = 'zh' | 'en';

/** Datetimes go out in the district's time, as the spec's examples carry a local offset. */
export const OPEN311_UTC_OFFSET_MIN = DISTRICT_UTC_OFFSET_MS / 60_000;

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  lat: number;
  long: number;
  media_url: string;
}

const GROUP_NAMES: Record<IncidentCategory['group'], LocalizedText> = {
  city_management: { zh: '城市管理', en: 'City management' },
  social_governance: { zh: '社会治理', en: 'Social governance' },
};

const STATUS_NOTES: Record<IncidentState, LocalizedText> = {
  reported: { zh: '已受理，等待立案', en: 'Received, awaiting registration' },
  registered: { zh: '已立案，等待派遣', en: 'Registered, awaiting dispatch' },
  rejected: { zh: '不予立案', en: 'Not accepted as a case' },
  dispatched: { zh: '已派遣处置', en: 'Dispatched for handling' },
  handling: { zh: '正在处置', en: 'Being handled' },
  feedback: { zh: '已处置，等待核查', en: 'Handled, awaiting verification' },
  closed: { zh: '已核查结案', en: 'Verified and closed' },
  evaluated: { zh: '已结案并评价', en: 'Closed and evaluated' },
  archived: { zh: '已结案归档', en: 'Closed and archived' },
};

export function toOpen311Status(state: IncidentState): 'open' | 'closed' {
  return isOpenIncident({ state }) ? 'open' : 'closed';
}

export function toOpen311StatusNotes(state: IncidentState, locale: Open311Locale): string {
  return STATUS_NOTES[state][locale];
}

export function toOpen311Services(locale: Open311Locale): Open311Service[] {
  return INCIDENT_CATEGORIES.map((category) => ({
    service_code: category.open311ServiceCode,
    service_name: locale === 'zh' ? category.nameZh : category.nameEn,
    description: locale === 'zh' ? category.nameZh : category.nameEn,
    metadata: hasOpen311Attributes(category.code),
    type: 'realtime',
    keywords: category.code,
    group: GROUP_NAMES[category.group][locale],
  }));
}

/** `address`: the reporter's own words, or the register's name of the place (placeAddress.ts). */
export function toOpen311ServiceRequest(
  incident: Incident,
  locale: Open311Locale,
  address = '',
): Open311ServiceRequest {
  const category = INCIDENT_CATEGORIES.find((entry) => entry.code === incident.categoryCode);
  const fromCitizen = incident.source === 'citizen';
  const status = toOpen311Status(incident.state);
  const lastAtMs = incident.history.at(-1)?.atMs ?? incident.reportedAtMs;
  return {
    service_request_id: incident.id,
    status,
    status_notes: toOpen311StatusNotes(incident.state, locale),
    service_name: category === undefined ? '' : locale === 'zh' ? category.nameZh : category.nameEn,
    service_code: category?.open311ServiceCode ?? '',
    // Public: whatever a citizen typed about themselves or others stays masked here.
    description: fromCitizen ? maskFreeText(incident.description) : '',
    agency_responsible: incident.department ?? '',
    service_notice: '',
    requested_datetime: formatOpen311Datetime(incident.reportedAtMs),
    updated_datetime: formatOpen311Datetime(lastAtMs),
    expected_datetime:
      status === 'open' && incident.dueAtMs !== null
        ? formatOpen311Datetime(incident.dueAtMs)
        : null,
    // A reporter may type a phone into the address as into the description: masked alike.
    address: maskFreeText(address),
    lat: incident.location.lat,
    long: incident.location.lon,
    media_url: fromCitizen ? (firstReportImageUrl(incident) ?? '') : '',
  };
}

/** W3C datetime with the service's offset, e.g. 2026-11-27T09:00:00+08:00. */
export function formatOpen311Datetime(atMs: number): string {
  const shifted = new Date(atMs + OPEN311_UTC_OFFSET_MIN * 60_000).toISOString().slice(0, 19);
  const sign = OPEN311_UTC_OFFSET_MIN >= 0 ? '+' : '-';
  const offsetMin = Math.abs(OPEN311_UTC_OFFSET_MIN);
  const hours = String(Math.floor(offsetMin / 60)).padStart(2, '0');
  const minutes = String(offsetMin % 60).padStart(2, '0');
  return `${shifted}${sign}${hours}:${minutes}`;
}

export function categoryCodeForServiceCode(serviceCode: string): string | null {
  return findCategoryByServiceCode(serviceCode)?.code ?? null;
}

function firstReportImageUrl(incident: Incident): string | null {
  const report = incident.history.find((transition) => transition.action === 'report');
  return (
    report?.attachments.find((attachment) => attachment.mime.startsWith('image/'))?.url ?? null
  );
}
