/**
 * The citizen side of incidents through Open311 GeoReport v2: service definitions, create a
 * request (no login; the reporter's contact is kept as personal data and never published; a
 * trusted partner's case becomes a hotline case), query requests, and find one by the token a
 * create answered with. The views are the domain's (open311Mapping): only what a citizen may see
 * leaves here. A request without a typed address gets the register's name of its place.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  OPEN_INCIDENT_STATES,
  INCIDENT_STATES,
  type Incident,
} from '../../domain/incidents/incident';
import {
  categoryCodeForServiceCode,
  formatOpen311Datetime,
  toOpen311ServiceRequest,
  type Open311Locale,
  type Open311ServiceRequest,
} from '../../domain/incidents/open311Mapping';
import {
  parseOpen311CreateRequest,
  type Open311CreateParams,
  type Open311Error,
} from '../../domain/incidents/open311Intake';
import {
  attributeAnswersOf,
  checkOpen311Attributes,
  toOpen311ServiceDefinition,
  type Open311ServiceDefinition,
} from '../../domain/incidents/open311Attributes';
import type { AddressedBuilding } from '../../domain/incidents/placeAddress';
import {
  isSatisfactionRating,
  type SatisfactionRating,
} from '../../domain/incidents/reporterAnswer';
import { OPEN311_PATH, PHOTOS_API_PATH } from '../../shared/incidents';
import { CITIZEN_ACTOR, partnerActor, reporterChannelOf } from './incidentActors';
import { publicClosingNote, type ReporterAnswers } from './reporterAnswers';
import type { IncidentRepository, ReporterContact } from './incidentRepository';
import type { IncidentService } from './incidentService';
import type { PlaceAddressLookup } from './registerAddresses';

/** Where a resident's photo is served to anyone (GET, no session): only residents' photos. */
export function open311MediaPath(photoId: string): string {
  return `${OPEN311_PATH}/media/${photoId}.jpg`;
}

/** GeoReport v2: without dates, a query covers the last 90 days, and returns at most 1000. */
export const OPEN311_DEFAULT_WINDOW_MS = 90 * 24 * 3_600_000;
export const OPEN311_MAX_RESULTS = 1000;
const MAX_CONTACT_LENGTH = 200;
/** A typed address longer than this is not an address. */
export const MAX_ADDRESS_LENGTH = 500;
/** Random bytes of a create's token (base64url: 16 characters). */
const TOKEN_BYTES = 12;
/** Our address ids are building ids. */
const ADDRESS_ID_PATTERN = /^[1-9]\d{0,11}$/;
const BAD_REQUEST = 400;
/** The attachment a citizen's media_url becomes; its type is unknown, it is taken as a photo. */
const CITIZEN_MEDIA = { name: 'media_url', mime: 'image/*' };

