/**
 * Several server processes on one database, joined by Redis (docs/decisions/0039). Without
 * REDIS_URL a process runs alone, exactly as before. CLUSTER_NODE_ID names the process (the
 * leader lease's holder; socket ids start with it, which is how the proxy keeps a polling
 * client on the process that holds its session); REDIS_KEY_PREFIX keeps one cluster's streams
 * and channels apart from another's on the same Redis.
 */
import { hostname } from 'node:os';

export const REDIS_URL_ENV = 'REDIS_URL';
export const CLUSTER_NODE_ID_ENV = 'CLUSTER_NODE_ID';
export const REDIS_KEY_PREFIX_ENV = 'REDIS_KEY_PREFIX';
export const DEFAULT_REDIS_KEY_PREFIX = 'gcc';
/** Letters, digits and dashes: it goes into socket ids and the proxy's routing patterns. */
const NODE_ID_PATTERN = /^[A-Za-z0-9-]{1,40}$/;

export interface ClusterConfig {
  redisUrl: string;
  nodeId: string;
  keyPrefix: string;
}

export function clusterConfigFromEnv(env: NodeJS.ProcessEnv): ClusterConfig | null {
  const redisUrl = env[REDIS_URL_ENV];
  if (redisUrl === undefined || redisUrl === '') return null;
  if (!/^rediss?:\/\//.test(redisUrl)) {
    throw new Error(`${REDIS_URL_ENV} must be a redis:// or rediss:// URL, got ${redisUrl}`);
  }
  const nodeId =
    env[CLUSTER_NODE_ID_ENV] ?? `${hostname().replace(/[^A-Za-z0-9-]/g, '-')}-${process.pid}`;
  if (!NODE_ID_PATTERN.test(nodeId)) {
    throw new Error(`${CLUSTER_NODE_ID_ENV} must be 1–40 letters, digits or dashes, got ${nodeId}`);
  }
  const keyPrefix = env[REDIS_KEY_PREFIX_ENV] ?? DEFAULT_REDIS_KEY_PREFIX;
  if (!/^[A-Za-z0-9:_-]{1,60}$/.test(keyPrefix)) {
    throw new Error(`${REDIS_KEY_PREFIX_ENV} must be letters, digits, ':', '_' or '-'`);
  }
  return { redisUrl, nodeId, keyPrefix };
}

/** The character between a node id and the rest of a socket id. */
export const SOCKET_ID_SEPARATOR = '.';
