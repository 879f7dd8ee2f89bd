/**
 * What the photo store needs from storage for workers' photos (DESIGN.md §2): one row per photo,
 * with the worker who took it, attached to an incident once the worker's report or feedback
 * names it. The adapters are store/workerPhotoRows.ts and store/pg/postgresWorkerPhotoRows.ts,
 * checked by one contract suite (workerPhotoRows.contract.test.ts). A claim and a deletion are
 * each one conditional statement: of a claim and a purge of one photo at once, one has it.
 */
export interface WorkerPhotoRows {
  insert(id: string, workerId: number, bytes: number, createdAtMs: number): Promise<void>;
  /** Attaches the worker's own unattached photo to the incident; false when it is not one. */
  claim(id: string, workerId: number, incidentId: string): Promise<boolean>;
  /** Detaches the photo from the incident (a refused step); nothing when it is not attached there. */
  release(id: string, incidentId: string): Promise<void>;
  /** The incident a worker's or resident's photo belongs to: null unattached, undefined unknown. */
  incidentOf(id: string): Promise<string | null | undefined>;
  /** Unattached photos taken before `cutoffMs`, at most `limit`. */
  unattachedBefore(cutoffMs: number, limit: number): Promise<string[]>;
  /** Deletes the row of a photo that is still unattached; false when it was attached meanwhile. */
  deleteUnattached(id: string): Promise<boolean>;
}
