/**
 * What createServer may be told; every setting left out has a default, most of them from the
 * environment (read once, at the start).
 */
import type { ImageryConfig } from './config/districtConfig';
import type { TlsListener } from './config/tlsConfig';
import type { ClusterConfig } from './cluster/clusterConfig';
import type { RetentionSettings } from './dataRetention';
import type { GatewaySetting } from './emergency/command/messageGateway';
import type { Open311Partner } from './incidents/open311Partners';
import type { PhotogrammetrySetting } from './model/photogrammetryConfig';
import type { DatabaseConfig } from './store/databaseConfig';

export interface ServerOptions {
  /** The SQLite file (the embedded default; unused when `database` or DATABASE_URL names PostgreSQL). */
  dbPath?: string;
  /** The built app (Vite output). */
  staticDir?: string;
  tilesetsDir?: string;
  logger?: boolean;
  /** The server clock of incidents (deadlines, escalation); tests pass a controlled one. */
  now?: () => Date;
  /** How often the incident escalation job runs (default ESCALATION_CHECK_MS). */
  escalationCheckMs?: number;
  /** How often failed partner callbacks due again are retried (default PARTNER_CALLBACK_CHECK_MS). */
  partnerCallbackCheckMs?: number;
  /** Base imagery of a configured district (default: the bundled NaturalEarthII). */
  imagery?: ImageryConfig;
  /** Fixes older than this are purged at start and hourly (default DEFAULT_POSITION_RETENTION_DAYS). */
  positionRetentionDays?: number;
  /**
   * Page origins besides the server's own that may open socket.io connections (default: the
   * ALLOWED_ORIGINS environment variable, comma separated).
   */
  allowedOrigins?: readonly string[];
  /**
   * Fastify's trustProxy (env TRUST_PROXY): behind a reverse proxy the client address is the
   * forwarded one, which the login throttle and the Open311 limit count by. Off by default: a
   * client talking to us directly could otherwise pick any address it likes.
   */
  trustProxy?: boolean | string;
  /** Reveals a user may make per hour before 429 and an alert (default 20). */
  revealLimitPerHour?: number;
  /** Incident feed, audit and unattached photo retention (default: from the environment). */
  retention?: RetentionSettings;
  /** Search worker threads (default DEFAULT_SEARCH_WORKERS); 0 runs searches on the event loop. */
  searchWorkers?: number;
  /** A search's limit from request to answer (default DEFAULT_SEARCH_TIMEOUT_MS). */
  searchTimeoutMs?: number;
  /** Searches waiting for a worker before more get 503 (default DEFAULT_SEARCH_QUEUE). */
  searchQueueLimit?: number;
  /** The district's own 3D model; default from PHOTOGRAMMETRY_TILESET (null: none). */
  photogrammetry?: PhotogrammetrySetting | null;
  /**
   * Where uploads and import problem files go (default: the SQLite file's folder, i.e.
   * $DATA_DIR); on PostgreSQL, required: the data key lives there too.
   */
  dataDir?: string;
  /** Largest accepted import upload in bytes (default DEFAULT_IMPORT_MAX_BYTES). */
  importMaxBytes?: number;
  /** Partner platforms' Open311 keys (default: OPEN311_API_KEYS, `name:key,…`). */
  open311Partners?: readonly Open311Partner[];
  /** Every Open311 create needs a partner key (default: OPEN311_REQUIRE_API_KEY=1). */
  open311RequireApiKey?: boolean;
  /** Citizens' creates must carry a device id and proof of work (default: OPEN311_REQUIRE_PROOF=1). */
  open311RequireProof?: boolean;
  /**
   * A second listener, HTTPS, for phones on the hall's network (default: none; see
   * config/tlsConfig). The same routes, hooks and socket.io serve both listeners.
   */
  tls?: TlsListener | null;
  /** Partner platforms' callback URLs by name (default: OPEN311_CALLBACK_URLS; none: outbox only). */
  open311CallbackUrls?: ReadonlyMap<string, string>;
  /**
   * The emergency message gateway (default: MESSAGE_GATEWAY_URL and MESSAGE_GATEWAY_KEY; none:
   * messages are written to the outbox table and the log, docs/decisions/0037).
   */
  messageGateway?: GatewaySetting | null;
  /**
   * One of several processes on this database, joined by Redis (default: REDIS_URL and the
   * other variables of cluster/clusterConfig.ts; null or unset: alone, as before).
   */
  cluster?: ClusterConfig | null;
  /**
   * The engine (default: DATABASE_URL; unset: the SQLite file at dbPath). PostgreSQL is refused
   * while a repository has no adapter there (docs/decisions/0040-postgresql.md).
   */
  database?: DatabaseConfig;
}
