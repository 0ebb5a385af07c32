// Prints c2pa-ts's own validation of each file given: file, valid or
// invalid, and the status codes of failures (make.sh writes it to
// c2pa-ts.tsv, which formats/c2pa/fixtures_test.go compares with).
//
//   node verify.mjs FILE...
import * as fs from 'node:fs/promises';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore } from '@trustnxt/c2pa-ts/manifest';

for (const file of process.argv.slice(2)) {
	const buf = await fs.readFile(file);
	const asset = JPEG.canRead(buf) ? new JPEG(buf) : new PNG(buf);
	const store = ManifestStore.read(SuperBox.fromBuffer(asset.getManifestJUMBF()));
	const result = await store.validate(asset);
	const failures = result.statusEntries.filter(e => !e.success).map(e => e.code);
	console.log([file, result.isValid ? 'valid' : 'invalid', failures.join(' ')].join('\t'));
}
