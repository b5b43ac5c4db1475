/**
 * The floor for an acknowledgement: a Bolt app whose `/coworker` handler only acks. The bench
 * compares Coworker's `/coworker help` ack with it.
 */
import { boltAppFromEnv } from './bolt-app-from-env.js';

const { app, port } = boltAppFromEnv();
app.command('/coworker', async ({ ack }) => {
  await ack();
});
await app.start(port);
console.log(`ack-only app listening on ${port}`);
