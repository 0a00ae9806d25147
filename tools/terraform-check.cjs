#!/usr/bin/env node
// Terraform checks with the real hashicorp/aws provider: for every synthesized stack, `terraform validate` (the
// provider's schema and its own value checks) and `terraform test` with a mocked provider (a plan and an apply of the
// whole graph, as a first `cdktf deploy` would run them, plus the scenario files written for that stack).
//
//   node tools/terraform-check.cjs [--jobs N] <stack dir> [<stack dir> ...]     (a stack dir holds cdk.tf.json)
//
// Where the provider comes from (docs/testing.md: Terraform checks):
//   1. BLUEGREEN_TERRAFORM_MIRROR=<folder>: a Terraform filesystem mirror, the folder that holds
//      registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/. BLUEGREEN_TERRAFORM_MIRROR=registry skips the
//      search below and installs from the registry.
//   2. Otherwise a mirror found on this machine: a folder named registry.terraform.io holding hashicorp/aws, a few
//      levels under /opt, /srv, /usr/local/share, /usr/share, /var/lib or the home folder.
//   3. Otherwise the registry (with the plugin cache TF_PLUGIN_CACHE_DIR, default ~/.terraform.d/plugin-cache), or
//      the CLI configuration TF_CLI_CONFIG_FILE names, when that file exists.
// The provider is installed once per run; every stack shares that installation.
//
// What each stack gets (in a temporary folder, deleted afterwards):
//   - `terraform validate -json`: every error and every warning fails the stack.
//   - tests/first_apply.tftest.hcl: `command = apply` with `mock_provider "aws"` (its shapes from
//     terraform-tests/mocks/aws.tfmock.json), the shared stack's state read through the outputs that stack really
//     declares (a reference to an output it does not declare fails the plan), every existing subnet in a zone of its
//     own, and an assertion that every output of the stack has a value. A count or for_each known only after apply,
//     a failing pre- or postcondition, or a value the provider refuses fails it.
//   - terraform-tests/scenarios/<stack id>/*.tftest.hcl, when that folder exists: the documented lifecycles, with the
//     same mock provider and overrides prepended (a run block's own override_data wins over them).
//   - For the stacks terraform-tests/migrations/pipeline-v1-to-v2.txt lists: the real provider's plan of the stack's
//     pipeline from a V1 pipeline in state (as deployed before V2) to the synthesized V2 pipeline must be an update in
//     place, never a replacement. A mocked provider cannot show this (it never asks for a replacement), so this is a
//     plain `terraform plan -refresh=false` with the real provider, offline (dummy credentials, no API call): the V1
//     state is what the provider planned for the V1 pipeline, plus what AWS fills in; the V1 configuration must plan
//     no change against it, and a renamed pipeline must plan a replacement (the control that the method sees one).
//
// Exit codes: 0 every stack passes; 1 at least one stack fails (each failure printed with its stack); 2 usage error,
// Terraform missing, or the provider cannot be obtained (one line that says how to provide it). It never skips.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const PROJECT = path.resolve(__dirname, '..');
const TESTS = path.join(PROJECT, 'terraform-tests');
const MOCKS = path.join(TESTS, 'mocks', 'aws.tfmock.json');
// The scenario files: terraform-tests/scenarios/<stack id>/*.tftest.hcl (BLUEGREEN_TERRAFORM_SCENARIOS names
// another folder of the same layout, for the project's own tests of this check).
const SCENARIOS = process.env.BLUEGREEN_TERRAFORM_SCENARIOS || path.join(TESTS, 'scenarios');
/** The stacks whose pipeline's move from V1 to V2 is planned with the real provider. */
const PIPELINE_MIGRATIONS = path.join(TESTS, 'migrations', 'pipeline-v1-to-v2.txt');
const AWS = 'registry.terraform.io/hashicorp/aws';
const MIRROR_ENV = 'BLUEGREEN_TERRAFORM_MIRROR';
const JOBS_ENV = 'BLUEGREEN_TERRAFORM_JOBS';
const HOW_TO_PROVIDE = `allow access to registry.terraform.io (and set ${MIRROR_ENV}=registry if a mirror on this `
  + `machine is in the way), or set ${MIRROR_ENV} to a folder that holds ${AWS}/<version>/<os>_<arch>/terraform-provider-aws_* `
  + `(docs/testing.md: Terraform checks)`;
