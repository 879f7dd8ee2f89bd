/**
 * The citizen side of incidents through Open311 GeoReport v2: create a request (no login; the
 * reporter's contact is kept as personal data and never published), and query requests. The
 * views are the domain's (open311Mapping): only what a citizen may see leaves here.
 */
import {
  OPEN_INCIDENT_STATES,
  INCIDENT_STATES,
  type Incident,
} from '../../domain/incidents/incident';
import {
  categoryCodeForServiceCode,
  toOpen311ServiceRequest,
  type Open311Locale,
  type Open311ServiceRequest,
} from '../../domain/incidents/open311Mapping';
import {
  parseOpen311CreateRequest,
  type Open311CreateParams,
  type Open311Error,
} from '../../domain/incidents/open311Intake';
import { CITIZEN_ACTOR } from './incidentActors';
import type { IncidentRepository, ReporterContact } from './incidentRepository';
import type { IncidentService } from './incidentService';

/** GeoReport v2: without dates, a query covers the last 90 days, and returns at most 1000. */
export const OPEN311_DEFAULT_WINDOW_MS = 90 * 24 * 3_600_000;
export const OPEN311_MAX_RESULTS = 1000;
const MAX_CONTACT_LENGTH = 200;
const BAD_REQUEST = 400;
/** The attachment a citizen's media_url becomes; its type is unknown, it is taken as a photo. */
const CITIZEN_MEDIA = { name: 'media_url', mime: 'image/*' };

export interface Open311CreateInput extends Open311CreateParams {
  email?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  phone?: unknown;
}

export interface Open311Query {
  service_request_id?: string;
  service_code?: string;
  status?: string;
  start_date?: string;
  end_date?: string;
}

export type Open311Answer<T> = { ok: true; value: T } | { ok: false; errors: Open311Error[] };

function badRequest(description: string): { ok: false; errors: Open311Error[] } {
  return { ok: false, errors: [{ code: BAD_REQUEST, description }] };
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function contactOf(input: Open311CreateInput): ReporterContact | null | 'too_long' {
  const name = [textOf(input.last_name), textOf(input.first_name)].filter(Boolean).join(' ');
  const contact = { name, phone: textOf(input.phone), email: textOf(input.email) };
  if (Object.values(contact).some((value) => value.length > MAX_CONTACT_LENGTH)) return 'too_long';
  return contact.name === '' && contact.phone === '' && contact.email === '' ? null : contact;
}

export class Open311Service {
  constructor(
    private readonly incidents: IncidentService,
    private readonly repository: Pick<IncidentRepository, 'listIncidents' | 'findIncident'>,
    /** Grid-code prefixes covering the whole district (the public sees every request). */
    private readonly districtScopes: () => string[],
  ) {}

  create(input: Open311CreateInput): Open311Answer<{ service_request_id: string }> {
    const intake = parseOpen311CreateRequest(input);
    if (!intake.ok) return { ok: false, errors: intake.errors };
    const contact = contactOf(input);
    if (contact === 'too_long') {
      return badRequest(`contact fields are limited to ${MAX_CONTACT_LENGTH} characters`);
    }
    const outcome = this.incidents.reportFrom(
      CITIZEN_ACTOR,
      {
        categoryCode: intake.categoryCode,
        location: intake.location,
        description: intake.description,
        source: 'citizen',
        ...(intake.mediaUrl === null
          ? {}
          : { attachments: [{ ...CITIZEN_MEDIA, url: intake.mediaUrl }] }),
      },
      contact === null ? {} : { reporter: contact },
    );
    if (outcome.ok) return { ok: true, value: { service_request_id: outcome.incident.id } };
    if ('outsideDistrict' in outcome)
      return badRequest('lat and long lie outside the service area');
    return badRequest(outcome.error.message.en);
  }

  find(id: string, locale: Open311Locale): Open311ServiceRequest | null {
    const incident = this.repository.findIncident(id);
    return incident === null ? null : toOpen311ServiceRequest(incident, locale);
  }

  query(query: Open311Query, locale: Open311Locale): Open311Answer<Open311ServiceRequest[]> {
    const ids = listOf(query.service_request_id);
    if (ids.length > 0) {
      // The spec: with ids, every other parameter is ignored.
      const found = ids
        .slice(0, OPEN311_MAX_RESULTS)
        .map((id) => this.repository.findIncident(id))
        .filter((incident): incident is Incident => incident !== null);
      return {
        ok: true,
        value: found.map((incident) => toOpen311ServiceRequest(incident, locale)),
      };
    }
    const nowMs = this.incidents.nowMs();
    const endMs = query.end_date === undefined ? nowMs : Date.parse(query.end_date);
    if (!Number.isFinite(endMs)) return badRequest('end_date must be a W3C datetime');
    const startMs =
      query.start_date === undefined
        ? endMs - OPEN311_DEFAULT_WINDOW_MS
        : Date.parse(query.start_date);
    if (!Number.isFinite(startMs)) return badRequest('start_date must be a W3C datetime');
    const categories: string[] = [];
    for (const serviceCode of listOf(query.service_code)) {
      const category = categoryCodeForServiceCode(serviceCode);
      if (category === null) return badRequest(`unknown service_code ${serviceCode}`);
      categories.push(category);
    }
    const statuses = listOf(query.status);
    if (statuses.some((status) => status !== 'open' && status !== 'closed')) {
      return badRequest('status must be open or closed');
    }
    const states = statuses.flatMap((status) =>
      status === 'open'
        ? [...OPEN_INCIDENT_STATES]
        : INCIDENT_STATES.filter((state) => !OPEN_INCIDENT_STATES.includes(state)),
    );
    const page = { page: 1, pageSize: OPEN311_MAX_RESULTS };
    const filter = {
      scopes: this.districtScopes(),
      reportedFromMs: startMs,
      // end_date is inclusive in the spec's examples; the store's bound is exclusive.
      reportedToMs: endMs + 1,
      ...(states.length === 0 ? {} : { states }),
    };
    const incidents =
      categories.length === 0
        ? this.repository.listIncidents(filter, page).items
        : categories
            .flatMap(
              (categoryCode) =>
                this.repository.listIncidents({ ...filter, categoryCode }, page).items,
            )
            .sort((left, right) => right.reportedAtMs - left.reportedAtMs)
            .slice(0, OPEN311_MAX_RESULTS);
    return {
      ok: true,
      value: incidents.map((incident) => toOpen311ServiceRequest(incident, locale)),
    };
  }
}
