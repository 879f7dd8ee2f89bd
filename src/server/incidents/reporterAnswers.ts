/**
 * The reporter's answer and rating (decision 0026). The answer is written by the closing step
 * itself (IncidentService adds it to the change); this use case hands partners' answers to the
 * callback adapter, lists the hotline desk's call-backs, and records ratings once per incident.
 */
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
import type { PartnerCallback } from './partnerCallbacks';

export interface ReporterAnswerRepository {
  answerOf(incidentId: string): ReporterAnswer | null;
  /** Answers of a channel not yet done, inside the scopes, oldest closing first. */
  listWaiting(channel: ReporterChannel, scopes: readonly string[], limit: number): ReporterAnswer[];
  /** False when there was nothing waiting. */
  markDone(incidentId: string, by: string, atMs: number): boolean;
  ratingOf(incidentId: string): ReporterRating | null;
  /** False when the incident already has a rating (the first one stays). */
  saveRating(incidentId: string, rating: ReporterRating, ratedBy: string): boolean;
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
      nowMs: () => number;
      partnerCallback: () => PartnerCallback;
    },
  ) {}

  get repository(): ReporterAnswerRepository {
    return this.deps.repository;
  }

  /** After a closing commit: a partner's answer goes to its adapter; delivered → marked done. */
  async deliverToPartner(incidentId: string): Promise<boolean> {
    const answer = this.deps.repository.answerOf(incidentId);
    if (answer === null || answer.channel !== 'partner' || answer.partner === null) return false;
    const delivered = await this.deps.partnerCallback().deliver({
      partner: answer.partner,
      service_request_id: incidentId,
      status: 'closed',
      status_notes: publicClosingNote(answer, 'zh'),
      updated_datetime: formatOpen311Datetime(answer.closedAtMs),
    });
    if (delivered)
      this.deps.repository.markDone(incidentId, `partner:${answer.partner}`, this.deps.nowMs());
    return delivered;
  }

  /** Records the reporter's rating once; the same rating again is accepted and changes nothing. */
  rate(
    incidentId: string,
    rating: SatisfactionRating,
    channel: ReporterChannel,
    ratedBy: string,
  ): RatingOutcome {
    const { repository } = this.deps;
    const existing = repository.ratingOf(incidentId);
    const verdict = judgeRating(repository.answerOf(incidentId) !== null, existing, rating);
    if (!verdict.ok) return verdict;
    if (!verdict.record && existing !== null)
      return { ok: true, rating: existing, recorded: false };
    const recorded = { rating, channel, ratedAtMs: this.deps.nowMs() };
    if (!repository.saveRating(incidentId, recorded, ratedBy)) {
      // Another request rated it between the read and the write: judge against that one.
      return this.rate(incidentId, rating, channel, ratedBy);
    }
    return { ok: true, rating: recorded, recorded: true };
  }
}
