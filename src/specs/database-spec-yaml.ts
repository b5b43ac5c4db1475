import type { Kysely } from 'kysely';
import yamlPackage from 'yaml/package.json' with { type: 'json' };
import type { Database } from '../db/schema.js';
import { storedSpecYaml, storeSpecYaml } from '../db/spec-yaml-repository.js';
import type { SpecYamlStore } from './spec-cache.js';

/**
 * Which reading of YAML a stored value came from: the YAML library's version and how the app
 * reads specs (`readYaml` in parse-spec.ts: its options, `checkYamlTree`). Bump the number when
 * that changes, so no value read the old way is used (test/specs/database-spec-yaml.test.ts
 * fails until it is).
 */
export const SPEC_YAML_READER = `yaml ${yamlPackage.version}; coworker 1`;

/** Spec YAML remembered in the database, once it is open (`database` resolves when it is). */
export function databaseSpecYaml(database: () => Promise<Kysely<Database>>): SpecYamlStore {
  return {
    get: async (hashes) => storedSpecYaml(await database(), SPEC_YAML_READER, hashes),
    put: async (entries) => storeSpecYaml(await database(), SPEC_YAML_READER, entries),
  };
}