const INSTALL_HINT = 'Install Terraform 1.11 or newer and put it on the PATH: '
  + 'https://developer.hashicorp.com/terraform/install (README: prerequisites).';
const TIMEOUT_MS = 5 * 60 * 1000;
/** The Terraform versions the stacks require (EnvironmentStack.TERRAFORM_VERSION_CONSTRAINT). */
const MIN_TERRAFORM = '>= 1.11.0';
/** Running terraform processes, killed when this process is interrupted. */
const CHILDREN = new Set();

/** A one-line refusal (exit code 2). */
class Refusal extends Error {
}

// ---------------------------------------------------------------------------------------------------------------
// Where the provider comes from

function platformDir() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] || process.arch;
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch}`;
}

/**
 * The versions of hashicorp/aws a filesystem mirror at {@code root} holds for this platform, in either layout Terraform
 * reads: unpacked (<version>/<os>_<arch>/terraform-provider-aws_*) or packed, as `terraform providers mirror` writes it
 * (terraform-provider-aws_<version>_<os>_<arch>.zip).
 */
function mirroredVersions(root) {
  const dir = path.join(root, 'registry.terraform.io', 'hashicorp', 'aws');
  let entries;
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const versions = new Set();
  for (const entry of entries) {
    const packed = new RegExp(`^terraform-provider-aws_(.+)_${platformDir()}\\.zip$`).exec(entry);
    if (packed) {
      versions.add(packed[1]);
      continue;
    }
    try {
      if (fs.readdirSync(path.join(dir, entry, platformDir())).some((f) => f.startsWith('terraform-provider-aws'))) {
        versions.add(entry);
      }
    } catch {
      // not a version folder of this platform
    }
  }
  return [...versions];
}

/** Whether {@code version} (x.y.z) satisfies a Terraform version constraint such as ">= 5.77.0, < 6.0.0". */
function satisfies(version, constraint) {
  const parse = (v) => v.split('-')[0].split('.').map((n) => Number(n) || 0).concat([0, 0, 0]).slice(0, 3);
  const compare = (a, b) => {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  };
  const v = parse(version);
  return (constraint || '').split(',').map((c) => c.trim()).filter(Boolean).every((c) => {
    const m = /^(>=|<=|!=|~>|>|<|=)?\s*([0-9][0-9.]*)$/.exec(c);
    if (!m) return true;
    const op = m[1] || '=';
    const r = parse(m[2]);
    const cmp = compare(v, r);
    if (op === '~>') {
      const parts = m[2].split('.').length;
      const upper = parts <= 1 ? [r[0] + 1, 0, 0] : parts === 2 ? [r[0] + 1, 0, 0] : [r[0], r[1] + 1, 0];
      return cmp >= 0 && compare(v, upper) < 0;
    }
    return { '>=': cmp >= 0, '<=': cmp <= 0, '>': cmp > 0, '<': cmp < 0, '=': cmp === 0, '!=': cmp !== 0 }[op];
  });
}

const SEARCH_ROOTS = () => ['/opt', '/srv', '/usr/local/share', '/usr/share', '/var/lib', os.homedir()];
const SEARCH_DEPTH = 3;
// Never searched: system folders, package caches, and Terraform plugin caches (a cache is not a mirror: it holds
// whatever an earlier run happened to download, and would keep the registry from ever being asked again).
const SKIPPED = new Set(['node_modules', 'proc', 'sys', 'dev', '.git', '.m2', '.npm', '.cache', 'plugin-cache']);

/**
 * Folders named registry.terraform.io holding a hashicorp/aws that satisfies {@code constraint}, at most SEARCH_DEPTH
 * levels under the roots (the plugin cache TF_PLUGIN_CACHE_DIR names is not a mirror either).
 */
function searchMirrors(constraint, env = process.env) {
  const cache = env.TF_PLUGIN_CACHE_DIR ? path.resolve(env.TF_PLUGIN_CACHE_DIR) : null;
  const found = [];
  const visit = (dir, depth) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIPPED.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (full === cache) continue;
      if (e.name === 'registry.terraform.io') {
        if (mirroredVersions(dir).some((v) => satisfies(v, constraint))) found.push(dir);
      } else if (depth < SEARCH_DEPTH) {
        visit(full, depth + 1);
      }
    }
  };
  for (const root of SEARCH_ROOTS()) visit(root, 1);
  return [...new Set(found)];
}

/**
 * How the provider is installed: {mirror, describe, cliConfig} where cliConfig is the text of the CLI configuration
 * to use (null: keep the user's own TF_CLI_CONFIG_FILE).
 */
function providerSource(env, constraint) {
  const named = env[MIRROR_ENV];
  let mirror = null;
  if (named && named !== 'registry') {
    const root = path.resolve(named);
    const versions = mirroredVersions(root);
    if (versions.length === 0) {
      throw new Refusal(`${MIRROR_ENV}=${named} holds no ${AWS}/<version>/${platformDir()}/terraform-provider-aws_* `
        + `(unpacked) or ${AWS}/terraform-provider-aws_<version>_${platformDir()}.zip (packed): name the folder that holds `
        + `registry.terraform.io (a Terraform filesystem mirror), or set ${MIRROR_ENV}=registry to use the registry`);
    }
    if (!versions.some((v) => satisfies(v, constraint))) {
      throw new Refusal(`${MIRROR_ENV}=${named} holds hashicorp/aws ${versions.join(', ')}, and the stacks need ${constraint}: `
        + `add a matching version to the mirror (terraform providers mirror), or set ${MIRROR_ENV}=registry`);
    }
    mirror = root;
  } else if (!named) {
    mirror = searchMirrors(constraint, env)[0] || null;
  }
  if (mirror) {
    return {
      mirror,
      describe: `filesystem mirror ${mirror} (hashicorp/aws ${mirroredVersions(mirror).join(', ')})`,
      cliConfig: [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(mirror)}`,
        `    include = [${JSON.stringify(AWS)}]`,
        '  }',
        '  direct {',
        `    exclude = [${JSON.stringify(AWS)}]`,
        '  }',
        '}',
        '',
      ].join('\n'),
    };
  }
  // The user's own CLI configuration (a network mirror of their organisation, say): the file TF_CLI_CONFIG_FILE names,
  // or, when that variable is not set, ~/.terraformrc, as Terraform itself reads it.
  const userConfig = env.TF_CLI_CONFIG_FILE !== undefined
    ? (env.TF_CLI_CONFIG_FILE && fs.existsSync(env.TF_CLI_CONFIG_FILE) ? env.TF_CLI_CONFIG_FILE : null)
    : (fs.existsSync(path.join(os.homedir(), '.terraformrc')) ? path.join(os.homedir(), '.terraformrc') : null);
  if (userConfig) {
    return { mirror: null, describe: `the CLI configuration ${userConfig}`, cliConfig: null, userConfig };
  }
  const cache = env.TF_PLUGIN_CACHE_DIR || path.join(os.homedir(), '.terraform.d', 'plugin-cache');
  return {
    mirror: null,
    describe: `registry.terraform.io (plugin cache ${cache})`,
    cache,
    cliConfig: `plugin_cache_dir = ${JSON.stringify(cache)}\n`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

function run(cmd, args, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    CHILDREN.add(child);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { out += `\n(timed out after ${TIMEOUT_MS / 1000} s)`; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: 127, out: String(e) }); });
    child.on('close', (code) => { clearTimeout(timer); CHILDREN.delete(child); resolve({ code: code === null ? 1 : code, out }); });
  });
}

