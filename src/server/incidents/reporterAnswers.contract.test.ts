/**
 * The contracts of ReporterAnswerRepository and PartnerDeliveryRepository, run against every
 * engine (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case, PostgreSQL in
 * a database of this file's own, emptied per case. No incident stands behind the answers: the
 * answer rows are what these cases are about (the incidents' foreign keys are off on SQLite; on
 * PostgreSQL each answer gets a bare incident row first). The delivery's retries through a partner
 * are tested in partnerCallbackJob.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SatisfactionRating } from '../../domain/incidents/reporterAnswer';
import { openDatabase } from '../store/openDatabase';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { sqlitePartnerDeliveries } from '../store/partnerCallbackRows';
import { inTransaction } from '../store/pg/postgresPool';
import {
  PostgresPartnerDeliveries,
  PostgresReporterAnswers,
  writePostgresReporterAnswer,
} from '../store/pg/postgresReporterAnswers';
import { sqliteReporterAnswers, writeReporterAnswer } from '../store/reporterAnswerRows';
import { StatementCache } from '../store/statementCache';
import type { IncidentChange, ReporterAnswer } from './incidentRepository';
import {
  ReporterAnswers,
  type PartnerDeliveryRepository,
  type ReporterAnswerRepository,
} from './reporterAnswers';

const T0 = Date.UTC(2026, 11, 6, 9);
const GRID = '350102001001001';
const OTHER_STREET_GRID = '350102002001001';
const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;
/** Requests that arrive at once; the PostgreSQL pool has as many clients. */
const AT_ONCE = 5;

interface Opened {
  answers: ReporterAnswerRepository;
  deliveries: PartnerDeliveryRepository;
  /** The closing change's write of an answer (in the incident's transaction in the server). */
  writeAnswer(answer: ReporterAnswer): Promise<void>;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('answers', (path) => {
    const db = openDatabase(path);
    db.pragma('foreign_keys = OFF');
    const statements = new StatementCache(db);
    return {
      answers: sqliteReporterAnswers(db),
      deliveries: sqlitePartnerDeliveries(db),
      writeAnswer: async (answer) =>
        writeReporterAnswer(statements, { reporterAnswer: answer } as IncidentChange),
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['incidents', 'reporter_answers', 'partner_callback_attempts', 'incident_ratings'],
    poolSize: AT_ONCE,
    open: ([pool]) => ({
      answers: new PostgresReporterAnswers(pool!),
      deliveries: new PostgresPartnerDeliveries(pool!),
      writeAnswer: (answer) =>
        inTransaction(pool!, async (client) => {
          // An answer is to an incident (0007's foreign key): its bare row, once.
          await client.query(
            'INSERT INTO incidents (id, category_code, priority, source, lon, lat, grid_code, ' +
              "description, state, reported_at_ms, updated_at_ms) VALUES ($1, 'street_order', " +
              "'normal', 'citizen', 119.3, 26.08, $2, '', $3, $4, $4) ON CONFLICT DO NOTHING",
            [answer.incidentId, answer.gridCode, answer.closedState, answer.closedAtMs],
          );
          await writePostgresReporterAnswer(client, answer);
        }),
      close: () => {},
    }),
  }),
];

function answerOf(incidentId: string, extra: Partial<ReporterAnswer> = {}): ReporterAnswer {
  return {
    incidentId,
    channel: 'partner',
    partner: '12345',
    closedState: 'closed',
    closingNote: '已清理',
    closedAtMs: T0,
    gridCode: GRID,
    doneAtMs: null,
    ...extra,
  };
}

function atOnce<T>(work: () => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: AT_ONCE }, work));
}

