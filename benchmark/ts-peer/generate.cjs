#!/usr/bin/env node
// Writes the TypeScript peer (src/) from a synth of the Java app: the same stacks, the same construct tree (every
// scope and id), the same provider classes with the same typed configuration, the same references (token
// references, so cdktf itself writes the cross-stack outputs and remote state), moved blocks, locals, outputs,
// provider and backend. The peer is what a TypeScript team would have written by hand for the same design, flattened
// into one function per stack, so the benchmark compares like with like: the same cdktf work in both languages.
//
//   node generate.cjs <cdktf.out of the Java app>     (run by the benchmark when the peer is missing or stale)
//
// Typed configuration comes from the jsii assemblies of @cdktf/provider-aws and cdktf (node_modules), so every
// Terraform attribute maps to its binding property (camelCase, maps kept verbatim, blocks as structs). Anything the
// bindings cannot express is written as an override, as the Java app does.
'use strict';

const fs = require('fs');
const path = require('path');

const here = __dirname;
const outRoot = path.resolve(process.argv[2] || path.join(here, '..', '..', 'cdktf.out'));
const stacksDir = path.join(outRoot, 'stacks');
const manifest = JSON.parse(fs.readFileSync(path.join(outRoot, 'manifest.json'), 'utf8'));
const order = Object.keys(manifest.stacks);

const aws = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/@cdktf/provider-aws/.jsii'), 'utf8'));
const core = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/cdktf/.jsii'), 'utf8'));
const types = Object.assign({}, core.types, aws.types);

// Terraform type -> binding class (module folder and class name), for resources and data sources.
const classes = {};
for (const [fqn, t] of Object.entries(aws.types)) {
  if (t.kind !== 'class' || !t.docs || !t.docs.summary) continue;
  const m = t.docs.summary.match(/^Represents a \{@link https:\/\/\S+\/docs\/(resources|data-sources)\/\S+ (aws_\w+)\}/);
  if (!m) continue;
  const folder = t.locationInModule.filename.replace(/^src\//, '').replace(/\/index\.ts$/, '');
  const config = t.initializer.parameters[2].type.fqn;
  classes[(m[1] === 'resources' ? 'resource:' : 'data:') + m[2]] = { name: t.name, folder, config };
}
const provider = Object.values(aws.types).find((t) => t.name === 'AwsProvider');
// Resource types the Java app writes without the provider's binding class, and why (the peer does the same, as a
// subclass of TerraformResource whose synthesizeAttributes returns the attributes):
//   aws_wafv2_web_acl  io.bluegreen.security.RegionalWebAcl: the binding's JavaScript is 56 MB of nested statement
//                      structs the app never uses, loaded and compiled on every synth (about 0.4 s and 130 MB).
const RAW = { aws_wafv2_web_acl: { providerName: 'aws', providerVersion: '5.23.1', providerVersionConstraint: '~> 5.0' } };

function props(fqn) {
  const out = {};
  const t = types[fqn];
  for (const base of t.interfaces || []) Object.assign(out, props(base));
  for (const p of t.properties || []) {
    const text = (p.docs && (p.docs.remarks || '') + ' ' + (p.docs.summary || '')) || '';
    const m = text.match(/#(\w+) \w+#\w+\}/);
    const tf = m ? m[1] : p.name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
    out[tf] = p;
  }
  return out;
}

const REF = /^(data\.)?(aws_\w+)\.([A-Za-z0-9_]+)((?:\.[\w*-]+|\[[^\]]*\])*)$/;
const REMOTE = /^data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)$/;

