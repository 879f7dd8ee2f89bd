/**
 * The hotline desk's use cases (12345 / 96005, decision 0026): take a call into the incident loop
 * as a hotline case (the caller's number stored sealed as the reporter's contact, audited), look
 * up an address in the register, see possible duplicates, and work the call-back list of closed
 * hotline cases: the number to dial (audited), the call-back made with the caller's rating.
 * Every read and write checks the operator's scope; an incident outside it answers like a
 * missing one.
 */
import { maskIdentifier } from '../../domain/idNumber';
import { isInScope } from '../../domain/gridCode';
import type { Incident } from '../../domain/incidents/incident';
import type { LonLat } from '../../domain/registry';
import { maskFreeText } from '../../domain/privacy/maskFreeText';
import type {
  AddressMatch,
  HotlineCallRequest,
  HotlineCallResponse,
  HotlineCallback,
  SatisfactionRating,
} from '../../shared/hotline';
import { MAX_ADDRESS_MATCHES } from '../../shared/hotline';
import type { NewAuditRecord } from '../audit/auditRepository';
import { LocalizedError, requireVisible, type Caller } from '../registry/accessErrors';
import type { ReporterAnswer } from './incidentRepository';
import { BadRequestError, type IncidentService } from './incidentService';
import type { ReporterAnswers } from './reporterAnswers';

/** A phone number as callers give it: digits, an optional leading +, spaces or dashes between. */
const PHONE_PATTERN = /^\+?\d{5,20}$/;
const PHONE_SEPARATORS = /[\s-]/g;
/** Most call-backs one list answers (oldest closing first: who has waited longest). */
export const MAX_CALLBACKS_LISTED = 200;

/**
 * The register's buildings inside the scopes whose address or name contains the text (ASCII
 * letters in any case), by address (byte order), then id. The adapters are
 * store/sqliteAddressSearch.ts and store/pg/postgresAddressSearch.ts, checked by
 * addressSearch.contract.test.ts.
 */
export interface AddressSearch {
  searchAddresses(text: string, scopes: readonly string[], limit: number): Promise<AddressMatch[]>;
}

export interface HotlineDeskDeps {
  incidents: IncidentService;
  answers: ReporterAnswers;
  addresses: AddressSearch;
  audit: { recordAudit(record: NewAuditRecord): Promise<number> };
  now: () => Date;
}

export function normalisePhone(text: string): string | null {
  const phone = text.replace(PHONE_SEPARATORS, '');
  return PHONE_PATTERN.test(phone) ? phone : null;
}

const NOT_A_CALLBACK = new LocalizedError(409, {
  zh: '该事件没有待回访的热线来电',
  en: 'this incident has no hotline call waiting for a call-back',
});

export class HotlineDesk {
  constructor(private readonly deps: HotlineDeskDeps) {}

  async searchAddresses(caller: Caller, text: string): Promise<AddressMatch[]> {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    return this.deps.addresses.searchAddresses(trimmed, caller.scopes, MAX_ADDRESS_MATCHES);
  }

  intakeCheck(caller: Caller, categoryCode: string, location: LonLat) {
    return this.deps.incidents.intakeCheck(caller, categoryCode, location);
  }

  async takeCall(caller: Caller, call: HotlineCallRequest): Promise<HotlineCallResponse> {
    const phone = normalisePhone(call.callerPhone);
    if (phone === null) {
      throw new BadRequestError(
        'callerPhone must be a phone number: 5 to 20 digits (来电号码无效)',
      );
    }
    const address = call.address?.trim() ?? '';
    const outcome = await this.deps.incidents.reportFromUser(
      caller,
      {
        categoryCode: call.categoryCode,
        lon: call.lon,
        lat: call.lat,
        description: call.description,
        source: 'hotline',
        ...(address === '' ? {} : { note: address }),
      },
      { reporter: { name: '', phone, email: '' } },
    );
    if (!outcome.ok) {
      if ('outsideDistrict' in outcome) throw new BadRequestError('outside the district');
      throw new BadRequestError(`${outcome.error.message.en} (${outcome.error.message.zh})`);
    }
    const { incident } = outcome;
    await this.record(caller, 'take_hotline_call', incident.id, { fields: ['caller_phone'] });
    return {
      incidentId: incident.id,
      gridCode: incident.gridCode,
      state: incident.state,
      callerPhoneMasked: maskIdentifier(phone),
      possibleDuplicates: outcome.possibleDuplicates,
    };
  }