async function pool(items, jobs, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// The generated test

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function instances(config, kind) {
  const out = [];
  for (const [type, byName] of Object.entries(config[kind] || {})) {
    for (const [name, body] of Object.entries(byName)) out.push({ type, name, body });
  }
  return out;
}

/**
 * The value `<type>.<name>.<attr>` or `data.<type>.<name>.<attr>` of {@code config} has after a first apply: the
 * configured value when the configuration sets it to a literal, otherwise the mock file's default for that attribute.
 */
function mockedValue(mocks, config, expression, context) {
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (!m) {
    if (typeof expression === 'string' && !expression.includes('${')) return expression;
    throw new Refusal(`${context}: the value ${expression} is not a single attribute of a resource or data source, so`
      + ' the check cannot give it a mocked shape; read such values from a resource attribute, or extend'
      + ' mockedValue in tools/terraform-check.cjs');
  }
  const [, data, type, name, attribute] = m;
  const configured = (((config[data ? 'data' : 'resource'] || {})[type] || {})[name] || {})[attribute];
  if (configured !== undefined && !JSON.stringify(configured).includes('${')) return configured;
  const block = (mocks[data ? 'mock_data' : 'mock_resource'] || {})[type];
  const value = block && block.defaults ? block.defaults[attribute] : undefined;
  if (value === undefined) {
    throw new Refusal(`${context}: ${data ? 'data.' : ''}${type}.${attribute} has no mocked shape: add it under`
      + ` ${data ? 'mock_data' : 'mock_resource'}.${type}.defaults in ${path.relative(PROJECT, MOCKS)}`
      + ' (a value of the real shape, e.g. an ARN)');
  }
  return value;
}

/** The HCL that every test file of a stack starts with: the mock provider and the plan-time lookups' values. */
function preamble(stackDir, config, mocks) {
  const lines = [
    '# Added by tools/terraform-check.cjs: the mocked AWS provider, and what a first apply reads at plan time.',
    'mock_provider "aws" {',
    '  source = "./mocks"',
    '}',
  ];
  const stacksDir = path.dirname(stackDir);
  for (const { name } of instances(config, 'data').filter((d) => d.type === 'terraform_remote_state')) {
    const m = /^cross-stack-reference-input-(.+)$/.exec(name);
    if (!m) continue;
    const source = path.join(stacksDir, m[1], 'cdk.tf.json');
    if (!fs.existsSync(source)) {
      throw new Refusal(`${path.basename(stackDir)} reads the state of stack ${m[1]} (data.terraform_remote_state.${name}),`
        + ` but ${source} does not exist: check the stacks of a whole environment together`);
    }
    const outputs = {};
    const shared = readJson(source);
    for (const [output, decl] of Object.entries(shared.output || {})) {
      outputs[output] = mockedValue(mocks, shared, decl.value, `${m[1]}: output ${output}`);
    }
    lines.push('override_data {', `  target = data.terraform_remote_state.${name}`,
      `  values = ${JSON.stringify({ outputs })}`, '}');
  }
  const zones = ((mocks.mock_data || {}).aws_availability_zones || {}).defaults;
  const region = zones && zones.names && zones.names[0] ? zones.names[0].replace(/[a-z]$/, '') : 'eu-west-1';
  instances(config, 'data').filter((d) => d.type === 'aws_subnet').forEach(({ name, body }, i) => {
    // Each listed subnet in a zone of its own: a sane existing VPC. Scenario runs override this to test the checks.
    const values = { availability_zone: region + String.fromCharCode(97 + (i % 26)) };
    if (typeof body.id === 'string' && !body.id.includes('${')) values.id = body.id;
    if (typeof body.vpc_id === 'string' && !body.vpc_id.includes('${')) values.vpc_id = body.vpc_id;
    lines.push('override_data {', `  target = data.aws_subnet.${name}`, `  values = ${JSON.stringify(values)}`, '}');
  });
  return lines.join('\n') + '\n\n';
}

function firstApply(config) {
  const lines = [
    'run "first_apply" {',
    '  command = apply',
  ];
  for (const output of Object.keys(config.output || {})) {
    lines.push('  assert {', `    condition     = output.${output} != null`,
      `    error_message = ${JSON.stringify(`output ${output} has no value after the first apply`)}`, '  }');
  }
  lines.push('}', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// One stack

function summarize(diagnostic) {
  const context = diagnostic.snippet && diagnostic.snippet.context ? diagnostic.snippet.context.replace(/^resource\./, '') : '';
  const where = diagnostic.address || context
    || (diagnostic.range ? `${diagnostic.range.filename}:${diagnostic.range.start.line}` : '');
  const detail = (diagnostic.detail || '').replace(/\s+/g, ' ').trim();
  return `${diagnostic.severity}: ${where ? where + ': ' : ''}${diagnostic.summary}${detail ? ' (' + detail + ')' : ''}`;
}

/** Terraform's output without colours, each line at most 400 characters (a snippet of a one-line file is the file). */
function clean(text) {
  return text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')
    .map((l) => (l.length > 400 ? l.slice(0, 400) + ` ... (${l.length - 400} more characters)` : l)).join('\n');
}

async function checkStack(stackDir, ctx) {
  const id = path.basename(stackDir);
  const work = path.join(ctx.root, 'stacks', id);
  fs.mkdirSync(path.join(work, 'tests'), { recursive: true });
  const configFile = path.join(stackDir, 'cdk.tf.json');
  let config;
  try {
    config = readJson(configFile);
  } catch (e) {
    return { id, ok: false, lines: [`${configFile} cannot be read as JSON: ${e.message}`] };
  }
  fs.copyFileSync(configFile, path.join(work, 'cdk.tf.json'));
  if (fs.existsSync(path.join(stackDir, 'assets'))) {
    fs.symlinkSync(path.resolve(stackDir, 'assets'), path.join(work, 'assets'));
  }
  const constraint = (((config.terraform || {}).required_providers || {}).aws || {}).version || '';
  const installed = ctx.installations.get(constraint);
  fs.symlinkSync(path.join(installed, '.terraform'), path.join(work, '.terraform'));
  fs.copyFileSync(path.join(installed, '.terraform.lock.hcl'), path.join(work, '.terraform.lock.hcl'));
  fs.cpSync(path.dirname(MOCKS), path.join(work, 'mocks'), { recursive: true });

  const lines = [];
  const validate = await run('terraform', ['validate', '-json', '-no-color'], work, ctx.env);
  let parsed = null;
  try {
    parsed = JSON.parse(validate.out.slice(validate.out.indexOf('{')));
  } catch {
    lines.push(`validate: ${clean(validate.out).trim()}`);
  }
  if (parsed) {
    for (const d of parsed.diagnostics || []) lines.push(`validate ${summarize(d)}`);
  }
  if (lines.length > 0 || validate.code !== 0) {
    return { id, ok: false, lines: lines.length ? lines : [`validate exited ${validate.code}`] };
  }

  let head;
  try {
    head = preamble(stackDir, config, ctx.mocks);
  } catch (e) {
    if (e instanceof Refusal) return { id, ok: false, lines: [e.message] };
    throw e;
  }
  const generated = firstApply(config);
  fs.writeFileSync(path.join(work, 'tests', 'first_apply.tftest.hcl'), head + generated);
  const scenarioDir = path.join(SCENARIOS, id);
  const scenarios = fs.existsSync(scenarioDir) ? fs.readdirSync(scenarioDir).filter((f) => f.endsWith('.tftest.hcl')).sort() : [];
  const runBlocks = (text) => (text.match(/^run\s+"[^"]+"/gm) || []).length;
  let expectedRuns = runBlocks(generated);
  for (const file of scenarios) {
    const text = fs.readFileSync(path.join(scenarioDir, file), 'utf8');
    expectedRuns += runBlocks(text);
    fs.writeFileSync(path.join(work, 'tests', file), head + text);
  }
  const test = await run('terraform', ['test', '-no-color'], work, ctx.env);
  const output = clean(test.out);
  const runs = (output.match(/run "[^"]+"\.\.\. pass/g) || []).length;
  if (test.code !== 0 || !/Success! \d+ passed, 0 failed/.test(output)) {
    return { id, ok: false, lines: [`terraform test failed:`, ...output.trim().split('\n').map((l) => '  ' + l)] };
  }
  if (runs !== expectedRuns) {
    return { id, ok: false, lines: [`terraform test ran ${runs} of the ${expectedRuns} run blocks written; all must run`] };
  }
  const migrated = migrationStacks().includes(id) ? await pipelineMigration(work, config, ctx) : null;
  if (migrated && !migrated.ok) return { id, ok: false, lines: migrated.lines };
  return { id, ok: true, lines: [`validate clean, ${runs} test runs passed (first apply${scenarios.length ? ', ' + scenarios.join(', ') : ''})`
    + (migrated ? `; ${migrated.lines.join(' ')}` : '')] };
}

function migrationStacks() {
  if (!fs.existsSync(PIPELINE_MIGRATIONS)) return [];
  return fs.readFileSync(PIPELINE_MIGRATIONS, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

/** Every `${...}` in {@code value} replaced by the mocked value a first apply would give it. */
function literal(value, config, mocks, context) {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    if (/^\$\{[^}]+\}$/.test(value)) return String(mockedValue(mocks, config, value, context));
    return value.replace(/\$\{[^}]+\}/g, (e) => String(mockedValue(mocks, config, e, context)));
  }
  if (Array.isArray(value)) return value.map((v) => literal(v, config, mocks, context));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '//' || k === 'depends_on' || k === 'lifecycle') continue;
      out[k] = literal(v, config, mocks, `${context}.${k}`);
    }
    return out;
  }
  return value;
}

/** What a V1 pipeline of the same stages was: no V2 attributes, no stage conditions (V2 only). */
function asV1(pipeline) {
  const v1 = JSON.parse(JSON.stringify(pipeline));
  for (const k of ['pipeline_type', 'execution_mode', 'trigger', 'variable']) delete v1[k];
  for (const stage of v1.stage) {
    for (const k of ['before_entry', 'on_failure', 'on_success']) delete stage[k];
  }
  return v1;
}

async function planActions(dir, ctx, resource, state) {
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ ...ctx.migrationHead, resource: { aws_codepipeline: { pipeline: resource } } }));
  const planned = await run('terraform', ['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color', `-state=${state}`,
    '-out=plan.out'], dir, ctx.env);
  if (planned.code !== 0) return { error: clean(planned.out).trim().split('\n').slice(-8).join(' ') };
  const shown = await run('terraform', ['show', '-json', 'plan.out'], dir, ctx.env);
  const plan = JSON.parse(shown.out.slice(shown.out.indexOf('{')));
  const change = (plan.resource_changes || []).find((r) => r.address === 'aws_codepipeline.pipeline');
  return { actions: change ? change.change.actions.join(',') : 'no-op', after: change && change.change.after };
}

