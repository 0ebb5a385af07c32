// Signs an image with a C2PA manifest using c2pa-ts (TrustNXT's C2PA
// implementation), as its own jpeg-signing test does: a c2pa.actions
// assertion (c2pa.created with the digital source type given), a data hash
// (SHA-256) over the asset, a COSE signature by the test key (Ed25519 or
// ES256), and an RFC 3161 time-stamp from c2pa-ts's LocalTimestampProvider,
// signed by the same test key.
//
//   node sign.mjs IN OUT DIGITAL_SOURCE_TYPE AGENT KEYNAME ALG
import * as fs from 'node:fs/promises';
import { X509Certificate } from '@peculiar/x509';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { CoseAlgorithmIdentifier, LocalSigner } from '@trustnxt/c2pa-ts/cose';
import { ActionAssertion, DataHashAssertion, ManifestStore } from '@trustnxt/c2pa-ts/manifest';
import { LocalTimestampProvider } from '@trustnxt/c2pa-ts/rfc3161';

const [, , input, output, sourceType, agent, keyName, alg] = process.argv;
const cert = new X509Certificate(await fs.readFile(keyName + '.pem'));
const keyPEM = (await fs.readFile(keyName + '.key')).toString();
const key = new Uint8Array(Buffer.from(keyPEM.replace(/-{5}(BEGIN|END) .*-{5}/gm, '').replace(/\s/gm, ''), 'base64'));
const ca = new X509Certificate(await fs.readFile('test-ca.pem'));
const signer = new LocalSigner(key, CoseAlgorithmIdentifier[alg], cert, [ca]);
const tsa = new LocalTimestampProvider(cert, key);

const buf = await fs.readFile(input);
const asset = JPEG.canRead(buf) ? new JPEG(buf) : new PNG(buf);
const format = JPEG.canRead(buf) ? 'image/jpeg' : 'image/png';

const store = new ManifestStore();
const manifest = store.createManifest({ assetFormat: format, instanceID: 'xmp:iid:docprov-fixture-' + output, defaultHashAlgorithm: 'SHA-256', signer });
const actions = new ActionAssertion();
actions.actions = [{ action: 'c2pa.created', digitalSourceType: sourceType, softwareAgent: { name: agent } }];
manifest.addAssertion(actions);
const dataHash = DataHashAssertion.create('SHA-256');
manifest.addAssertion(dataHash);
await asset.ensureManifestSpace(store.measureSize());
await dataHash.updateWithAsset(asset);
await manifest.sign(signer, tsa);
await asset.writeManifestJUMBF(store.getBytes());
await fs.writeFile(output, await asset.getDataRange());
