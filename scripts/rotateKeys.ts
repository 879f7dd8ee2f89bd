/**
 * `npm run keys:rotate -- [--db path]`: re-encrypts the sealed identifiers with a new data key
 * (see src/server/store/keyRotation.ts). Stop the server first. The last line is JSON.
 */
import { parseArgs } from 'node:util';
import { rotateDataKey } from '../src/server/store/keyRotation';
import { databasePath, runCommand } from './dataAtRest/dataPaths';

runCommand(() => {
  const { values } = parseArgs({ options: { db: { type: 'string' } } });
  const report = rotateDataKey(databasePath(values.db));
  console.log(
    `已换用新密钥 / re-encrypted with a new key; the old key is at ${report.retiredKeyPath}: delete it once no backup needs it`,
  );
  console.log(JSON.stringify(report));
});
