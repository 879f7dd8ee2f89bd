import { openDatabase } from '../src/server/store/openDatabase';
import { SqliteRollupStatsStore } from '../src/server/store/sqliteRollupStatsStore';
import { SqliteRegistry } from '../src/server/store/sqliteRegistry';
import { SqliteTrackingStore } from '../src/server/store/sqliteTrackingStore';
const db = openDatabase('/tmp/rollups/bench1m.sqlite', { readonly: true });
const store = new SqliteRollupStatsStore(db);
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const streets = (db.prepare('SELECT code FROM grids WHERE level = 2').all() as any[]).map((r) => r.code);
const from = Date.UTC(2026, 10, 5, 16, 0);
const registry = new SqliteRegistry(db); const tracking = new SqliteTrackingStore(db);
const fns: Record<string, (area: any) => unknown> = {
  cat: (a) => store.countPersonsByCategory(a),
  birth: (a) => store.countPersonsByBirthYear(a),
  tag: (a) => store.countPersonsByTag(a, ['disabled']),
  units: (a) => store.countUnitsByBuildingKind(a),
  since: (a) => store.countIncidentsSince(a, [from]),
  by: (a) => store.countIncidentsBy(a, 'category', from),
  clos: (a) => store.countClosures(a, from),
  over: (a) => store.countOverdue(a, NOW_MS),
  esc: (a) => store.countEscalations(a, from),
  hot: (a) => store.hottestGrids(a, from, 5),
  waits: (a) => store.summariseStepWaits(a, from),
  findGrid: (a) => registry.findGrid(a.gridCode),
  workers: () => tracking.listWorkers(),
};
for (const [name, f] of Object.entries(fns)) {
  const t = performance.now(); for (let i = 0; i < 50; i++) f({ gridCode: streets[i % streets.length], scopes: ['350102'] });
  console.log(name, ((performance.now() - t) / 50).toFixed(2));
}
console.log(db.prepare("SELECT COUNT(*) n FROM stats_wait_rollup WHERE area = ? AND day_ms >= ?").get(streets[0], from));
console.log(db.prepare("SELECT COUNT(*) n FROM stats_due_rollup WHERE area = ? AND due_ms <= ?").get(streets[0], NOW_MS));
