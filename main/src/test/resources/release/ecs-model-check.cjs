// Checks a task definition document (taskdef.json after CodeDeploy's substitutions) against ECS's own API model of
// RegisterTaskDefinition, as AWS publishes it in its SDK (aws-sdk v2's apis/ecs-2014-11-13.min.json): every member
// is one the operation knows, every required member is there, and each value has the model's type (string, integer,
// boolean, list, map, structure). Prints one line per problem; exit 0 when there is none.
//
//   node ecs-model-check.cjs <ecs-2014-11-13.min.json> <taskdef.json>
'use strict';
const fs = require('fs');

const model = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const document = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const problems = [];

function resolve(shape) {
  return shape && shape.shape ? { ...model.shapes[shape.shape], ...Object.fromEntries(Object.entries(shape).filter(([k]) => k !== 'shape')) } : shape || {};
}

function check(value, shape, where) {
  const s = resolve(shape);
  const type = s.type || 'string';
  if (type === 'structure') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return problems.push(`${where}: a structure expected, got ${JSON.stringify(value)}`);
    for (const required of s.required || []) {
      if (!(required in value)) problems.push(`${where}: required member ${required} is missing`);
    }
    for (const [member, v] of Object.entries(value)) {
      if (!(s.members || {})[member]) problems.push(`${where}: ${member} is not a member the API knows (${Object.keys(s.members || {}).join(', ')})`);
      else check(v, s.members[member], `${where}.${member}`);
    }
  } else if (type === 'list') {
    if (!Array.isArray(value)) return problems.push(`${where}: a list expected, got ${JSON.stringify(value)}`);
    value.forEach((v, i) => check(v, s.member, `${where}[${i}]`));
  } else if (type === 'map') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return problems.push(`${where}: a map expected`);
    for (const [k, v] of Object.entries(value)) check(v, s.value, `${where}.${k}`);
  } else if (type === 'integer' || type === 'long') {
    if (!Number.isInteger(value)) problems.push(`${where}: an integer expected, got ${JSON.stringify(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${where}: a boolean expected, got ${JSON.stringify(value)}`);
  } else if (type === 'double' || type === 'float') {
    if (typeof value !== 'number') problems.push(`${where}: a number expected, got ${JSON.stringify(value)}`);
  } else if (typeof value !== 'string') {
    problems.push(`${where}: a string expected, got ${JSON.stringify(value)}`);
  }
}

const operation = model.operations.RegisterTaskDefinition;
if (!operation) {
  console.log('the model has no RegisterTaskDefinition operation');
  process.exit(1);
}
check(document, operation.input, 'RegisterTaskDefinition');
problems.forEach((p) => console.log(p));
process.exit(problems.length === 0 ? 0 : 1);
