/** The assignment rule's lookups on SQLite: the users' and the workers' repositories of one file. */
import type { AssigneeDirectory } from '../incidents/assignmentRule';
import type { SqliteDatabase } from './openDatabase';
import { sqliteUserAdminRepository } from './sqliteAuthStore';
import { sqliteTrackingRepository } from './sqliteTrackingStore';

export function sqliteAssigneeDirectory(db: SqliteDatabase): AssigneeDirectory {
  const users = sqliteUserAdminRepository(db);
  const workers = sqliteTrackingRepository(db);
  return {
    findUser: (username) => users.findUser(username),
    workerById: (workerId) => workers.workerById(workerId),
  };
}
