/**
 * A new incident, whichever entry point reports it: the domain's report step (reportIncident)
 * committed with the database's id, the claimed photos and its feed event in one transaction,
 * then published; and the open incidents near the point that the new one may duplicate (the
 * domain's suggestDuplicates over the store's candidates in scope). IncidentService locates the
 * point and checks the caller first; nothing here checks either again.
 */
import { isInScope } from '../../domain/gridCode';
import {
  suggestDuplicates,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_MS,
} from '../../domain/incidents/duplicateSuggestions';
import type { Attachment, IncidentActor, IncidentSource } from '../../domain/incidents/incident';
import type { IncidentPriority } from '../../domain/incidents/incidentCategories';
import type { IncidentResult } from '../../domain/incidents/incidentErrors';
import { reportIncident } from '../../domain/incidents/incidentStateMachine';
import { metresPerDegree } from '../../domain/geo/localFrame';
import type { LonLat } from '../../domain/registry';
import type { PossibleDuplicate } from '../../shared/incidents';
import type { IncidentFeed } from './incidentFeed';
import type { IncidentChange, IncidentRepository } from './incidentRepository';
import { stepChange } from './incidentStepChange';
import { maskDescription } from './incidentTextMasking';
import { toIncidentSnapshot } from './incidentViews';
import { photoAttachment } from './photos/photoStore';

export interface NewReport {
  categoryCode: string;
  location: LonLat;
  description: string;
  source: IncidentSource;
  priority?: IncidentPriority;
  note?: string;
  attachments?: Attachment[];
  /**
   * A phone's uploaded photos, claimed for the new incident with its commit; those that were the
   * worker's and unattached become the report step's attachments.
   */
  workerPhotos?: { workerId: number; photoIds: readonly string[] };
}

/** What reporting uses of IncidentService's dependencies. */
export interface ReportDeps {
  repository: Pick<IncidentRepository, 'createIncident' | 'findIncident' | 'listOpenNear'>;
  feed: Pick<IncidentFeed, 'publish'>;
  nowMs: () => number;
}

/** Commits the report as a new incident in the base grid `gridCode`, then publishes it. */
export async function commitReport(
  deps: ReportDeps,
  report: NewReport,
  gridCode: string,
  actor: IncidentActor,
  extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311'>,
): Promise<IncidentResult> {
  // The id (the database's), the claimed photos and the commit in one transaction: two server
  // nodes never take the same id, a refused report claims no photo, a resent device report
  // finds the incident its first copy made. Published after it ends.
  let reported = null as IncidentResult | null;
  const nowMs = deps.nowMs();
  const intake = {
    ...(extras.deviceReport === undefined ? {} : { deviceReport: extras.deviceReport }),
    ...(report.workerPhotos === undefined ? {} : { workerPhotos: report.workerPhotos }),
  };
  const created = await deps.repository.createIncident(intake, (id, claimedPhotoIds) => {
    const attachments =
      report.attachments ??
      (report.workerPhotos === undefined ? undefined : claimedPhotoIds.map(photoAttachment));
    reported = reportIncident(
      {
        id,
        categoryCode: report.categoryCode,
        ...(report.priority === undefined ? {} : { priority: report.priority }),
        source: report.source,
        location: report.location,
        gridCode,
        description: report.description,
        ...(report.note === undefined ? {} : { note: report.note }),
        ...(attachments === undefined ? {} : { attachments }),
      },
      actor,
      nowMs,
    );
    return reported.ok ? stepChange(reported.incident, true, extras) : null;
  });
  if (created.outcome === 'known') {
    // A resend that raced its first copy: the first copy's incident answers it.
    const known = await deps.repository.findIncident(created.incidentId);
    if (known === null) throw new Error(`incident ${created.incidentId} is not stored`);
    return { ok: true, incident: known };
  }
  if (created.outcome === 'created') await deps.feed.publish(created.events);
  return reported!;
}

/** Open incidents of the category near the point, recent, and inside the scopes. */
export async function possibleDuplicatesOf(
  deps: ReportDeps,
  categoryCode: string,
  location: LonLat,
  scopes: readonly string[],
): Promise<PossibleDuplicate[]> {
  const nowMs = deps.nowMs();
  const scale = metresPerDegree(location.lat);
  const lonSpan = DUPLICATE_RADIUS_M / scale.eastM;
  const latSpan = DUPLICATE_RADIUS_M / scale.northM;
  const nearby = (
    await deps.repository.listOpenNear(
      categoryCode,
      {
        west: location.lon - lonSpan,
        east: location.lon + lonSpan,
        south: location.lat - latSpan,
        north: location.lat + latSpan,
      },
      nowMs - DUPLICATE_WINDOW_MS,
      nowMs + DUPLICATE_WINDOW_MS,
    )
  ).filter((incident) => isInScope(incident.gridCode, scopes));
  return suggestDuplicates({ categoryCode, location, reportedAtMs: nowMs }, nearby).map(
    (candidate) => ({
      incident: maskDescription(toIncidentSnapshot(candidate.incident)),
      distanceM: candidate.distanceM,
    }),
  );
}
