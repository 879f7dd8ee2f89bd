/**
 * `npm run cert [-- --host name-or-ip …]`: a local CA and a server certificate in $DATA_DIR/tls
 * (default data/tls) for this machine's names and LAN addresses plus any --host given, so that
 * grid workers' phones can open the command center over HTTPS on the hall's network. The CA is
 * kept across runs; install ca.crt on each phone once.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localAddresses, makeLocalCertificate } from './tls/localCertificate';

const { values } = parseArgs({
  options: { host: { type: 'string', multiple: true, default: [] } },
});
const dir = path.resolve(process.env.DATA_DIR ?? 'data', 'tls');
const { names, ips } = localAddresses();
try {
  const made = makeLocalCertificate(dir, [...names, ...ips, ...(values.host ?? [])]);
  const relative = (file: string) => {
    const shown = path.relative(process.cwd(), file);
    return shown.startsWith('..') ? file : shown;
  };
  console.log(`证书 Certificate for ${made.subjectAltNames.join(', ')}, valid to ${made.validTo}`);
  console.log(
    `根证书 Local CA ${relative(made.files.caCert)} (${made.caReused ? 'kept' : 'new'}), SHA-256 ${made.caFingerprint}`,
  );
  console.log('1. 在每部手机上安装并信任根证书 Install and trust the CA on each phone once:');
  console.log(
    '   Android: 设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书 (Settings → Security → Install a certificate → CA)',
  );
  console.log(
    '   iOS: 安装描述文件，然后 通用 → 关于本机 → 证书信任设置 (install the profile, then enable full trust)',
  );
  console.log('2. 启动 Start:');
  console.log(
    `   TLS_CERT_FILE=${relative(made.files.serverCert)} TLS_KEY_FILE=${relative(made.files.serverKey)} npm start`,
  );
  console.log(`3. 手机打开 On the phone open https://${ips.at(-1) ?? 'this-machine'}:8443/m/`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
