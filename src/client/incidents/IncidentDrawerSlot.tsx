/** The selected incident's drawer, as a wall panel: nothing while no incident is selected. */
import { IncidentDrawer } from './IncidentDrawer';
import { useIncidentStore } from './incidentStore';

export function IncidentDrawerSlot() {
  const selectedId = useIncidentStore((state) => state.selectedIncidentId);
  if (selectedId === null) return null;
  // Keyed: another incident starts with fresh forms, not the last one's half-typed note.
  return <IncidentDrawer key={selectedId} incidentId={selectedId} />;
}
