/**
 * The grid worker's phone app's routes, registered together: pairing and signing out, feedback
 * photos, the map (base map, walking route), the duplicate check before a report, and collection (visit logs and household change
 * requests, docs/decisions/0025). See docs/decisions/0023-phone-app.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../serverContext';
import { deviceIntakeRoutes } from './deviceIntakeRoutes';
import { deviceMapRoutes } from './deviceMapRoutes';
import { deviceRegisterRoutes } from './deviceRegisterRoutes';
import { devicePairingRoutes } from './devicePairingRoutes';
import { photoRoutes } from './photoRoutes';

export const phoneAppRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, options) => {
  for (const routes of [
    devicePairingRoutes,
    photoRoutes,
    deviceMapRoutes,
    deviceIntakeRoutes,
    deviceRegisterRoutes,
  ]) {
    await app.register(routes, { context: options.context });
  }
};
