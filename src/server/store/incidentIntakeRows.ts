/**
 * How an incident came in, in SQLite: the citizen reporter's contact (kept apart from the
 * incident, which travels to screens), an Open311 create's token and typed address, and the
 * device report key that makes a phone's resent
 * report land on the incident it already created.
 */
import type {
  IncidentChange,
  Open311Intake,
  ReporterContact,
} from '../incidents/incidentRepository';
import type { IdentifierSealer } from './sealedIdentifiers';
import type { StatementCache } from './statementCache';

/** The reporter's contact is stored sealed (sealedIdentifiers.ts), never in clear. */
export function writeIntake(
  statements: StatementCache,
  change: IncidentChange,
  sealer: () => IdentifierSealer,
): void {
  const incidentId = change.incident.id;
  if (change.reporter !== undefined) {
    const seal = sealer();
    statements
      .get(
        'INSERT INTO incident_reporters (incident_id, name_sealed, phone_sealed, email_sealed) ' +
          'VALUES (?, ?, ?, ?)',
      )
      .run(
        incidentId,
        seal.seal('reporter_name', change.reporter.name),
        seal.seal('reporter_phone', change.reporter.phone),
        seal.seal('reporter_email', change.reporter.email),
      );
  }
  if (change.deviceReport !== undefined) {
    statements
      .get(
        'INSERT INTO incident_device_reports (worker_id, client_ref, incident_id) VALUES (?, ?, ?)',
      )
      .run(change.deviceReport.workerId, change.deviceReport.clientRef, incidentId);
  }
  if (change.open311 !== undefined) {
    statements
      .get('INSERT INTO incident_open311 (incident_id, token, address) VALUES (?, ?, ?)')
      .run(incidentId, change.open311.token, change.open311.address);
  }
}

export function open311IntakeOf(
  statements: StatementCache,
  incidentId: string,
): Open311Intake | null {
  const row = statements
    .get('SELECT token, address FROM incident_open311 WHERE incident_id = ?')
    .get(incidentId) as Open311Intake | undefined;
  return row ?? null;
}

export function incidentIdOfOpen311Token(statements: StatementCache, token: string): string | null {
  const row = statements
    .get('SELECT incident_id FROM incident_open311 WHERE token = ?')
    .get(token) as { incident_id: string } | undefined;
  return row?.incident_id ?? null;
}

export function reporterOf(
  statements: StatementCache,
  incidentId: string,
  sealer: () => IdentifierSealer,
): ReporterContact | null {
  const row = statements
    .get(
      'SELECT name_sealed, phone_sealed, email_sealed FROM incident_reporters WHERE incident_id = ?',
    )
    .get(incidentId) as Record<string, Buffer> | undefined;
  if (row === undefined) return null;
  const open = sealer();
  return {
    name: open.open('reporter_name', row.name_sealed!),
    phone: open.open('reporter_phone', row.phone_sealed!),
    email: open.open('reporter_email', row.email_sealed!),
  };
}

export function incidentIdOfDeviceReport(
  statements: StatementCache,
  workerId: number,
  clientRef: string,
): string | null {
  const row = statements
    .get('SELECT incident_id FROM incident_device_reports WHERE worker_id = ? AND client_ref = ?')
    .get(workerId, clientRef) as { incident_id: string } | undefined;
  return row?.incident_id ?? null;
}
