// Kubernetes-style Pod manifests: YAML text -> PodDefinitions (with kubectl's error wording), and
// a definition back as its manifest.
export { manifestOf } from "./print.js";
export { cpuText, memoryText } from "./quantity.js";
export { readManifests, yamlLibrary } from "./read-manifests.js";
export { DNS_SUBDOMAIN, DNS_SUBDOMAIN_PROBLEM } from "./container-manifest.js";
