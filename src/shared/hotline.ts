/**
 * Wire types of the hotline desk (12345 / 96005, decision 0026): taking a call, the address
 * search against the register, the call-back list of closed hotline cases, and the caller's
 * satisfaction. The caller's number goes in once and only ever comes back masked (the full
 * number only through the audited call-back number route).
 */
import type { SatisfactionRating, ReporterRating } from '../domain/incidents/reporterAnswer';
import type { IncidentState } from '../domain/incidents/incident';
import { API_PREFIX } from './api';
import type { PossibleDuplicate } from './incidents';

export type { SatisfactionRating, ReporterRating };

export const HOTLINE_API_PATH = `${API_PREFIX}/hotline`;
export const HOTLINE_ADDRESSES_PATH = `${HOTLINE_API_PATH}/addresses`;
export const HOTLINE_INTAKE_CHECK_PATH = `${HOTLINE_API_PATH}/intake-check`;
export const HOTLINE_CALLS_PATH = `${HOTLINE_API_PATH}/calls`;
export const HOTLINE_CALLBACKS_PATH = `${HOTLINE_API_PATH}/callbacks`;

/** Longest address search text; shorter than 1 character finds nothing. */
export const MAX_ADDRESS_QUERY_LENGTH = 60;
/** Most addresses one search answers. */
export const MAX_ADDRESS_MATCHES = 10;

/** A building of the register whose address or name matched. */
export interface AddressMatch {
  buildingId: number;
  name: string;
  address: string;
  gridCode: string;
  lon: number;
  lat: number;
}

/** POST /api/hotline/calls. */
export interface HotlineCallRequest {
  /** Digits, with an optional leading + and separators (spaces, dashes) that are dropped. */
  callerPhone: string;
  categoryCode: string;
  description: string;
  lon: number;
  lat: number;
  /** The address as found in the register or told by the caller; kept as the report's note. */
  address?: string;
}

export interface HotlineCallResponse {
  incidentId: string;
  gridCode: string;
  state: IncidentState;
  callerPhoneMasked: string;
  possibleDuplicates: PossibleDuplicate[];
}

/** A closed hotline case whose caller waits for the call-back. */
export interface HotlineCallback {
  incidentId: string;
  categoryCode: string;
  closedState: IncidentState;
  /** The verifier's note, masked (the state's words come from closedState). */
  closingNote: string;
  closedAtMs: number;
  callerPhoneMasked: string;
  rating: ReporterRating | null;
}

export interface HotlineCallbackList {
  items: HotlineCallback[];
}

/** POST /api/hotline/callbacks/:id/number: the full number to dial (audited). */
export interface CallerNumber {
  phone: string;
}

/** POST /api/hotline/callbacks/:id: the call-back made; the rating when the caller gave one. */
export interface HotlineCallbackDone {
  rating?: SatisfactionRating;
}
