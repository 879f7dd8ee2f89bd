/**
 * The worker behind a device token as a caller scoped to its own base grids: the phone's routes
 * read and write with the same scope checks as the wall, and anything outside those grids
 * answers like a missing id.
 */
import type { FastifyRequest } from 'fastify';
import type { TrackingRepository } from '../tracking/trackingRepository';
import { workerUsername } from '../incidents/incidentActors';
import { deviceOf } from './authentication';

export async function deviceWorkerCaller(
  request: FastifyRequest,
  tracking: Pick<TrackingRepository, 'deviceTokenByHash' | 'workerById'>,
) {
  const { workerId } = await deviceOf(request, tracking);
  const worker = await tracking.workerById(workerId);
  return {
    workerId,
    caller: {
      username: workerUsername(workerId),
      role: 'grid_worker' as const,
      scopes: worker?.gridCodes ?? [],
    },
  };
}