/** The V1 -> V2 move of the stack's pipeline, planned by the real provider. */
async function pipelineMigration(work, config, ctx) {
  const [only] = instances(config, 'resource').filter((r) => r.type === 'aws_codepipeline');
  if (!only) return { ok: false, lines: ['pipeline-v1-to-v2.txt lists this stack, and it has no aws_codepipeline'] };
  let v2;
  try {
    v2 = literal(only.body, config, ctx.mocks, `aws_codepipeline.${only.name}`);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, lines: [e.message] };
    throw e;
  }
  const dir = path.join(work, 'migration');
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(work, '.terraform'), path.join(dir, '.terraform'));
  fs.copyFileSync(path.join(work, '.terraform.lock.hcl'), path.join(dir, '.terraform.lock.hcl'));
  const state = path.join(dir, 'v1.tfstate');
  const v1 = asV1(v2);
  const created = await planActions(dir, ctx, v1, path.join(dir, 'empty.tfstate'));
  if (created.error || created.actions !== 'create') {
    return { ok: false, lines: [`pipeline V1 -> V2: planning the V1 pipeline failed: ${created.error || created.actions}`] };
  }
  // What AWS fills in on create: the name as id, the ARN, the V1 defaults.
  const after = { ...created.after, id: v1.name, arn: `arn:aws:codepipeline:eu-west-1:123456789012:${v1.name}`,
    pipeline_type: 'V1', execution_mode: 'SUPERSEDED', tags_all: created.after.tags || {}, trigger: [], trigger_all: [], variable: [] };
  fs.writeFileSync(state, JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 1,
    lineage: '00000000-0000-4000-8000-000000000001', outputs: {}, resources: [{ mode: 'managed', type: 'aws_codepipeline',
      name: 'pipeline', provider: `provider["${AWS}"]`, instances: [{ schema_version: 0, attributes: after, sensitive_attributes: [] }] }] }));
  const unchanged = await planActions(dir, ctx, v1, state);
  if (unchanged.error || unchanged.actions !== 'no-op') {
    return { ok: false, lines: [`pipeline V1 -> V2: the V1 state is not what the V1 pipeline plans (${unchanged.error || unchanged.actions}); fix the state the check writes`] };
  }
  const moved = await planActions(dir, ctx, v2, state);
  if (moved.error || moved.actions !== 'update') {
    return { ok: false, lines: [`pipeline V1 -> V2: the real provider plans ${moved.error || moved.actions}, not an update in place:`
      + ' a running pipeline would be deleted and created again, losing its execution history'] };
  }
  const renamed = await planActions(dir, ctx, { ...v2, name: `${v2.name}-renamed` }, state);
  if (renamed.error || !/delete/.test(renamed.actions)) {
    return { ok: false, lines: [`pipeline V1 -> V2: the control (a renamed pipeline) planned ${renamed.error || renamed.actions},`
      + ' not a replacement, so this check could not see one'] };
  }
  return { ok: true, lines: ['pipeline V1 -> V2 plans an update in place (a renamed one plans a replacement)'] };
}

