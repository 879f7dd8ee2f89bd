/**
 * The contract of ResidentPhotoRepository on every engine (docs/decisions/0040-postgresql.md): a
 * citizen's report stored through each engine's IncidentRepository, photos added to it, several
 * at once through two nodes (two connections to the SQLite file, two pools on PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../../domain/incidents/incident';
import { reportIncident } from '../../../domain/incidents/incidentStateMachine';
import { openDatabase } from '../../store/openDatabase';
import { PostgresIncidentRepository } from '../../store/pg/postgresIncidentRepository';
import { PostgresResidentPhotos } from '../../store/pg/postgresResidentPhotos';
import { sqliteResidentPhotoRepository } from '../../store/residentPhotoRows';
import { loadIdentifierSealer } from '../../store/dataKeyFiles';
import { sqliteIncidentRepository } from '../../store/sqliteIncidentStore';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import type { IncidentRepository } from '../incidentRepository';
import { MAX_PHOTOS_PER_REPORT, type ResidentPhotoRepository } from './residentPhotos';

const T0_MS = Date.UTC(2026, 11, 6, 9);
const GRID = '350102001001001';
/** Photos sent at once, more than a report takes; each PostgreSQL pool has as many clients. */
const AT_ONCE = 2 * MAX_PHOTOS_PER_REPORT;

interface Opened {
  incidents: IncidentRepository;
  /** Two nodes of one database. */
  photos: [ResidentPhotoRepository, ResidentPhotoRepository];
  close(): void;
}

const keyDir = mkdtempSync(join(tmpdir(), 'gcc-resident-photo-key-'));
const sealer = loadIdentifierSealer(keyDir, { create: true, env: {} });

const ENGINES = [
  sqliteContractEngine<Opened>('resident-photos', (path) => {
    const dbs = [openDatabase(path), openDatabase(path)];
    return {
      incidents: sqliteIncidentRepository(dbs[0]!),
      photos: [sqliteResidentPhotoRepository(dbs[0]!), sqliteResidentPhotoRepository(dbs[1]!)],
      close: () => dbs.forEach((db) => db.close()),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['incidents', 'incident_events'],
    pools: 2,
    poolSize: AT_ONCE,
    open: ([one, two]) => ({
      incidents: new PostgresIncidentRepository(one!, () => sealer),
      photos: [new PostgresResidentPhotos(one!), new PostgresResidentPhotos(two!)],
      close: () => {},
    }),
  }),
];

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

function photoNumbered(index: number, incidentId: string) {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const attachment: Attachment = {
    name: `${id}.jpg`,
    mime: 'image/jpeg',
    url: `/api/photos/${id}`,
  };
  return { photo: { id, incidentId, bytes: 1000 + index, createdAtMs: T0_MS + index }, attachment };
}

describe.each(ENGINES)('resident photos on $name', (engine) => {
  let opened: Opened;
  let incidentId: string;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    await opened.incidents.createIncident({}, (id) => {
      incidentId = id;
      const reported = reportIncident(
        {
          id,
          categoryCode: 'street_order',
          source: 'citizen',
          location: { lon: 119.3, lat: 26.08 },
          gridCode: GRID,
          description: 'stall on the pavement',
          attachments: [{ name: 'first.jpg', mime: 'image/jpeg', url: 'https://example.org/1' }],
        },
        { username: 'citizen:open311', role: 'citizen' },
        T0_MS,
      );
      if (!reported.ok) throw new Error(reported.error.message.en);
      return { incident: reported.incident, isNew: true, events: [] };
    });
  });
  afterEach(() => opened.close());

  it('lists each photo on the report step, up to the limit, and knows it is public', async () => {
    const [node] = opened.photos;
    const added: Attachment[] = [];
    for (let index = 1; index <= MAX_PHOTOS_PER_REPORT; index++) {
      const { photo, attachment } = photoNumbered(index, incidentId);
      expect(await node.addToReport(photo, attachment, MAX_PHOTOS_PER_REPORT)).toBe(true);
      added.push(attachment);
    }
    const { photo, attachment } = photoNumbered(99, incidentId);
    expect(await node.addToReport(photo, attachment, MAX_PHOTOS_PER_REPORT)).toBe(false);
    expect(await node.isResidentPhoto(photoNumbered(1, incidentId).photo.id)).toBe(true);
    expect(await opened.photos[1].isResidentPhoto(photo.id)).toBe(false);
    const report = (await opened.incidents.findIncident(incidentId))?.history[0];
    expect(report?.attachments).toEqual([
      { name: 'first.jpg', mime: 'image/jpeg', url: 'https://example.org/1' },
      ...added,
    ]);
  });

  it('takes no more than the limit of photos sent at once through two nodes', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, index) => {
        const { photo, attachment } = photoNumbered(index + 1, incidentId);
        return opened.photos[index % 2]!.addToReport(photo, attachment, MAX_PHOTOS_PER_REPORT);
      }),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(MAX_PHOTOS_PER_REPORT);
    const report = (await opened.incidents.findIncident(incidentId))?.history[0];
    expect(report?.attachments).toHaveLength(1 + MAX_PHOTOS_PER_REPORT);
  });
});
