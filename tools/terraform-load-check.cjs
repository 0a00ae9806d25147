#!/usr/bin/env node
// Terraform load check: proves that Terraform itself can load and validate every synthesized stack, without the
// AWS provider (which cannot be downloaded everywhere this project is tested).
//
//   node tools/terraform-load-check.cjs <stack dir> [<stack dir> ...]     (a stack dir holds cdk.tf.json)
//
// Each stack is rewritten into a provider-free stand-in: every resource and data source becomes a built-in
// `terraform_data` resource whose `input` is its body; references are rewritten to point at the stand-ins;
// meta-arguments (count, for_each, depends_on, lifecycle with its pre/postconditions) are kept; provider and
// backend are dropped. Then `terraform init -backend=false` and `terraform validate` run on the stand-in. That
// checks every string as the template Terraform reads it (an unescaped `${` or `%{` in an embedded document stops
// the whole stack), references to undeclared objects, function names and arities, cycles and meta-arguments.
//
// Exit codes: 0 every stack loads; 1 at least one stack does not (each error is printed with its stack);
// 2 usage error or Terraform is not installed. It never skips silently.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const STANDIN = 'terraform_data';
// Meta-arguments Terraform handles itself on every resource and data source; kept on the stand-in.
const KEPT_META = ['count', 'for_each', 'depends_on', 'lifecycle'];
// Meta-arguments that need the real provider; dropped (nothing to check without it).
const DROPPED_META = ['provider', 'provisioner', 'connection'];

const INSTALL_HINT = 'Install Terraform 1.5 or newer and put it on the PATH: '
  + 'https://developer.hashicorp.com/terraform/install (Debian/Ubuntu: the apt repository at apt.releases.hashicorp.com, '
  + 'package "terraform"; macOS: brew install hashicorp/tap/terraform). cdktf deploy and diff need it too.';

/** Stand-in resource name for a resource or data source address: unique, and a valid Terraform name. */
function standInName(kind, type, name) {
  const raw = (kind === 'data' ? 'data__' : '') + type + '__' + name;
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : '_' + safe;
}

/**
 * Rewrites the references inside one HCL expression (the text between `${` and `}` or a bare traversal such as a
 * depends_on entry). `index` maps "type" / "data.type" to {name -> {standIn, repeated}}.
 */
function rewriteExpression(expr, index, { inPostcondition = false } = {}) {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"') { // a quoted string inside the expression: copy it (with its own templates rewritten)
      const end = quotedEnd(expr, i);
      out += '"' + rewriteTemplate(expr.slice(i + 1, end), index, { inPostcondition }) + '"';
      i = end + 1;
      continue;
    }
    const prev = i > 0 ? expr[i - 1] : '';
    if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_.\-]/.test(prev)) {
      const m = /^(data\.)?([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(expr.slice(i));
      if (m) {
        const key = (m[1] || '') + m[2];
        const target = index[key] && index[key][m[3]];
        if (target) {
          let rest = expr.slice(i + m[0].length);
          let ref = STANDIN + '.' + target.standIn;
          const idx = /^\[[^\]]*\]/.exec(rest);
          if (idx) {
            ref += idx[0];
            rest = rest.slice(idx[0].length);
          }
          if (!target.repeated || idx) {
            ref += '.output';
          }
          out += ref;
          i += m[0].length + (idx ? idx[0].length : 0);
          continue;
        }
        if (inPostcondition && m[2] === 'self' && !m[1]) {
          out += 'self.output.' + m[3];
          i += m[0].length;
          continue;
        }
      }
      const word = /^[A-Za-z0-9_-]+/.exec(expr.slice(i))[0];
      out += word;
      i += word.length;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

/** Index of the closing quote of the quoted string starting at `start` inside an expression. */
function quotedEnd(expr, start) {
  let i = start + 1;
  let depth = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '\\') { i += 2; continue; }
    if ((c === '$' || c === '%') && expr[i + 1] === '{') {
      if (expr[i - 1] === c) { i += 2; continue; } // $${ or %%{: an escaped literal
      depth += 1; i += 2; continue;
    }
    if (c === '}' && depth > 0) { depth -= 1; i += 1; continue; }
    if (c === '"' && depth === 0) return i;
    i += 1;
  }
  return expr.length;
}