// ---------------------------------------------------------------------------------------------------------------

async function main(argv) {
  const args = argv.slice(2);
  let jobs = Number(process.env[JOBS_ENV]) || os.cpus().length;
  const dirs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--jobs') jobs = Number(args[++i]);
    else dirs.push(args[i]);
  }
  if (dirs.length === 0 || !(jobs >= 1)) {
    console.error('usage: node tools/terraform-check.cjs [--jobs N] <stack dir> [<stack dir> ...]');
    return 2;
  }
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) {
      console.error(`Terraform checks: ${dir} holds no cdk.tf.json (run cdktf synth first)`);
      return 2;
    }
  }
  const ids = dirs.map((d) => path.basename(path.resolve(d)));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) {
    console.error(`Terraform checks: two stack folders are named ${twice}; a stack id appears once per run`);
    return 2;
  }
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    console.error(`Terraform checks: the terraform CLI was not found on the PATH. ${INSTALL_HINT}`);
    return 2;
  }
  let terraformVersion = '?';
  try {
    terraformVersion = JSON.parse(version.stdout).terraform_version;
  } catch {
    // checked below
  }
  if (!satisfies(terraformVersion, MIN_TERRAFORM)) {
    console.error(`Terraform checks: terraform ${terraformVersion} is on the PATH; the stacks need ${MIN_TERRAFORM}. ${INSTALL_HINT}`);
    return 2;
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bluegreen-terraform-check-'));
  const cleanUp = () => fs.rmSync(root, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      for (const child of CHILDREN) child.kill('SIGKILL');
      cleanUp();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  try {
    const constraints = new Set(dirs.map((d) => {
      const c = readJson(path.join(d, 'cdk.tf.json'));
      return (((c.terraform || {}).required_providers || {}).aws || {}).version || '';
    }));
    const source = providerSource(process.env, [...constraints][0]);
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
    // Nothing from the caller's environment may change what runs: extra arguments (TF_CLI_ARGS, TF_CLI_ARGS_test with a
    // -filter would skip scenario files), another workspace or data folder.
    for (const name of Object.keys(env)) {
      if (name.startsWith('TF_CLI_ARGS') || name === 'TF_WORKSPACE' || name === 'TF_DATA_DIR') delete env[name];
    }
    if (!source.userConfig) delete env.TF_PLUGIN_CACHE_DIR;
    if (source.cliConfig !== null) {
      env.TF_CLI_CONFIG_FILE = path.join(root, 'terraform.rc');
      fs.writeFileSync(env.TF_CLI_CONFIG_FILE, source.cliConfig);
      if (source.cache) fs.mkdirSync(source.cache, { recursive: true });
    }
    // One installation per provider constraint (normally one for all stacks), shared by every stack's folder.
    const installations = new Map();
    for (const constraint of constraints) {
      const dir = path.join(root, 'provider-' + installations.size);
      fs.mkdirSync(dir);
      const required = { aws: { source: 'hashicorp/aws', ...(constraint ? { version: constraint } : {}) } };
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: required } }));
      const init = await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], dir, env);
      if (init.code !== 0) {
        // Terraform's own reason: the error block, joined into one line.
        const lines = clean(init.out).split('\n').map((l) => l.replace(/^[│╷╵\s]+/, '').trim()).filter(Boolean);
        const from = Math.max(0, lines.findIndex((l) => l.startsWith('Error:')));
        const said = lines.slice(from, from + 6).join(' ').slice(0, 600);
        throw new Refusal(`cannot install hashicorp/aws (${constraint || 'any version'}) from ${source.describe}: ${said}. `
          + `Fix: ${HOW_TO_PROVIDE}`);
      }
      installations.set(constraint, dir);
    }
    const lock = fs.readFileSync(path.join(installations.values().next().value, '.terraform.lock.hcl'), 'utf8');
    const installedVersion = (/version\s*=\s*"([^"]+)"/.exec(lock) || [])[1] || '?';
    console.log(`Terraform checks: hashicorp/aws ${installedVersion} from ${source.describe}; `
      + `${dirs.length} stack(s), ${Math.min(jobs, dirs.length)} at a time`);

    let mocks;
    try {
      mocks = readJson(MOCKS);
    } catch (e) {
      throw new Refusal(`cannot read the mock shapes ${MOCKS}: ${e.message}`);
    }
    // The pipeline migration plans: the real provider, offline (no credentials needed, no API called).
    const migrationHead = {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: [...constraints][0] || '>= 0' } } },
      provider: { aws: [{ region: 'eu-west-1', access_key: 'migration-check-no-key', secret_key: 'migration-check-no-secret',
        skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true,
        skip_region_validation: true }] },
    };
    const ctx = { root, env, installations, mocks, migrationHead };
    const results = await pool(dirs, jobs, (dir) => checkStack(dir, ctx));
    let failed = 0;
    for (const [i, r] of results.entries()) {
      if (r.ok) {
        console.log(`ok: ${dirs[i]}: ${r.lines.join(' ')}`);
      } else {
        failed++;
        console.log(`FAILED: ${dirs[i]}:`);
        for (const l of r.lines) console.log(`  ${l}`);
      }
    }
    if (failed > 0) {
      console.log(`Terraform checks: ${failed} of ${dirs.length} stack(s) failed`);
      return 1;
    }
    console.log(`Terraform checks: all ${dirs.length} stack(s) validate with the real provider and pass their tests`);
    return 0;
  } catch (e) {
    if (e instanceof Refusal) {
      console.error(`Terraform checks: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    cleanUp();
  }
}

if (require.main === module) {
  main(process.argv).then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
}

module.exports = { providerSource, searchMirrors, mirroredVersions, satisfies };
