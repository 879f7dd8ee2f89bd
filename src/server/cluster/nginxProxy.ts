/**
 * The cluster's front door: Debian's nginx, run as the current user with a configuration written
 * into a run folder (pid, error log and temp files there too; no root, nothing in /etc). HTTP
 * goes round robin to the nodes (sessions are in the shared database, so any node answers).
 * socket.io is sticky where it must be: the handshake and a WebSocket without a session id go to
 * any node, and every later request names its session id (`sid`), which starts with the id of
 * the node that holds the session (redisSocketAdapter.ts), so a map sends it there. ip_hash
 * would do for browsers on many addresses, but puts every client of one machine (tests, a
 * hall's kiosk gateway) on one node; a cookie set by nginx would need nginx Plus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import { SOCKET_ID_SEPARATOR } from './clusterConfig';

/** Where Debian's package puts it; NGINX_PATH overrides. */
export const DEFAULT_NGINX_PATH = '/usr/sbin/nginx';
const START_TIMEOUT_MS = 10_000;
const POLL_MS = 50;
/** A node that refused a connection is left alone this long before it is tried again. */
const NODE_FAIL_TIMEOUT_S = 2;
/** Long-lived WebSockets: nginx must not cut a quiet one. */
const SOCKET_READ_TIMEOUT_S = 3_600;
/** Import uploads are the largest requests (importMaxBytes); nginx's default 1 MiB is too small. */
const MAX_BODY_SIZE = '256m';
/**
 * Each proxied socket holds two connections (client side, node side). One worker of 8,192 held
 * about 4,000 devices: bench:capacity's 4,000th device through the proxy failed to connect. Now
 * one worker per core, each 10,000 connections (5,000 sockets) within 20,000 open files.
 */
const CONNECTIONS_PER_WORKER = 10_000;
const OPEN_FILES_PER_WORKER = 20_000;

export interface ProxiedNode {
  nodeId: string;
  port: number;
}

export interface NginxProxyOptions {
  runDir: string;
  host: string;
  port: number;
  nodes: readonly ProxiedNode[];
  nginxPath?: string;
}

function upstreamOf(nodeId: string): string {
  return `gcc_node_${nodeId.replace(/-/g, '_')}`;
}

export function nginxConfig(options: NginxProxyOptions): string {
  const { runDir, nodes } = options;
  const servers = nodes.map(
    (node) => `    server 127.0.0.1:${node.port} max_fails=1 fail_timeout=${NODE_FAIL_TIMEOUT_S}s;`,
  );
  const perNode = nodes.map(
    (node) => `  upstream ${upstreamOf(node.nodeId)} {\n    server 127.0.0.1:${node.port};\n  }`,
  );
  const routes = nodes.map(
    (node) => `    "~^${node.nodeId}\\${SOCKET_ID_SEPARATOR}" ${upstreamOf(node.nodeId)};`,
  );
  return `# Written by the cluster start (src/server/cluster/nginxProxy.ts); rewritten on each start.
worker_processes auto;
worker_rlimit_nofile ${OPEN_FILES_PER_WORKER};
daemon off;
pid ${join(runDir, 'nginx.pid')};
error_log ${join(runDir, 'error.log')} warn;
events {
  worker_connections ${CONNECTIONS_PER_WORKER};
}
http {
  access_log off;
  client_body_temp_path ${join(runDir, 'client_body')};
  proxy_temp_path ${join(runDir, 'proxy')};
  fastcgi_temp_path ${join(runDir, 'fastcgi')};
  uwsgi_temp_path ${join(runDir, 'uwsgi')};
  scgi_temp_path ${join(runDir, 'scgi')};
  client_max_body_size ${MAX_BODY_SIZE};
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }
  upstream gcc_nodes {
${servers.join('\n')}
  }
${perNode.join('\n')}
  map $arg_sid $gcc_socket_upstream {
    default gcc_nodes;
${routes.join('\n')}
  }
  server {
    listen ${options.host}:${options.port};
    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    location ${SOCKET_PATH}/ {
      proxy_pass http://$gcc_socket_upstream;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout ${SOCKET_READ_TIMEOUT_S}s;
      proxy_buffering off;
    }
    location / {
      proxy_pass http://gcc_nodes;
      proxy_set_header Connection '';
    }
  }
}
`;
}

export interface NginxProxy {
  url: string;
  stop(): Promise<void>;
}

function nginxPathOf(options: NginxProxyOptions): string {
  const path = options.nginxPath ?? process.env.NGINX_PATH ?? DEFAULT_NGINX_PATH;
  if (!existsSync(path)) {
    throw new Error(
      `nginx not found at ${path}: install Debian's package (apt-get install nginx) ` +
        'or set NGINX_PATH',
    );
  }
  return path;
}

/** Writes the configuration, starts nginx in the foreground and waits for its port. */
export async function startNginxProxy(options: NginxProxyOptions): Promise<NginxProxy> {
  const nginxPath = nginxPathOf(options);
  mkdirSync(options.runDir, { recursive: true });
  const confPath = join(options.runDir, 'nginx.conf');
  writeFileSync(confPath, nginxConfig(options));
  const child: ChildProcess = spawn(
    nginxPath,
    ['-p', options.runDir, '-e', join(options.runDir, 'error.log'), '-c', confPath],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const url = `http://${options.host}:${options.port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (hasExited) throw new Error(`nginx exited at start: ${stderr}`);
    try {
      await fetch(url + '/', { signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not answer on ${url} within ${START_TIMEOUT_MS} ms: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  return {
    url,
    async stop() {
      if (hasExited) return;
      // SIGQUIT: nginx's graceful stop; its workers end with it.
      child.kill('SIGQUIT');
      await exited;
    },
  };
}