/**
 * Rewrites the references inside the interpolations (`${...}`) and directives (`%{...}`) of a template string,
 * leaving literal text (including the escapes `$${` and `%%{`) exactly as it is. Malformed templates are left
 * for Terraform to report.
 */
function rewriteTemplate(text, index, opts) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      out += text.slice(i, i + 3); // escaped: literal "${" or "%{"
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = expressionEnd(text, i + 2);
      if (end < 0) { // unterminated: Terraform reports it
        out += text.slice(i);
        break;
      }
      out += text.slice(i, i + 2) + rewriteExpression(text.slice(i + 2, end), index, opts) + '}';
      i = end + 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

/** Index of the `}` closing an expression that starts at `start`, skipping nested braces and quoted strings. */
function expressionEnd(text, start) {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') { i = quotedEnd(text, i) + 1; continue; }
    if (c === '{') depth += 1;
    if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  return -1;
}

/** Rewrites every string in a JSON value as a template. */
function rewriteValue(value, index, opts) {
  if (typeof value === 'string') return rewriteTemplate(value, index, opts);
  if (Array.isArray(value)) return value.map((v) => rewriteValue(v, index, opts));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewriteValue(v, index, opts);
    return out;
  }
  return value;
}

/** A depends_on / replace_triggered_by entry is a bare traversal (cdktf writes no "${}" around it). */
function rewriteTraversal(entry, index) {
  const bare = entry.startsWith('${') && entry.endsWith('}') ? entry.slice(2, -1) : entry;
  const rewritten = rewriteExpression(bare, index);
  return rewritten.replace(/\.output$/, '');
}

function rewriteLifecycle(lifecycle, index) {
  const out = {};
  for (const [key, value] of Object.entries(lifecycle)) {
    if (key === 'ignore_changes') {
      // The real attributes live under the stand-in's `input`.
      out[key] = value === 'all' ? 'all' : value.map((attr) => (attr === 'all' ? 'all' : 'input.' + attr));
    } else if (key === 'replace_triggered_by') {
      out[key] = value.map((entry) => rewriteTraversal(entry, index));
    } else if (key === 'postcondition') {
      out[key] = rewriteValue(value, index, { inPostcondition: true });
    } else {
      out[key] = rewriteValue(value, index);
    }
  }
  return out;
}

/** A resource address in a moved block (type.name, optionally with an index) as the stand-in's address. */
function movedAddress(address) {
  const m = /^([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(\[.*\])?$/.exec(address);
  return m ? `${STANDIN}.${standInName('resource', m[1], m[2])}${m[3] || ''}` : address;
}

/** The provider-free stand-in of one synthesized stack. */
function standIn(stack) {
  const index = {};
  const blocks = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(stack[kind] || {})) {
      const key = kind === 'data' ? 'data.' + type : type;
      index[key] = index[key] || {};
      for (const [name, body] of Object.entries(byName)) {
        index[key][name] = {
          standIn: standInName(kind, type, name),
          repeated: body.count !== undefined || body.for_each !== undefined,
        };
        blocks.push({ kind, type, name, body });
      }
    }
  }

  const resources = {};
  for (const { kind, type, name, body } of blocks) {
    const input = {};
    const resource = {};
    for (const [attr, value] of Object.entries(body)) {
      if (DROPPED_META.includes(attr)) continue;
      if (!KEPT_META.includes(attr)) {
        input[attr] = rewriteValue(value, index);
      } else if (attr === 'depends_on') {
        resource[attr] = value.map((entry) => rewriteTraversal(entry, index));
      } else if (attr === 'lifecycle') {
        resource[attr] = rewriteLifecycle(value, index);
      } else {
        resource[attr] = rewriteValue(value, index);
      }
    }
    // What the real block was, for error messages that point back at it.
    input.__address = (kind === 'data' ? 'data.' : '') + type + '.' + name;
    resources[index[kind === 'data' ? 'data.' + type : type][name].standIn] = { input, ...resource };
  }

  const out = {};
  if (stack.terraform && stack.terraform.required_version) {
    out.terraform = { required_version: stack.terraform.required_version };
  }
  if (Object.keys(resources).length > 0) out.resource = { [STANDIN]: resources };
  for (const section of ['locals', 'variable', 'output', 'check', 'import']) {
    if (stack[section] !== undefined) out[section] = rewriteValue(stack[section], index);
  }
  if (stack.moved !== undefined) {
    // moved { from, to } name resource addresses; the stand-ins keep them checkable (to must be declared).
    out.moved = stack.moved.map((m) => ({ from: movedAddress(m.from), to: movedAddress(m.to) }));
  }
  if (stack.module !== undefined) {
    throw new Error('modules are not supported by the load check (this project synthesizes none)');
  }
  return out;
}

