/**
 * Compressed answers: API JSON (the theme columns of a large district run to megabytes) and the
 * tilesets (.json and .glb: meshopt-encoded glb still shrinks under gzip).
 */
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Below this, compression costs more than it saves. */
const COMPRESS_THRESHOLD_BYTES = 1024;
const COMPRESSIBLE_TYPES =
  /^text\/|[+/]json(?:;|$)|\/javascript(?:;|$)|^model\/gltf-binary$|^application\/octet-stream$|^image\/svg\+xml$|^application\/wasm$/;

export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip', 'deflate'],
    customTypes: COMPRESSIBLE_TYPES,
  });
}
