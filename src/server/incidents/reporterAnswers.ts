/**
 * The reporter's answer and rating (decision 0026). The answer is written by the closing step
 * itself (IncidentService adds it to the change); this use case hands partners' answers to the
 * callback adapter (and again, with backoff, after a failure), lists the hotline desk's
 * call-backs, and records ratings once per incident.
 */
import {
  nextCallbackAttemptAtMs,
  PARTNER_CALLBACK_MAX_ATTEMPTS,
} from '../../domain/incidents/callbackBackoff';
import { formatOpen311Datetime, toOpen311StatusNotes } from '../../domain/incidents/open311Mapping';
import {
  judgeRating,
  type RatingOutcome,
  type ReporterChannel,
  type ReporterRating,
  type SatisfactionRating,
} from '../../domain/incidents/reporterAnswer';
import { maskFreeText } from '../../domain/privacy/maskFreeText';
import type { ReporterAnswer } from './incidentRepository';
import { PARTNER_CALLBACK_TIMEOUT_MS, type PartnerCallback } from './partnerCallbacks';

/** A claimed attempt that never reported back (the process died) may be made again after this. */
const PARTNER_ATTEMPT_LEASE_MS = 2 * PARTNER_CALLBACK_TIMEOUT_MS;

/** Asynchronous, for either engine (docs/decisions/0040-postgresql.md). */
export interface ReporterAnswerRepository {
  answerOf(incidentId: string): Promise<ReporterAnswer | null>;
  /** Answers of a channel not yet done, inside the scopes, oldest closing first. */
  listWaiting(
    channel: ReporterChannel,
    scopes: readonly string[],
    limit: number,
  ): Promise<ReporterAnswer[]>;
  /** False when there was nothing waiting (another call marked it done first). */
  markDone(incidentId: string, by: string, atMs: number): Promise<boolean>;
  ratingOf(incidentId: string): Promise<ReporterRating | null>;
  /** False when the incident already has a rating (the first one stays). */
  saveRating(incidentId: string, rating: ReporterRating, ratedBy: string): Promise<boolean>;
}

/** Where a partner's answer stands in the outbox. */
export interface PartnerDeliveryState {
  incidentId: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAtMs: number | null;
  /** Null: no further attempt (delivered, or tried the most times allowed). */
  nextAttemptAtMs: number | null;
}

/** Asynchronous, for either engine (docs/decisions/0040-postgresql.md). */
export interface PartnerDeliveryRepository {
  /**
   * Takes the next attempt for a waiting partner answer whose attempt is due (or never made),
   * holding it until `leaseUntilMs`; the attempts made so far, or null when it is not for now.
   * One transaction: of claims made at once, one takes the attempt.
   */
  claim(
    incidentId: string,
    nowMs: number,
    leaseUntilMs: number,
    maxAttempts: number,
  ): Promise<number | null>;
  record(incidentId: string, state: Omit<PartnerDeliveryState, 'incidentId'>): Promise<void>;
  stateOf(incidentId: string): Promise<PartnerDeliveryState | null>;
  /** Waiting partner answers whose next attempt is due, oldest closing first. */
  listDue(
    nowMs: number,
    maxAttempts: number,
    limit: number,
  ): Promise<{ incidentId: string; partner: string }[]>;
}

/** The closing note as a reporter sees it: the state's public words, then the verifier's note. */
export function publicClosingNote(answer: ReporterAnswer, locale: 'zh' | 'en'): string {
  const state = toOpen311StatusNotes(answer.closedState, locale);
  const note = maskFreeText(answer.closingNote.trim());
  return note === '' ? state : `${state}${locale === 'zh' ? '：' : ': '}${note}`;
}

export class ReporterAnswers {
  constructor(
    private readonly deps: {
      repository: ReporterAnswerRepository;
      deliveries: PartnerDeliveryRepository;
      nowMs: () => number;
      partnerCallback: () => PartnerCallback;
    },
  ) {}

  get repository(): ReporterAnswerRepository {
    return this.deps.repository;
  }

  /**
   * After a closing commit, and again from the retry job: a partner's answer goes to its
   * adapter; delivered → marked done, once; failed → the attempt, its error and the next
   * attempt's time are kept. True when this call delivered it.
   */
  async deliverToPartner(incidentId: string): Promise<boolean> {
    const { repository, deliveries, nowMs } = this.deps;
    const answer = await repository.answerOf(incidentId);
    if (answer === null || answer.channel !== 'partner' || answer.partner === null) return false;
    const callback = this.deps.partnerCallback();
    const message = {
      partner: answer.partner,
      service_request_id: incidentId,
      status: 'closed' as const,
      status_notes: publicClosingNote(answer, 'zh'),
      updated_datetime: formatOpen311Datetime(answer.closedAtMs),
    };
    if (!callback.sendsTo(answer.partner)) {
      // Nothing to send to: the adapter logs that it waits; the partner polls for it.
      await callback.deliver(message);
      return false;
    }
    const startedAtMs = nowMs();
    const attemptsBefore = await deliveries.claim(
      incidentId,
      startedAtMs,
      startedAtMs + PARTNER_ATTEMPT_LEASE_MS,
      PARTNER_CALLBACK_MAX_ATTEMPTS,
    );
    if (attemptsBefore === null) return false;
    const outcome = await callback.deliver(message);
    const attempts = attemptsBefore + 1;
    const atMs = nowMs();
    if (outcome.delivered) {
      await repository.markDone(incidentId, `partner:${answer.partner}`, atMs);
      await deliveries.record(incidentId, {
        attempts,
        lastError: null,
        lastAttemptAtMs: atMs,
        nextAttemptAtMs: null,
      });
      return true;
    }
    await deliveries.record(incidentId, {
      attempts,
      lastError: outcome.error,
      lastAttemptAtMs: atMs,
      nextAttemptAtMs: nextCallbackAttemptAtMs(attempts, atMs),
    });
    return false;
  }

  /** The retry job's pass: every partner answer whose next attempt is due, one after another. */
  async retryDuePartnerAnswers(
    limit: number,
    stopped: () => boolean = () => false,
  ): Promise<number> {
    const callback = this.deps.partnerCallback();
    const due = (
      await this.deps.deliveries.listDue(this.deps.nowMs(), PARTNER_CALLBACK_MAX_ATTEMPTS, limit)
    ).filter((entry) => callback.sendsTo(entry.partner));
    let delivered = 0;
    for (const { incidentId } of due) {
      if (stopped()) break;
      if (await this.deliverToPartner(incidentId)) delivered++;
    }
    return delivered;
  }

  /** Records the reporter's rating once; the same rating again is accepted and changes nothing. */
  async rate(
    incidentId: string,
    rating: SatisfactionRating,
    channel: ReporterChannel,
    ratedBy: string,
  ): Promise<RatingOutcome> {
    const { repository } = this.deps;
    const existing = await repository.ratingOf(incidentId);
    const answered = (await repository.answerOf(incidentId)) !== null;
    const verdict = judgeRating(answered, existing, rating);
    if (!verdict.ok) return verdict;
    if (!verdict.record && existing !== null)
      return { ok: true, rating: existing, recorded: false };
    const recorded = { rating, channel, ratedAtMs: this.deps.nowMs() };
    if (!(await repository.saveRating(incidentId, recorded, ratedBy))) {
      // Another request rated it between the read and the write: judge against that one.
      return this.rate(incidentId, rating, channel, ratedBy);
    }
    return { ok: true, rating: recorded, recorded: true };
  }
}
