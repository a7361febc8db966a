// A manifest file's text -> its pods: YAML read with eemeli/yaml (strict: duplicate keys are
// errors, aliases bounded), one PodDefinition per document (`---` separates them), or one
// EINVAL line naming what is wrong where: a YAML syntax error with its line and column, as
// kubectl's "error converting YAML to JSON: yaml: line 7: ..."; a document's field problems
// as the API server words them (pod-manifest.ts). Nothing is returned unless every document
// is good, so a bad file applies nothing.
//
// The YAML library is loaded the first time a manifest is read, never at start-up: the command
// runs synchronously (journal replay runs it too), so it is required, not imported, and stays
// outside the bundle, in node_modules like any dependency.

import { createRequire } from "node:module";
import { fail } from "../../../src/errors.js";
import { MANIFEST_ALIAS_COUNT_MAX, MANIFEST_BYTES_MAX, MANIFEST_DOCUMENT_MAX } from "../../../src/limits.js";
import type { PodDefinition } from "../orchestrator/pod-definition.js";
import { podDefinitionOf } from "./pod-manifest.js";

type YamlModule = typeof import("yaml");

let yaml: YamlModule | undefined;

/** The YAML library, loaded on first use. */
export function yamlLibrary(): YamlModule {
  yaml ??= createRequire(import.meta.url)("yaml") as YamlModule;
  return yaml;
}

/** The pods `text` declares; `source` names the file in errors. */
export function readManifests(text: string, source: string): readonly PodDefinition[] {
  if (text.length > MANIFEST_BYTES_MAX) fail("EINVAL", `${source}: manifest is ${text.length} bytes; the limit is ${MANIFEST_BYTES_MAX}`);
  const documents = yamlLibrary().parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents]; // an empty stream is an EmptyStream
  const contents = list.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (contents.length === 0) fail("EINVAL", `${source}: no objects passed to apply`);
  if (contents.length > MANIFEST_DOCUMENT_MAX) fail("EINVAL", `${source}: ${contents.length} documents; the limit is ${MANIFEST_DOCUMENT_MAX}`);
  const where = (at: number) => (contents.length === 1 ? source : `${source} (document ${at + 1})`);
  return contents.map((doc, at) => {
    const syntax = doc.errors[0];
    if (syntax !== undefined) fail("EINVAL", `error parsing ${source}: yaml: ${positionOf(text, syntax.pos[0])}: ${firstLine(syntax.message)}`);
    const read = podDefinitionOf(plainValueOf(doc, source));
    if ("problem" in read) fail("EINVAL", `error when applying ${where(at)}: ${read.problem}`);
    return read.definition;
  });
}

/** A document's plain value; aliases past the bound are one error line, as a syntax error is. */
function plainValueOf(doc: { toJS(options: { maxAliasCount: number }): unknown }, source: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MANIFEST_ALIAS_COUNT_MAX });
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "ReferenceError") throw error;
    return fail("EINVAL", `error parsing ${source}: yaml: ${error.message}`);
  }
}

function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