  async callbacks(caller: Caller): Promise<HotlineCallback[]> {
    const { answers, incidents } = this.deps;
    const waiting = await answers.repository.listWaiting(
      'hotline',
      caller.scopes,
      MAX_CALLBACKS_LISTED,
    );
    const listed = await Promise.all(
      waiting.map(async (answer) => {
        const incident = await incidents.findIncident(answer.incidentId);
        return incident === null ? null : this.toCallback(answer, incident);
      }),
    );
    return listed.filter((callback) => callback !== null);
  }

  /** The number to dial back, in full: audited like every reveal of a person's phone. */
  async callerNumber(caller: Caller, incidentId: string): Promise<string> {
    const { answer } = await this.waitingCallback(caller, incidentId);
    const phone = (await this.deps.incidents.reporterOf(answer.incidentId))?.phone ?? '';
    if (phone === '') throw NOT_A_CALLBACK;
    await this.record(caller, 'reveal_caller_phone', incidentId, { fields: ['caller_phone'] });
    return phone;
  }

  /** The call-back made; the caller's rating recorded with it (once per incident). */
  async completeCallback(
    caller: Caller,
    incidentId: string,
    rating: SatisfactionRating | undefined,
  ): Promise<HotlineCallback> {
    const { answer, incident } = await this.visibleAnswer(caller, incidentId);
    const { answers } = this.deps;
    const atMs = this.deps.now().getTime();
    // A resend of the same completion changes nothing; another rating afterwards is refused.
    if (rating !== undefined) await this.rateOrRefuse(incidentId, rating, caller.username);
    if (answer.doneAtMs !== null) return this.toCallback(answer, incident);
    if (!(await answers.repository.markDone(incidentId, caller.username, atMs))) {
      // Completed by another request since the read: that one made the call-back and audited it.
      const done = await answers.repository.answerOf(incidentId);
      return this.toCallback(done ?? answer, incident);
    }
    await this.record(
      caller,
      'hotline_callback',
      incidentId,
      rating === undefined ? {} : { rating },
    );
    return this.toCallback({ ...answer, doneAtMs: atMs }, incident);
  }

  private async rateOrRefuse(
    incidentId: string,
    rating: SatisfactionRating,
    by: string,
  ): Promise<void> {
    const outcome = await this.deps.answers.rate(incidentId, rating, 'hotline', by);
    if (!outcome.ok) {
      throw new LocalizedError(409, {
        zh: '该事件已有满意度评价，不能更改',
        en: 'this incident already has a different satisfaction rating',
      });
    }
  }

  private async waitingCallback(
    caller: Caller,
    incidentId: string,
  ): Promise<{ answer: ReporterAnswer; incident: Incident }> {
    const found = await this.visibleAnswer(caller, incidentId);
    if (found.answer.doneAtMs !== null) throw NOT_A_CALLBACK;
    return found;
  }

  private async visibleAnswer(
    caller: Caller,
    incidentId: string,
  ): Promise<{ answer: ReporterAnswer; incident: Incident }> {
    const incident = requireVisible(
      await this.deps.incidents.findIncident(incidentId),
      (found) => isInScope(found.gridCode, caller.scopes),
      'incident',
    );
    const answer = await this.deps.answers.repository.answerOf(incidentId);
    if (answer === null || answer.channel !== 'hotline') throw NOT_A_CALLBACK;
    return { answer, incident };
  }

  private async toCallback(answer: ReporterAnswer, incident: Incident): Promise<HotlineCallback> {
    const phone = (await this.deps.incidents.reporterOf(incident.id))?.phone ?? '';
    const rating = await this.deps.answers.repository.ratingOf(incident.id);
    return {
      incidentId: incident.id,
      categoryCode: incident.categoryCode,
      closedState: answer.closedState,
      closingNote: maskFreeText(answer.closingNote),
      closedAtMs: answer.closedAtMs,
      callerPhoneMasked: phone === '' ? '' : maskIdentifier(phone),
      rating,
    };
  }

  private async record(
    caller: Caller,
    action: string,
    incidentId: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.recordAudit({
      at: this.deps.now().toISOString(),
      username: caller.username,
      action,
      targetType: 'incident',
      targetId: incidentId,
      fields: JSON.stringify(fields),
      reason: '',
    });
  }
}
