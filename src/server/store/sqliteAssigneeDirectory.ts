/** The assignment rule's lookups on SQLite: app users and grid workers of one database. */
import type { AssigneeDirectory } from '../incidents/assignmentRule';
import type { SqliteDatabase } from './openDatabase';
import { SqliteAuthStore } from './sqliteAuthStore';
import { SqliteTrackingStore } from './sqliteTrackingStore';

export function sqliteAssigneeDirectory(db: SqliteDatabase): AssigneeDirectory {
  const users = new SqliteAuthStore(db);
  const workers = new SqliteTrackingStore(db);
  return {
    findUser: (username) => users.findUser(username),
    workerById: (workerId) => workers.workerById(workerId),
  };
}
