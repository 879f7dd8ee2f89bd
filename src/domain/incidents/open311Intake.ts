/**
 * Validation of a GeoReport v2 "create service request" (POST requests.json) into the parts of
 * a report. The grid is found later from the point (point-in-polygon is not the domain's job),
 * so a request must carry lat/long (the server turns an `address_id` of the register into one):
 * an address string alone cannot be placed without a geocoder.
 */
import type { LonLat } from '../registry';
import { findCategoryByServiceCode } from './incidentCategories';
import { contactFormatErrors } from './open311Contact';

/** GeoReport v2 limits the description to 4,000 characters. */
export const OPEN311_MAX_DESCRIPTION_CHARS = 4000;
const OPEN311_BAD_REQUEST = 400;
const MAX_LAT_DEG = 90;
const MAX_LON_DEG = 180;

export interface Open311CreateParams {
  service_code?: unknown;
  lat?: unknown;
  long?: unknown;
  description?: unknown;
  media_url?: unknown;
  email?: unknown;
  phone?: unknown;
}

/** GeoReport's own error shape, returned as a list. */
export interface Open311Error {
  code: number;
  description: string;
}

export type Open311Intake =
  | {
      ok: true;
      categoryCode: string;
      location: LonLat;
      description: string;
      mediaUrl: string | null;
    }
  | { ok: false; errors: Open311Error[] };

export function parseOpen311CreateRequest(params: Open311CreateParams): Open311Intake {
  const errors: string[] = [];
  const category =
    typeof params.service_code === 'string' ? findCategoryByServiceCode(params.service_code) : null;
  if (category === null) errors.push('service_code is missing or unknown');
  const lat = parseCoordinate(params.lat, MAX_LAT_DEG);
  const lon = parseCoordinate(params.long, MAX_LON_DEG);
  if (lat === 'missing' || lon === 'missing') {
    errors.push(
      'lat and long are required, in WGS84 degrees, or an address_id of the register (须提供经纬度或地址编号)',
    );
  }
  for (const [field, value, limitDeg] of [
    ['lat', lat, MAX_LAT_DEG],
    ['long', lon, MAX_LON_DEG],
  ] as const) {
    if (value === 'not_a_number') errors.push(`${field} must be a number of degrees (须为数字)`);
    if (value === 'out_of_range') {
      errors.push(`${field} is out of range: -${limitDeg} to ${limitDeg} (超出范围)`);
    }
  }
  const description = typeof params.description === 'string' ? params.description.trim() : '';
  if (description.length > OPEN311_MAX_DESCRIPTION_CHARS) {
    errors.push(`description is longer than ${OPEN311_MAX_DESCRIPTION_CHARS} characters`);
  }
  const mediaUrl =
    params.media_url === undefined || params.media_url === '' ? null : params.media_url;
  if (mediaUrl !== null && !isHttpUrl(mediaUrl)) errors.push('media_url must be an http(s) URL');
  errors.push(...contactFormatErrors(params.email, params.phone));
  if (
    errors.length > 0 ||
    category === null ||
    typeof lat !== 'number' ||
    typeof lon !== 'number'
  ) {
    return {
      ok: false,
      errors: errors.map((text) => ({ code: OPEN311_BAD_REQUEST, description: text })),
    };
  }
  return {
    ok: true,
    categoryCode: category.code,
    location: { lon, lat },
    description,
    mediaUrl: mediaUrl !== null && isHttpUrl(mediaUrl) ? mediaUrl : null,
  };
}

type CoordinateProblem = 'missing' | 'not_a_number' | 'out_of_range';

/** A coordinate in degrees, or what is wrong with it (each problem gets its own message). */
function parseCoordinate(value: unknown, limitDeg: number): number | CoordinateProblem {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'string' && value.trim() === '') return 'missing';
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(parsed)) return 'not_a_number';
  return Math.abs(parsed) <= limitDeg ? parsed : 'out_of_range';
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
