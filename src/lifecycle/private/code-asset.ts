import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FileAssetPackaging, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The context key with which tools such as SAM turn asset staging off (aws-cdk-lib cx-api `DISABLE_ASSET_STAGING_CONTEXT`). */
const DISABLE_ASSET_STAGING_CONTEXT = 'aws:cdk:disable-asset-staging';

/**
 * Registers the one-file handler bundle `directory/index.js` as a zipped directory asset of `scope`'s stack and
 * returns where the function's code will be. The same as `AssetStaging` for this case (content hash, a copy under the
 * cloud assembly's `asset.<hash>/`, or the source itself when staging is disabled), without loading its directory
 * fingerprinting and copying machinery, which costs a mesh more synth time than everything else of its lifecycle.
 */
export function handlerCodeAsset(scope: IConstruct, directory: string): { s3Bucket: string; s3Key: string } {
  const source = path.join(directory, 'index.js');
  const content = fs.readFileSync(source);
  const hash = createHash('sha256').update('index.js').update(content).digest('hex');
  let fileName = directory;
  if (!scope.node.tryGetContext(DISABLE_ASSET_STAGING_CONTEXT)) {
    const stage = Stage.of(scope);
    const outdir = stage?.assetOutdir;
    if (outdir) {
      fileName = `asset.${hash}`;
      const staged = path.join(outdir, fileName);
      if (!fs.existsSync(path.join(staged, 'index.js'))) {
        fs.mkdirSync(staged, { recursive: true });
        fs.writeFileSync(path.join(staged, 'index.js'), content);
      }
    }
  }
  const asset = Stack.of(scope).synthesizer.addFileAsset({ fileName, sourceHash: hash, packaging: FileAssetPackaging.ZIP_DIRECTORY });
  return { s3Bucket: asset.bucketName, s3Key: asset.objectKey };
}
