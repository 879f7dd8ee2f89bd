/**
 * An incident written straight into a server's incident repository (either engine), as a busy day
 * would have left it: one feed event for its last step. Test support only.
 */
import type { Incident } from '../../domain/incidents/incident';
import type { IncidentRepository } from '../incidents/incidentRepository';

/** Stores the incident `make` works out from the id the repository gives; returns it. */
export async function seedIncident(
  incidents: IncidentRepository,
  make: (id: string) => Incident,
): Promise<Incident> {
  let seeded: Incident | undefined;
  await incidents.createIncident({}, (id) => {
    const incident = make(id);
    seeded = incident;
    const { history, ...snapshot } = incident;
    return {
      incident,
      isNew: true,
      events: [{ incident: snapshot, transition: history.at(-1) ?? null, escalation: null }],
    };
  });
  if (seeded === undefined) throw new Error('the incident was not seeded');
  return seeded;
}