function generateStack(name) {
  const json = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
  const imports = new Map();
  const lines = [];
  const elements = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(json[kind] || {})) {
      if (type === 'terraform_remote_state') continue; // written by cdktf for cross-stack references
      for (const [logical, body] of Object.entries(byName)) {
        const address = (kind === 'data' ? 'data.' : '') + type + '.' + logical;
        elements.push({ kind, type, logical, body, address, path: body['//'].metadata.path });
      }
    }
  }
  const byAddress = new Map(elements.map((e) => [e.address, e]));
  const uses = (e) => {
    const found = new Set();
    const text = JSON.stringify(Object.assign({}, e.body, { '//': undefined }));
    for (const m of text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) {
      for (const r of m[1].matchAll(/(data\.)?(aws_\w+)\.([A-Za-z0-9_]+)/g)) {
        const a = (r[1] || '') + r[2] + '.' + r[3];
        if (a !== e.address && byAddress.has(a)) found.add(a);
      }
    }
    for (const d of e.body.depends_on || []) if (byAddress.has(d)) found.add(d);
    return found;
  };
  // Creation order: every element after what it references (as in hand-written code).
  const sorted = [];
  const state = new Map();
  const visit = (e) => {
    if (state.get(e.address) === 2) return;
    if (state.get(e.address) === 1) throw new Error('reference cycle at ' + e.address);
    state.set(e.address, 1);
    for (const a of uses(e)) visit(byAddress.get(a));
    state.set(e.address, 2);
    sorted.push(e);
  };
  elements.forEach(visit);
  const varOf = new Map(sorted.map((e, i) => [e.address, 'r' + i]));

  const str = (s) => {
    if (!s.includes('${')) return JSON.stringify(s);
    const parts = [];
    let i = 0;
    let lit = '';
    while (i < s.length) {
      if (s.startsWith('$${', i)) { lit += '$${'; i += 3; continue; }
      if (s.startsWith('${', i)) {
        let depth = 0;
        let j = i + 1;
        for (; j < s.length; j++) {
          if (s[j] === '{') depth++;
          else if (s[j] === '}' && --depth === 0) break;
        }
        const inner = s.slice(i + 2, j);
        const token = tokenOf(inner);
        if (token) {
          if (lit) parts.push(JSON.stringify(lit));
          lit = '';
          parts.push(token);
        } else {
          lit += s.slice(i, j + 1);
        }
        i = j + 1;
        continue;
      }
      lit += s[i++];
    }
    if (lit) parts.push(JSON.stringify(lit));
    return parts.length === 1 && !parts[0].startsWith('"') ? parts[0] : parts.join(' + ');
  };
  const tokenOf = (inner) => {
    const remote = inner.match(REMOTE);
    if (remote) {
      const producer = JSON.parse(fs.readFileSync(path.join(stacksDir, remote[1], 'cdk.tf.json'), 'utf8'));
      const value = producer.output[remote[2]].value;
      const m = value.slice(2, -1).match(REF);
      if (!m || !value.startsWith('${')) throw new Error('cannot follow ' + remote[2] + ' of ' + remote[1]);
      return `shared.get(${JSON.stringify((m[1] || '') + m[2] + '.' + m[3])}).getStringAttribute(${JSON.stringify(m[4].replace(/^\./, ''))})`;
    }
    const m = inner.match(REF);
    if (!m) return null;
    const address = (m[1] || '') + m[2] + '.' + m[3];
    if (!varOf.has(address) || !m[4]) return null;
    return `${varOf.get(address)}.getStringAttribute(${JSON.stringify(m[4].replace(/^\./, ''))})`;
  };
  const anyValue = (v) => {
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return '[' + v.map(anyValue).join(', ') + ']';
    if (v && typeof v === 'object') {
      return '{ ' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ': ' + anyValue(x)).join(', ') + ' }';
    }
    return JSON.stringify(v);
  };
  const isExpr = (v) => typeof v === 'string' && /^\$\{.*\}$/s.test(v);
  const value = (v, type) => {
    if (type.union) {
      const pick = type.union.types.find((t) => (Array.isArray(v) ? t.collection && t.collection.kind === 'array'
        : t.primitive ? typeof v === t.primitive || t.primitive === 'any' : t.fqn && t.fqn !== 'cdktf.IResolvable' && typeof v === 'object'));
      return pick ? value(v, pick) : `(${anyValue(v)} as any)`;
    }
    if (type.primitive) {
      if (type.primitive === 'number' && isExpr(v)) return `Token.asNumber(${str(v)})`;
      if (type.primitive === 'boolean' && isExpr(v)) return `(${str(v)} as any)`;
      return anyValue(v);
    }
    if (type.collection) {
      if (isExpr(v)) return `Token.asList(${str(v)})`;
      if (type.collection.kind === 'array') return '[' + v.map((x) => value(x, type.collection.elementtype)).join(', ') + ']';
      return '{ ' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ': ' + value(x, type.collection.elementtype)).join(', ') + ' }';
    }
    if (type.fqn && types[type.fqn] && types[type.fqn].kind === 'interface' && types[type.fqn].datatype) {
      return struct(v, type.fqn).expr;
    }
    return `(${anyValue(v)} as any)`;
  };
  // Whether the binding can express v (a block rendered as a list where the binding has one struct cannot: the
  // Java app writes such values as overrides, and so does the peer).
  const fits = (v, type) => {
    if (type.union) return type.union.types.some((t) => t.fqn !== 'cdktf.IResolvable' && fits(v, t));
    if (type.primitive || isExpr(v)) return true;
    if (type.collection) {
      if (type.collection.kind === 'array') return Array.isArray(v) && v.every((x) => fits(x, type.collection.elementtype));
      return !Array.isArray(v) && typeof v === 'object' && Object.values(v).every((x) => fits(x, type.collection.elementtype));
    }
    if (type.fqn && types[type.fqn] && types[type.fqn].datatype) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
      const known = props(type.fqn);
      return Object.entries(v).every(([k, x]) => known[k] && fits(x, known[k].type));
    }
    return true;
  };
  const struct = (obj, fqn, skip = new Set()) => {
    const known = props(fqn);
    const fields = [];
    const overrides = [];
    for (const [k, v] of Object.entries(obj)) {
      if (skip.has(k)) continue;
      if (known[k] && fits(v, known[k].type)) fields.push(known[k].name + ': ' + value(v, known[k].type));
      else overrides.push([k, v]);
    }
    return { expr: '{ ' + fields.join(', ') + ' }', overrides };
  };
  const META = new Set(['//', 'depends_on', 'lifecycle', 'count', 'for_each', 'provider']);
  const scopes = new Map([[name, 'this']]);
  const scope = (parts) => {
    const key = parts.join('/');
    if (scopes.has(key)) return scopes.get(key);
    const parent = scope(parts.slice(0, -1));
    const v = 's' + scopes.size;
    scopes.set(key, v);
    lines.push(`    const ${v} = new Construct(${parent}, ${JSON.stringify(parts[parts.length - 1])});`);
    return v;
  };
  const use = (folder, cls) => {
    imports.set(cls, folder);
    return cls;
  };

  const p = json.provider.aws[0];
  const cfg = struct(p, provider.initializer.parameters[2].type.fqn);
  lines.push(`    new ${use('provider', 'AwsProvider')}(this, "aws", ${cfg.expr});`);
  const backend = Object.entries(json.terraform.backend)[0];
  if (backend[0] === 'local') lines.push(`    new LocalBackend(this, ${anyValue(backend[1])});`);
  else lines.push(`    new S3Backend(this, ${struct(backend[1], 'cdktf.S3BackendConfig').expr});`);
  lines.push(`    this.addOverride("terraform.required_providers.aws.version", ${JSON.stringify(json.terraform.required_providers.aws.version)});`);

  const locals = Object.entries(json.locals || {});
  const localVar = new Map();
  for (const [logical, v] of locals) {
    const parts = logical.split('_').slice(0, -1);
    const parent = scope([name].concat(parts.slice(0, -1)));
    const lv = 'l' + localVar.size;
    localVar.set(logical, lv);
    lines.push(`    const ${lv} = new TerraformLocal(${parent}, ${JSON.stringify(parts[parts.length - 1])}, ${anyValue(v)});`);
  }
  for (const e of sorted) {
    const parts = e.path.split('/');
    const parent = scope(parts.slice(0, -1));
    if (e.kind === 'resource' && RAW[e.type]) {
      // The keys the app wrote as overrides stay overrides; the rest are the resource's own attributes.
      const overridden = new Set(((json['//'].metadata.overrides || {})[e.type]) || []);
      const attributes = Object.fromEntries(Object.entries(e.body).filter(([k]) => !META.has(k) && !overridden.has(k)));
      lines.push(`    const ${varOf.get(e.address)} = new RawResource(${parent}, ${JSON.stringify(parts[parts.length - 1])}, `
        + `${JSON.stringify(e.type)}, ${JSON.stringify(RAW[e.type])}, ${anyValue(attributes)});`);
      lines.push(`    this.elements.set(${JSON.stringify(e.address)}, ${varOf.get(e.address)});`);
      for (const k of overridden) if (k in e.body) lines.push(`    ${varOf.get(e.address)}.addOverride(${JSON.stringify(k)}, ${anyValue(e.body[k])});`);
      continue;
    }
    const cls = classes[(e.kind === 'data' ? 'data:' : 'resource:') + e.type];
    if (!cls) throw new Error('no binding class for ' + e.address);
    const cfg = struct(e.body, cls.config, META);
    let expr = cfg.expr.slice(0, -2);
    const meta = [];
    if (e.body.depends_on) meta.push('dependsOn: [' + e.body.depends_on.map((d) => varOf.get(d)).join(', ') + ']');
    if (e.body.count !== undefined) meta.push('count: ' + (typeof e.body.count === 'number' ? e.body.count : `Token.asNumber(${str(e.body.count)})`));
    if (e.body.lifecycle) meta.push('lifecycle: ' + struct(e.body.lifecycle, 'cdktf.TerraformResourceLifecycle').expr);
    if (e.body.for_each !== undefined) {
      const set = e.body.for_each.match(/^\$\{toset\((.*)\)\}$/s);
      meta.push('forEach: ' + (set ? `TerraformIterator.fromList(Token.asList(${str('${' + set[1] + '}')}))`
        : `TerraformIterator.fromMap(Token.asAnyMap(${str(e.body.for_each)}))`));
    }
    if (meta.length) expr = (expr.length > 2 ? expr + ', ' : '{ ') + meta.join(', ');
    expr += ' }';
    lines.push(`    const ${varOf.get(e.address)} = new ${use(cls.folder, cls.name)}(${parent}, ${JSON.stringify(parts[parts.length - 1])}, ${expr});`);
    lines.push(`    this.elements.set(${JSON.stringify(e.address)}, ${varOf.get(e.address)});`);
    for (const [k, v] of cfg.overrides) lines.push(`    ${varOf.get(e.address)}.addOverride(${JSON.stringify(k)}, ${anyValue(v)});`);
  }
  for (const m of json.moved || []) {
    lines.push(`    ${varOf.get(m.to)}.moveFromId(${JSON.stringify(m.from)});`);
  }
  for (const [id, o] of Object.entries(json.output || {})) {
    if (id.startsWith('cross-stack-output-')) continue;
    const fields = ['value: ' + anyValue(o.value)];
    if (o.description) fields.push('description: ' + JSON.stringify(o.description));
    if (o.sensitive) fields.push('sensitive: true');
    lines.push(`    new TerraformOutput(this, ${JSON.stringify(id)}, { ${fields.join(', ')} });`);
  }
  const dependsOnShared = /cross-stack-reference-input-/.test(JSON.stringify(json));
  const sharedName = dependsOnShared ? JSON.stringify(json).match(/cross-stack-reference-input-([\w-]+)/)[1] : null;
  const head = [
    '// Generated by generate.cjs from the Java app\'s synth: do not edit.',
    'import { Construct } from "constructs";',
    'import { LocalBackend, S3Backend, TerraformIterator, TerraformLocal, TerraformOutput, Token } from "cdktf";',
    'import { PeerStack, RawResource } from "../peer-stack";',
  ];
  for (const [cls, folder] of [...imports].sort()) head.push(`import { ${cls} } from "@cdktf/provider-aws/lib/${folder}";`);
  const fn = 'stack_' + name.replace(/-/g, '_');
  const body = head.concat(['', `/** ${name} */`,
    `export function ${fn}(app: Construct, shared?: PeerStack): PeerStack {`,
    `  return new (class extends PeerStack {`,
    `    build(shared?: PeerStack) {`,
    lines.join('\n').replace(/^ {4}/gm, '      '),
    `    }`,
    `  })(app, ${JSON.stringify(name)}, shared);`,
    '}', '']).join('\n');
  return { fn, body, shared: sharedName };
}

const srcStacks = path.join(here, 'src', 'stacks');
fs.rmSync(srcStacks, { recursive: true, force: true });
fs.mkdirSync(srcStacks, { recursive: true });
const main = ['// Generated by generate.cjs: every stack of the Java app, in the same order.',
  'import { App } from "cdktf";', 'import { PeerStack } from "./peer-stack";'];
const calls = [];
for (const name of order) {
  const g = generateStack(name);
  fs.writeFileSync(path.join(srcStacks, name + '.ts'), g.body);
  main.push(`import { ${g.fn} } from "./stacks/${name}";`);
  calls.push(g.shared ? `${g.fn}(app, stacks.get(${JSON.stringify(g.shared)}));` : `stacks.set(${JSON.stringify(name)}, ${g.fn}(app));`);
}
main.push('', 'const app = new App();', 'const stacks = new Map<string, PeerStack>();');
main.push(...calls, 'app.synth();', '');
fs.writeFileSync(path.join(here, 'src', 'main.ts'), main.join('\n'));
console.log(`ts-peer: ${order.length} stacks generated from ${outRoot}`);
