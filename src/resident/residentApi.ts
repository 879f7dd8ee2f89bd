/**
 * The resident page's calls, all public: Open311 GeoReport v2 in JSON — the service list, create
 * (with the device id and proof of work), photos of the new request (the media extension), one
 * request's public status — and the district's map for picking a position.
 */
import { OPEN311_PATH } from '../shared/incidents';
import { RESIDENT_MAP_API_PATH, type ResidentMap } from '../shared/residentMap';
import { formatProof, solveProof } from '../domain/incidents/residentProof';
import { SATISFACTION_RATINGS, type SatisfactionRating } from '../domain/incidents/reporterAnswer';
import type { ResidentLanguage } from './residentLocales';

export interface ResidentService {
  service_code: string;
  service_name: string;
}

export interface ReportDraft {
  serviceCode: string;
  description: string;
  lat: number;
  lon: number;
  phone: string;
  /** Resized JPEGs, sent one by one after the create (at most RESIDENT_MAX_PHOTOS). */
  photos: readonly Blob[];
}

/** Photos one report takes (the server refuses more). */
export const RESIDENT_MAX_PHOTOS = 3;

export interface ReportReceipt {
  id: string;
  token: string;
}

/** What the public view answers; nothing of the reporter is in it. */
export interface PublicStatus {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  address: string;
  requested_datetime: string;
  updated_datetime: string;
  /** The report's first photo, public (empty without one). */
  media_url: string;
}

export class NotFoundError extends Error {}

type Fetch = typeof fetch;

async function readJson<T>(answer: Response): Promise<T> {
  const parsed = (await answer.json().catch(() => null)) as unknown;
  if (answer.ok) return parsed as T;
  const first = Array.isArray(parsed) ? (parsed[0] as { description?: string } | undefined) : null;
  const message = first?.description ?? `HTTP ${answer.status}`;
  throw answer.status === 404 ? new NotFoundError(message) : new Error(message);
}

export interface ServiceList {
  services: ResidentService[];
  /**
   * The server's clock minus the phone's (from the answer's Date header, 0 without one): a proof
   * is stamped in server time, so a phone whose clock is off by minutes is not refused.
   */
  clockOffsetMs: number;
}

export async function fetchServices(
  language: ResidentLanguage,
  fetchFn: Fetch = fetch,
  nowMs: () => number = Date.now,
): Promise<ServiceList> {
  const answer = await fetchFn(`${OPEN311_PATH}/services.json?locale=${language}`);
  const serverMs = Date.parse(answer.headers.get('date') ?? '');
  const services = await readJson<ResidentService[]>(answer);
  return { services, clockOffsetMs: Number.isNaN(serverMs) ? 0 : serverMs - nowMs() };
}

export interface FileReportOptions {
  nowMs?: number;
  fetchFn?: Fetch;
  prove?: typeof solveProof;
  /** Called when the proof of work is done and the create goes out. */
  onProved?: () => void;
}

export async function fileReport(
  draft: ReportDraft,
  deviceId: string,
  {
    nowMs = Date.now(),
    fetchFn = fetch,
    prove = solveProof,
    onProved = () => undefined,
  }: FileReportOptions = {},
): Promise<ReportReceipt> {
  const proof = formatProof(await prove(deviceId, nowMs));
  onProved();
  const body = {
    service_code: draft.serviceCode,
    description: draft.description,
    lat: draft.lat,
    long: draft.lon,
    device_id: deviceId,
    proof,
    ...(draft.phone === '' ? {} : { phone: draft.phone }),
  };
  const answer = await fetchFn(`${OPEN311_PATH}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const [receipt] = await readJson<Array<{ service_request_id: string; token: string }>>(answer);
  if (receipt === undefined) throw new Error('empty answer');
  return { id: receipt.service_request_id, token: receipt.token };
}

export async function fetchStatus(
  id: string,
  language: ResidentLanguage,
  fetchFn: Fetch = fetch,
): Promise<PublicStatus> {
  const path = `${OPEN311_PATH}/requests/${encodeURIComponent(id)}.json?locale=${language}`;
  const [found] = await readJson<PublicStatus[]>(await fetchFn(path));
  if (found === undefined) throw new NotFoundError(id);
  return found;
}

/** The three answers the page offers (满意 / 基本满意 / 不满意), as the server names them. */
export { SATISFACTION_RATINGS as RESIDENT_RATINGS };
export type ResidentRating = SatisfactionRating;

/**
 * Rates a closed report of this phone, once (the rating extension, decision 0026): the create's
 * token proves the report is this phone's. Resent with the same rating it answers as before.
 */
export async function rateReport(
  report: { id: string; token: string },
  rating: ResidentRating,
  fetchFn: Fetch = fetch,
): Promise<ResidentRating> {
  const answer = await fetchFn(
    `${OPEN311_PATH}/requests/${encodeURIComponent(report.id)}/rating.json`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating, token: report.token }),
    },
  );
  const [recorded] = await readJson<Array<{ rating: ResidentRating }>>(answer);
  if (recorded === undefined) throw new Error('empty answer');
  return recorded.rating;
}

/**
 * Adds one photo to a report this phone has just filed: the create's token proves it is this
 * phone's report, the device id is the one it reported with.
 */
export async function uploadPhoto(
  report: ReportReceipt,
  deviceId: string,
  photo: Blob,
  fetchFn: Fetch = fetch,
): Promise<string> {
  const answer = await fetchFn(
    `${OPEN311_PATH}/requests/${encodeURIComponent(report.id)}/media.json`,
    {
      method: 'POST',
      headers: {
        'content-type': 'image/jpeg',
        'x-open311-token': report.token,
        'x-device-id': deviceId,
      },
      body: photo,
    },
  );
  const [stored] = await readJson<Array<{ media_url: string }>>(answer);
  if (stored === undefined) throw new Error('empty answer');
  return stored.media_url;
}

/** The district's boundary and base map, for the position picker. */
export async function fetchResidentMap(fetchFn: Fetch = fetch): Promise<ResidentMap> {
  return readJson<ResidentMap>(await fetchFn(RESIDENT_MAP_API_PATH));
}
