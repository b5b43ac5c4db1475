/**
 * Child-process entry of `createFromTemplate`: makes the embedded database template given as the
 * only argument, then exits, taking initdb's memory with it.
 */
import { makeEmbeddedTemplate } from './embedded-template.js';

const [template] = process.argv.slice(2);
if (template === undefined) throw new Error('usage: make-embedded-template <folder>');
await makeEmbeddedTemplate(template);
