/**
 * The grid worker's phone app's routes, registered together: pairing and signing out, feedback
 * photos, and the map (base map, walking route). See docs/decisions/0023-phone-app.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../serverContext';
import { deviceMapRoutes } from './deviceMapRoutes';
import { devicePairingRoutes } from './devicePairingRoutes';
import { photoRoutes } from './photoRoutes';

export const phoneAppRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, options) => {
  for (const routes of [devicePairingRoutes, photoRoutes, deviceMapRoutes]) {
    await app.register(routes, { context: options.context });
  }
};
