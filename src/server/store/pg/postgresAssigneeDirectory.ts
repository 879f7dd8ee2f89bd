/**
 * The assignment rule's lookups on PostgreSQL: users (migration 0005) and workers with their grids
 * (0002) through their repositories' adapters, as on SQLite.
 */
import type { AssigneeDirectory } from '../../incidents/assignmentRule';
import type { IdentifierSealer } from '../sealedIdentifiers';
import type { PostgresPool } from './postgresPool';
import { PostgresTrackingRepository } from './postgresTrackingRepository';
import { PostgresUserAdminRepository } from './postgresUserAdminRepository';

export function postgresAssigneeDirectory(
  pool: PostgresPool,
  sealer: IdentifierSealer,
): AssigneeDirectory {
  const users = new PostgresUserAdminRepository(pool);
  const workers = new PostgresTrackingRepository(pool, sealer);
  return {
    findUser: (username) => users.findUser(username),
    workerById: (workerId) => workers.workerById(workerId),
  };
}
