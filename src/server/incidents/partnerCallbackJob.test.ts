import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PARTNER_CALLBACK_FIRST_RETRY_MS,
  PARTNER_CALLBACK_MAX_ATTEMPTS,
} from '../../domain/incidents/callbackBackoff';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { sqlitePartnerDeliveries } from '../store/partnerCallbackRows';
import { sqliteReporterAnswers, writeReporterAnswer } from '../store/reporterAnswerRows';
import { StatementCache } from '../store/statementCache';
import { PartnerCallbackJob } from './partnerCallbackJob';
import type {
  PartnerAnswerMessage,
  PartnerCallback,
  PartnerDeliveryOutcome,
} from './partnerCallbacks';
import { ReporterAnswers } from './reporterAnswers';

const INCIDENT_ID = 'INC00000042';

/** A partner that fails the first `failures` calls, then takes everything; counts what it got. */
class FlakyPartner implements PartnerCallback {
  readonly received: PartnerAnswerMessage[] = [];
  calls = 0;

  constructor(private failures: number) {}

  sendsTo(partner: string): boolean {
    return partner === '12345';
  }

  async deliver(message: PartnerAnswerMessage): Promise<PartnerDeliveryOutcome> {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failures > 0) {
      this.failures--;
      return { delivered: false, error: 'HTTP 503' };
    }
    this.received.push(message);
    return { delivered: true };
  }
}

describe('partner callback retries', () => {
  let dir: string;
  let db: SqliteDatabase;
  let nowMs: number;

  function writeAnswer(incidentId: string): void {
    writeReporterAnswer(new StatementCache(db), {
      reporterAnswer: {
        incidentId,
        channel: 'partner',
        partner: '12345',
        closedState: 'closed',
        closingNote: '已清理',
        closedAtMs: nowMs,
        gridCode: '350102001001001',
        doneAtMs: null,
      },
    } as Parameters<typeof writeReporterAnswer>[1]);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callback-retry-'));
    db = openDatabase(join(dir, 'test.sqlite'));
    // The outbox row alone is what this test is about; no incident behind it.
    db.pragma('foreign_keys = OFF');
    nowMs = Date.parse('2026-12-05T10:00:00Z');
    writeAnswer(INCIDENT_ID);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function answersWith(partner: PartnerCallback) {
    const deliveries = sqlitePartnerDeliveries(db);
    const repository = sqliteReporterAnswers(db);
    const answers = new ReporterAnswers({
      repository,
      deliveries,
      nowMs: () => nowMs,
      partnerCallback: () => partner,
    });
    return { answers, deliveries, repository };
  }

  it('delivers a failing then succeeding callback once, after the backoff', async () => {
    const partner = new FlakyPartner(1);
    const { answers, deliveries, repository } = answersWith(partner);
    const job = new PartnerCallbackJob(answers);

    expect(await answers.deliverToPartner(INCIDENT_ID)).toBe(false);
    expect(await deliveries.stateOf(INCIDENT_ID)).toMatchObject({
      attempts: 1,
      lastError: 'HTTP 503',
      nextAttemptAtMs: nowMs + PARTNER_CALLBACK_FIRST_RETRY_MS,
    });
    // Not due yet: the job does not call the partner.
    expect(await job.runOnce()).toBe(0);
    expect(partner.calls).toBe(1);

    nowMs += PARTNER_CALLBACK_FIRST_RETRY_MS;
    // A second pass asked while one runs joins it; of the pass and a direct hand-over meanwhile,
    // whichever claims the attempt first makes it, the other finds it claimed. Only one call
    // reaches the partner.
    const [pass, joined, direct] = await Promise.all([
      job.runOnce(),
      job.runOnce(),
      answers.deliverToPartner(INCIDENT_ID),
    ]);
    expect(joined).toBe(pass);
    expect(pass + (direct ? 1 : 0)).toBe(1);
    expect(partner.received).toHaveLength(1);
    expect(partner.received[0]).toMatchObject({
      partner: '12345',
      service_request_id: INCIDENT_ID,
    });
    expect((await repository.answerOf(INCIDENT_ID))?.doneAtMs).toBe(nowMs);
    expect(await deliveries.stateOf(INCIDENT_ID)).toMatchObject({
      attempts: 2,
      lastError: null,
      nextAttemptAtMs: null,
    });

    nowMs += 24 * 3_600_000;
    expect(await job.runOnce()).toBe(0);
    expect(partner.calls).toBe(2);
  });

  it('stops after the last attempt allowed and keeps the last error in the outbox', async () => {
    const partner = new FlakyPartner(Number.POSITIVE_INFINITY);
    const { answers, deliveries, repository } = answersWith(partner);
    const job = new PartnerCallbackJob(answers);
    for (let pass = 0; pass < PARTNER_CALLBACK_MAX_ATTEMPTS + 3; pass++) {
      await job.runOnce();
      nowMs += 2 * 3_600_000;
    }
    expect(partner.calls).toBe(PARTNER_CALLBACK_MAX_ATTEMPTS);
    expect(await deliveries.stateOf(INCIDENT_ID)).toMatchObject({
      attempts: PARTNER_CALLBACK_MAX_ATTEMPTS,
      lastError: 'HTTP 503',
      nextAttemptAtMs: null,
    });
    expect((await repository.answerOf(INCIDENT_ID))?.doneAtMs).toBeNull();
  });

  it('stops after the answer being handed over, and settles stop once it is', async () => {
    writeAnswer('INC00000043');
    let answerPartner: () => void = () => {};
    let handedOver = 0;
    const partner = new FlakyPartner(0);
    const deliver = partner.deliver.bind(partner);
    partner.deliver = async (message) => {
      handedOver++;
      await new Promise<void>((resolve) => (answerPartner = resolve));
      return deliver(message);
    };
    const { answers } = answersWith(partner);
    const job = new PartnerCallbackJob(answers);
    const pass = job.runOnce();
    await vi.waitFor(() => expect(handedOver).toBe(1));
    let stopped = false;
    const stopping = (async () => {
      await job.stop();
      stopped = true;
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    answerPartner();
    await stopping;
    expect(await pass).toBe(1);
    // The second due answer waits for the next start.
    expect(handedOver).toBe(1);
    expect(partner.received).toHaveLength(1);
  });

  it('does not try partners that have no callback URL', async () => {
    const partner = new FlakyPartner(0);
    partner.sendsTo = () => false;
    const { answers } = answersWith(partner);
    expect(await new PartnerCallbackJob(answers).runOnce()).toBe(0);
    expect(partner.calls).toBe(0);
  });
});