export interface Open311CreateInput extends Open311CreateParams {
  address_string?: unknown;
  address_id?: unknown;
  attribute?: unknown;
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

export interface Open311Receipt {
  service_request_id: string;
  token: string;
}

export interface Open311ServiceDeps {
  incidents: IncidentService;
  repository: Pick<
    IncidentRepository,
    'listIncidents' | 'findIncident' | 'open311IntakeOf' | 'incidentIdOfOpen311Token'
  >;
  /** Grid-code prefixes covering the whole district (the public sees every request). */
  districtScopes: () => string[];
  /** A fresh lookup per answer (registerAddresses.ts). */
  placeAddresses: () => PlaceAddressLookup;
  /** A building of the register by id: GeoReport's `address_id` names one. */
  findBuilding: (id: number) => Promise<AddressedBuilding | null>;
  /** Closing notes for the reporter and their ratings (decision 0026). */
  answers: ReporterAnswers;
}

/** The answer of the rating extension: what was recorded (or had been, for a resend). */
export interface Open311RatingReceipt {
  service_request_id: string;
  rating: SatisfactionRating;
  rated_datetime: string;
}

const FORBIDDEN = 403;
const NOT_FOUND = 404;
const CONFLICT = 409;

export type Open311Answer<T> = { ok: true; value: T } | { ok: false; errors: Open311Error[] };

function badRequest(description: string): { ok: false; errors: Open311Error[] } {
  return { ok: false, errors: [{ code: BAD_REQUEST, description }] };
}

function refusal(
  status: number,
  description: string,
): { ok: false; errors: Open311Error[]; status: number } {
  return { ok: false, errors: [{ code: status, description }], status };
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

/**
 * A resident's photo is an attachment of the wall's photo API (session and scope); GeoReport
 * names it by its public address instead (served without personal data, metadata stripped).
 */
function publicMediaOf(view: Open311ServiceRequest): Open311ServiceRequest {
  const prefix = `${PHOTOS_API_PATH}/`;
  if (!view.media_url.startsWith(prefix)) return view;
  return { ...view, media_url: open311MediaPath(view.media_url.slice(prefix.length)) };
}

export class Open311Service {
  constructor(private readonly deps: Open311ServiceDeps) {}

  definition(serviceCode: string, locale: Open311Locale): Open311ServiceDefinition | null {
    const categoryCode = categoryCodeForServiceCode(serviceCode);
    return categoryCode === null
      ? null
      : toOpen311ServiceDefinition(categoryCode, serviceCode, locale);
  }

  /** `partner`: the trusted platform that sent it (Open311Partners), null for a citizen. */
  async create(
    input: Open311CreateInput,
    partner: string | null,
  ): Promise<Open311Answer<Open311Receipt>> {
    const building = await this.buildingOfAddressId(input);
    if (building === 'unknown') {
      return badRequest('address_id is not an address of the register (地址编号无效)');
    }
    const intake = parseOpen311CreateRequest(
      building === null ? input : { ...input, lat: building.origin.lat, long: building.origin.lon },
    );
    if (!intake.ok) return { ok: false, errors: intake.errors };
    const answers = checkOpen311Attributes(
      intake.categoryCode,
      attributeAnswersOf(input as Record<string, unknown>),
    );
    if (!answers.ok) return { ok: false, errors: answers.errors };
    const contact = contactOf(input);
    if (contact === 'too_long') {
      return badRequest(`contact fields are limited to ${MAX_CONTACT_LENGTH} characters`);
    }
    const address = textOf(input.address_string) || (building?.address ?? '');
    if (address.length > MAX_ADDRESS_LENGTH) {
      return badRequest(`address_string is limited to ${MAX_ADDRESS_LENGTH} characters`);
    }
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const outcome = await this.deps.incidents.reportFrom(
      partner === null ? CITIZEN_ACTOR : partnerActor(partner),
      {
        categoryCode: intake.categoryCode,
        location: intake.location,
        description: intake.description,
        // A partner platform's case is a hotline case (12345), told in its operator's words.
        source: partner === null ? 'citizen' : 'hotline',
        ...(answers.note === '' ? {} : { note: answers.note }),
        ...(intake.mediaUrl === null
          ? {}
          : { attachments: [{ ...CITIZEN_MEDIA, url: intake.mediaUrl }] }),
      },
      { ...(contact === null ? {} : { reporter: contact }), open311: { token, address } },
    );
    if (outcome.ok) return { ok: true, value: { service_request_id: outcome.incident.id, token } };
    if ('outsideDistrict' in outcome)
      return badRequest('lat and long lie outside the service area (不在服务区域内)');
    return badRequest(`${outcome.error.message.en} (${outcome.error.message.zh})`);
  }

  /** The building an `address_id` names when the request has no position (null: not asked). */
  private async buildingOfAddressId(
    input: Open311CreateInput,
  ): Promise<AddressedBuilding | null | 'unknown'> {
    const id = textOf(input.address_id);
    const hasPosition = input.lat !== undefined || input.long !== undefined;
    if (id === '' || hasPosition) return null;
    if (!ADDRESS_ID_PATTERN.test(id)) return 'unknown';
    return (await this.deps.findBuilding(Number(id))) ?? 'unknown';
  }

  /** GET tokens/{token}: the request a create answered with this token, or null. */
  async findByToken(token: string): Promise<Open311Receipt | null> {
    const id = await this.deps.repository.incidentIdOfOpen311Token(token);
    return id === null ? null : { service_request_id: id, token };
  }

  async find(id: string, locale: Open311Locale): Promise<Open311ServiceRequest | null> {
    const incident = await this.deps.repository.findIncident(id);
    return incident === null ? null : ((await this.viewsOf([incident], locale))[0] ?? null);
  }

  async query(
    query: Open311Query,
    locale: Open311Locale,
  ): Promise<Open311Answer<Open311ServiceRequest[]>> {
    const ids = listOf(query.service_request_id);
    if (ids.length > 0) {
      // The spec: with ids, every other parameter is ignored.
      const found = (
        await Promise.all(
          ids.slice(0, OPEN311_MAX_RESULTS).map((id) => this.deps.repository.findIncident(id)),
        )
      ).filter((incident): incident is Incident => incident !== null);
      return { ok: true, value: await this.viewsOf(found, locale) };
    }
    const nowMs = this.deps.incidents.nowMs();
    const endMs = query.end_date === undefined ? nowMs : Date.parse(query.end_date);
    if (!Number.isFinite(endMs)) return badRequest('end_date must be a W3C datetime');
    const startMs =
      query.start_date === undefined
        ? endMs - OPEN311_DEFAULT_WINDOW_MS
        : Date.parse(query.start_date);
    if (!Number.isFinite(startMs)) return badRequest('start_date must be a W3C datetime');
    if (endMs - startMs > OPEN311_DEFAULT_WINDOW_MS) {
      // The specification: a date range may not span more than 90 days.
      return badRequest('start_date and end_date may not span more than 90 days (不得超过90天)');
    }
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
      scopes: this.deps.districtScopes(),
      reportedFromMs: startMs,
      // end_date is inclusive in the spec's examples; the store's bound is exclusive.
      reportedToMs: endMs + 1,
      ...(states.length === 0 ? {} : { states }),
    };
    const incidents =
      categories.length === 0
        ? (await this.deps.repository.listIncidents(filter, page)).items
        : (
            await Promise.all(
              categories.map((categoryCode) =>
                this.deps.repository.listIncidents({ ...filter, categoryCode }, page),
              ),
            )
          )
            .flatMap((found) => found.items)
            .sort((left, right) => right.reportedAtMs - left.reportedAtMs)
            .slice(0, OPEN311_MAX_RESULTS);
    return { ok: true, value: await this.viewsOf(incidents, locale) };
  }

  /**
   * The rating extension (decision 0026): the reporter's satisfaction with a closed request,
   * once. Only the reporter may rate: the partner platform that delivered the case (its
   * `api_key`), or the device that created it (the create's `token`, which only that device
   * holds). `partner` is the checked key's platform, null without a key.
   */
  async rate(
    id: string,
    input: { rating?: unknown; token?: unknown },
    partner: string | null,
  ): Promise<Open311Answer<Open311RatingReceipt> & { status?: number }> {
    const incident = await this.deps.repository.findIncident(id);
    if (incident === null) return refusal(NOT_FOUND, `no service request ${id} (未找到)`);
    const reporter = reporterChannelOf(incident);
    const mayRate =
      partner !== null
        ? reporter?.channel === 'partner' && reporter.partner === partner
        : reporter?.channel === 'citizen' && (await this.isCreateToken(id, input.token));
    if (!mayRate || reporter === null) {
      return refusal(FORBIDDEN, 'only the reporter of this request may rate it (仅报告人可评价)');
    }
    if (!isSatisfactionRating(input.rating)) {
      return badRequest('rating must be satisfied, basically_satisfied or dissatisfied');
    }
    const outcome = await this.deps.answers.rate(
      id,
      input.rating,
      reporter.channel,
      partner === null ? CITIZEN_ACTOR.username : partnerActor(partner).username,
    );
    if (!outcome.ok) {
      return refusal(
        CONFLICT,
        outcome.reason === 'not_answered'
          ? 'the request is not closed yet (尚未办结，暂不能评价)'
          : 'the request has already been rated (已评价，不能更改)',
      );
    }
    return {
      ok: true,
      value: {
        service_request_id: id,
        rating: outcome.rating.rating,
        rated_datetime: formatOpen311Datetime(outcome.rating.ratedAtMs),
      },
    };
  }

  /** Whether `token` is the one the create of request `id` answered with (only its sender has it). */
  async isCreateToken(id: string, token: unknown): Promise<boolean> {
    const issued = (await this.deps.repository.open311IntakeOf(id))?.token;
    if (issued === undefined || typeof token !== 'string') return false;
    const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
    return timingSafeEqual(digest(issued), digest(token));
  }

  private viewsOf(
    incidents: readonly Incident[],
    locale: Open311Locale,
  ): Promise<Open311ServiceRequest[]> {
    const placeAddressOf = this.deps.placeAddresses();
    return Promise.all(
      incidents.map(async (incident) => {
        const typed = (await this.deps.repository.open311IntakeOf(incident.id))?.address ?? '';
        const address =
          typed === '' ? await placeAddressOf(incident.location, incident.gridCode) : typed;
        const view = publicMediaOf(toOpen311ServiceRequest(incident, locale, address));
        if (view.status !== 'closed') return view;
        // A closed request of a citizen or partner carries the answer to its reporter.
        const answer = await this.deps.answers.repository.answerOf(incident.id);
        return answer === null || answer.channel === 'hotline'
          ? view
          : { ...view, status_notes: publicClosingNote(answer, locale) };
      }),
    );
  }
}