describe.each(ENGINES)('reporter answers on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it('lists the waiting answers of a channel inside the scopes, oldest closing first', async () => {
    const { answers, writeAnswer } = opened;
    await writeAnswer(answerOf('INC2', { channel: 'hotline', partner: null, closedAtMs: T0 }));
    await writeAnswer(answerOf('INC1', { channel: 'hotline', partner: null, closedAtMs: T0 }));
    await writeAnswer(answerOf('INC0', { channel: 'hotline', partner: null, closedAtMs: T0 + 1 }));
    await writeAnswer(
      answerOf('INC3', { channel: 'hotline', partner: null, gridCode: OTHER_STREET_GRID }),
    );
    await writeAnswer(answerOf('INC4'));
    const ids = (list: ReporterAnswer[]) => list.map((answer) => answer.incidentId);

    expect(ids(await answers.listWaiting('hotline', ['350102001'], 10))).toEqual([
      'INC1',
      'INC2',
      'INC0',
    ]);
    expect(ids(await answers.listWaiting('hotline', ['350102001'], 2))).toEqual(['INC1', 'INC2']);
    expect(ids(await answers.listWaiting('hotline', ['350102'], 10))).toHaveLength(4);
    expect(await answers.listWaiting('hotline', [], 10)).toEqual([]);
    expect(ids(await answers.listWaiting('partner', ['350102'], 10))).toEqual(['INC4']);
    expect(await answers.answerOf('INC4')).toEqual(answerOf('INC4'));
    expect(await answers.answerOf('INC9')).toBeNull();

    expect(await answers.markDone('INC1', 'hotline01', T0 + 5)).toBe(true);
    expect(await answers.markDone('INC1', 'hotline01', T0 + 6)).toBe(false);
    expect((await answers.answerOf('INC1'))?.doneAtMs).toBe(T0 + 5);
    expect(ids(await answers.listWaiting('hotline', ['350102001'], 10))).toEqual(['INC2', 'INC0']);
  });

  it('marks an answer done once when two call-backs complete it at once', async () => {
    await opened.writeAnswer(answerOf('INC1', { channel: 'hotline', partner: null }));
    const done = await atOnce(() => opened.answers.markDone('INC1', 'hotline01', T0 + 5));
    expect(done.filter(Boolean)).toHaveLength(1);
  });

  it('keeps the first rating: of different ratings at once one is recorded, the rest refused', async () => {
    const { answers, writeAnswer } = opened;
    await writeAnswer(answerOf('INC1'));
    const useCase = new ReporterAnswers({
      repository: answers,
      deliveries: opened.deliveries,
      nowMs: () => T0,
      partnerCallback: () => {
        throw new Error('no callback in this case');
      },
    });
    const wanted: SatisfactionRating[] = ['satisfied', 'dissatisfied', 'basically_satisfied'];
    const outcomes = await Promise.all(
      wanted.map((rating) => useCase.rate('INC1', rating, 'partner', 'partner:12345')),
    );
    const recorded = outcomes.filter((outcome) => outcome.ok && outcome.recorded);
    expect(recorded).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(wanted.length - 1);
    const stored = await answers.ratingOf('INC1');
    expect(recorded[0]).toMatchObject({ rating: stored });
    expect(await answers.saveRating('INC1', { ...stored!, rating: 'satisfied' }, 'x')).toBe(false);
    expect(await useCase.rate('INC2', 'satisfied', 'partner', 'x')).toEqual({
      ok: false,
      reason: 'not_answered',
    });
  });

  it('gives a waiting partner answer one attempt at a time, and again once it is due', async () => {
    const { deliveries, writeAnswer } = opened;
    await writeAnswer(answerOf('INC1'));
    expect(await deliveries.listDue(T0, MAX_ATTEMPTS, 10)).toEqual([
      { incidentId: 'INC1', partner: '12345' },
    ]);

    const first = await atOnce(() => deliveries.claim('INC1', T0, T0 + LEASE_MS, MAX_ATTEMPTS));
    expect(first.sort()).toEqual([0, null, null, null, null]);
    // Claimed: not due again until its lease runs out.
    expect(await deliveries.listDue(T0, MAX_ATTEMPTS, 10)).toEqual([]);
    expect(await deliveries.claim('INC1', T0 + 1, T0 + LEASE_MS, MAX_ATTEMPTS)).toBeNull();

    await deliveries.record('INC1', {
      attempts: 1,
      lastError: 'HTTP 503',
      lastAttemptAtMs: T0 + 10,
      nextAttemptAtMs: T0 + 100,
    });
    expect(await deliveries.stateOf('INC1')).toEqual({
      incidentId: 'INC1',
      attempts: 1,
      lastError: 'HTTP 503',
      lastAttemptAtMs: T0 + 10,
      nextAttemptAtMs: T0 + 100,
    });
    expect(await deliveries.listDue(T0 + 99, MAX_ATTEMPTS, 10)).toEqual([]);
    expect(await deliveries.listDue(T0 + 100, MAX_ATTEMPTS, 10)).toHaveLength(1);
    const again = await atOnce(() =>
      deliveries.claim('INC1', T0 + 100, T0 + 100 + LEASE_MS, MAX_ATTEMPTS),
    );
    expect(again.sort()).toEqual([1, null, null, null, null]);
    expect((await deliveries.stateOf('INC1'))?.nextAttemptAtMs).toBe(T0 + 100 + LEASE_MS);
  });

  it('gives no attempt to an answer done, of another channel, missing or tried too often', async () => {
    const { answers, deliveries, writeAnswer } = opened;
    await writeAnswer(answerOf('DONE'));
    await answers.markDone('DONE', 'partner:12345', T0);
    await writeAnswer(answerOf('CITIZEN', { channel: 'citizen', partner: null }));
    await writeAnswer(answerOf('TRIED'));
    expect(await deliveries.claim('TRIED', T0, T0 + LEASE_MS, MAX_ATTEMPTS)).toBe(0);
    await deliveries.record('TRIED', {
      attempts: MAX_ATTEMPTS,
      lastError: 'HTTP 503',
      lastAttemptAtMs: T0,
      nextAttemptAtMs: T0,
    });
    for (const id of ['DONE', 'CITIZEN', 'MISSING', 'TRIED']) {
      expect(await deliveries.claim(id, T0 + 1, T0 + LEASE_MS, MAX_ATTEMPTS)).toBeNull();
    }
    expect(await deliveries.listDue(T0 + 1, MAX_ATTEMPTS, 10)).toEqual([]);
  });

  it('waits again when the incident is closed again, with earlier attempts forgotten', async () => {
    const { answers, deliveries, writeAnswer } = opened;
    await writeAnswer(answerOf('INC1'));
    expect(await deliveries.claim('INC1', T0, T0 + LEASE_MS, MAX_ATTEMPTS)).toBe(0);
    await answers.markDone('INC1', 'partner:12345', T0 + 1);
    await writeAnswer(answerOf('INC1', { closedState: 'rejected', closedAtMs: T0 + 50 }));
    expect(await answers.answerOf('INC1')).toMatchObject({
      closedState: 'rejected',
      closedAtMs: T0 + 50,
      doneAtMs: null,
    });
    expect(await deliveries.stateOf('INC1')).toBeNull();
    expect(await deliveries.claim('INC1', T0 + 51, T0 + LEASE_MS, MAX_ATTEMPTS)).toBe(0);
  });
});
