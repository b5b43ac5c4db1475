// The embedded database's thread: PGlite (PostgreSQL compiled to WebAssembly) runs here, so its
// work never holds up the main thread that acknowledges Slack within 3 s, and a start-up opens it
// on another core while the main thread loads the app. Plain JavaScript because Node runs it as
// it is, from the sources (tsx, vitest) and from the bundle (bin/build.js copies it to dist/).
// The other side is embedded-client.ts: messages { id, sql, params } and { type: 'close' }.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** An error as plain data (a thrown value crosses threads without its class): PostgreSQL's fields kept. */
function describe(err) {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const fields = {};
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { ...fields, name: err.name, message: err.message, stack: err.stack };
}

const opening = PGlite.create(workerData.pgdata);
// Listening from the start, the messages waiting for the database: a listener added only once the
// top-level await had finished got its first message ~90 ms late (the first query after 'ready'
// took 70-95 ms, later ones ~1 ms), on every start.
parentPort.on('message', async (message) => {
  if (message.type === 'close') {
    try {
      await (await opening).close();
      parentPort.postMessage({ type: 'closed' });
    } catch (err) {
      parentPort.postMessage({ type: 'closed', error: describe(err) });
    }
    parentPort.close();
    return;
  }
  try {
    const result = await (await opening).query(message.sql, message.params);
    parentPort.postMessage({ id: message.id, rows: result.rows, affectedRows: result.affectedRows });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: describe(err) });
  }
});

try {
  await opening;
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: describe(err) });
  parentPort.close();
}