function terraform(args, cwd, env) {
  return spawnSync('terraform', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Loads one stack directory; returns a list of error lines (empty when Terraform accepts it). */
function checkStack(stackDir) {
  const file = path.join(stackDir, 'cdk.tf.json');
  const label = path.basename(path.resolve(stackDir));
  let stack;
  try {
    stack = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return [`${label}: cannot read ${file}: ${e.message}`];
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-load-check-'));
  try {
    fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(standIn(stack), null, 2));
    // Files the stack reads at plan time (assets: packages whose hash Terraform computes) stay reachable.
    const assets = path.join(stackDir, 'assets');
    if (fs.existsSync(assets)) fs.symlinkSync(path.resolve(assets), path.join(work, 'assets'), 'dir');
    const rc = path.join(work, 'terraformrc');
    fs.writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0', TF_DATA_DIR: path.join(work, '.terraform') };
    const init = terraform(['init', '-backend=false', '-input=false', '-no-color'], work, env);
    if (init.status !== 0) {
      return [`${label}: terraform init failed:\n${(init.stderr || '') + (init.stdout || '')}`.trim()];
    }
    const validate = terraform(['validate', '-json', '-no-color'], work, env);
    let result;
    try {
      result = JSON.parse(validate.stdout);
    } catch (e) {
      return [`${label}: terraform validate printed no JSON:\n${validate.stderr}${validate.stdout}`];
    }
    const errors = [];
    for (const d of result.diagnostics || []) {
      if (d.severity !== 'error') continue;
      const where = d.snippet && d.snippet.context ? ` [${original(d.snippet.context)}]` : '';
      errors.push(`${label}: ${d.summary}${where}: ${d.detail || ''}`.trim());
    }
    if (!result.valid && errors.length === 0) errors.push(`${label}: terraform validate reported the stack invalid`);
    return errors;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Maps a stand-in context such as resource.terraform_data.aws_lb__x.input back to the real address. */
function original(context) {
  return context.replace(/terraform_data\.(data__)?([A-Za-z0-9_-]+?)__([A-Za-z0-9_-]+)(\.input)?/,
    (all, data, type, name) => (data ? 'data.' : '') + type + '.' + name);
}

function main(argv) {
  const dirs = argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: node tools/terraform-load-check.cjs <stack dir> [<stack dir> ...]');
    return 2;
  }
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    console.error(`Terraform load check: the terraform CLI was not found on the PATH. ${INSTALL_HINT}`);
    return 2;
  }
  let failed = 0;
  for (const dir of dirs) {
    const errors = checkStack(dir);
    if (errors.length === 0) {
      console.log(`ok: Terraform loads ${dir}`);
    } else {
      failed += 1;
      errors.forEach((e) => console.error(`Terraform cannot load ${e}`));
    }
  }
  return failed === 0 ? 0 : 1;
}

module.exports = { standIn, rewriteTemplate };

if (require.main === module) {
  process.exit(main(process.argv));
}
