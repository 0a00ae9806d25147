#!/usr/bin/env node
// Releases a chosen source revision of one service: starts its pipeline with that revision instead of the newest one.
// This is the way back to an earlier release once the old fleet is gone (blue terminated, a Lambda version pruned):
// the pipeline builds and deploys the chosen revision like any release, through the approval, the deployment window
// and the alarm gate of the environment.
//
//   node tools/release.cjs <env>-<service> <revision> [--variable NAME=VALUE ...] [--stacks <cdktf.out/stacks>]
//
//   <revision>, by the service's source:
//     CodeStar connection, CodeCommit   a full commit SHA (40 hex: git rev-parse <tag or branch>)
//     S3 object                          the object's version id (aws s3api list-object-versions)
//     ECR image push                     sha256:<digest>, or an image tag, which is resolved to its digest now
//   --variable NAME=VALUE                sets a pipeline variable for this release (repeatable)
//
// It reads the pipeline's name, source action and region from the synthesized stack (run `cdktf synth` first), calls
// `aws codepipeline start-pipeline-execution` with the credentials of your shell, and prints how to follow the release.
// Exit codes: 0 started; 1 refused or failed (one line says why); 2 usage error.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function fail(code, message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(code);
}

function usage(message) {
  fail(2, `${message}\nusage: node tools/release.cjs <env>-<service> <revision> [--variable NAME=VALUE ...] [--stacks <dir>]`);
}

function parseArgs(argv) {
  const positional = [];
  const variables = [];
  let stacks = path.join(__dirname, '..', 'cdktf.out', 'stacks');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else if (a === '--variable') {
      const v = argv[++i];
      const m = /^([A-Za-z_][A-Za-z0-9_]{0,127})=(.{1,1000})$/s.exec(v || '');
      if (!m) usage(`--variable needs NAME=VALUE with a value of 1-1000 characters, got ${JSON.stringify(v)}`);
      variables.push({ name: m[1], value: m[2] });
    } else if (a === '--stacks') {
      stacks = argv[++i];
      if (!stacks) usage('--stacks needs a folder');
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 2) usage('name the stack and the revision');
  return { stack: positional[0], revision: positional[1], variables, stacks };
}

/** The pipeline of a synthesized stack: name, region, source action, source kind, declared variables, repository. */
function pipelineOf(stackDir, stack) {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    fail(1, `no synthesized stack ${stack} at ${file}: run \`npx --yes cdktf-cli@0.19.2 synth\` first, or pass --stacks`);
  }
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  const pipelines = Object.values((config.resource || {}).aws_codepipeline || {});
  if (pipelines.length !== 1) fail(1, `${stack} has ${pipelines.length} pipelines, expected one`);
  const p = pipelines[0];
  if (typeof p.name !== 'string' || p.name.includes('${')) fail(1, `${stack}: the pipeline's name is not a literal`);
  const action = p.stage[0].action[0];
  const repoRef = /^\$\{aws_ecr_repository\.([^.]+)\.name\}$/.exec((action.configuration || {}).RepositoryName || '');
  const repository = repoRef ? ((config.resource.aws_ecr_repository || {})[repoRef[1]] || {}).name : (action.configuration || {}).RepositoryName;
  return {
    name: p.name,
    // The provider without an alias is the one the stack's resources use.
    region: (((config.provider || {}).aws || []).find((p) => !p.alias) || {}).region,
    action: action.name,
    provider: action.provider,
    repository,
    variables: (p.variable || []).map((v) => v.name),
    gated: p.stage.some((st) => st.before_entry),
  };
}

function aws(args) {
  const done = spawnSync('aws', [...args, '--output', 'json'], { encoding: 'utf8' });
  if (done.error) fail(1, `cannot run the AWS CLI (${done.error.code}): install it and sign in, then retry`);
  if (done.status !== 0) fail(1, `aws ${args.slice(0, 2).join(' ')} failed: ${(done.stderr || '').trim()}`);
  return done.stdout.trim() ? JSON.parse(done.stdout) : {};
}

/** The source revision CodePipeline takes for this source, from what the user gave. */
function sourceRevision(pipeline, revision) {
  switch (pipeline.provider) {
    case 'CodeStarSourceConnection':
    case 'CodeCommit':
      if (!/^[0-9a-f]{40}$/.test(revision)) {
        fail(1, `${pipeline.name} releases git commits: give the full 40-character SHA (git rev-parse ${revision}), not ${JSON.stringify(revision)}`);
      }
      return { type: 'COMMIT_ID', value: revision };
    case 'S3':
      if (!/^[\x21-\x7e]{1,1024}$/.test(revision)) {
        fail(1, `${pipeline.name} releases S3 object versions: give a version id (aws s3api list-object-versions), not ${JSON.stringify(revision)}`);
      }
      return { type: 'S3_OBJECT_VERSION_ID', value: revision };
    case 'ECR': {
      if (/^sha256:[0-9a-f]{64}$/.test(revision)) return { type: 'IMAGE_DIGEST', value: revision };
      if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(revision)) {
        fail(1, `${pipeline.name} releases images: give sha256:<digest> or an image tag, not ${JSON.stringify(revision)}`);
      }
      const found = aws(['ecr', 'describe-images', '--region', pipeline.region, '--repository-name', pipeline.repository,
        '--image-ids', `imageTag=${revision}`]);
      const digest = ((found.imageDetails || [])[0] || {}).imageDigest;
      if (!digest) fail(1, `no image tagged ${revision} in ${pipeline.repository}`);
      process.stdout.write(`image ${pipeline.repository}:${revision} is ${digest}\n`);
      return { type: 'IMAGE_DIGEST', value: digest };
    }
    default:
      return fail(1, `${pipeline.name}: a ${pipeline.provider} source cannot release a chosen revision`);
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(args.stack)) usage(`${JSON.stringify(args.stack)} is not a stack id such as prod-checkout`);
  const pipeline = pipelineOf(path.join(args.stacks, args.stack), args.stack);
  for (const v of args.variables) {
    if (!pipeline.variables.includes(v.name)) {
      fail(1, `${pipeline.name} has no variable ${v.name} (it has: ${pipeline.variables.join(', ') || 'none'}); declare it in the service's PipelineSettings.withVariables`);
    }
  }
  const revision = sourceRevision(pipeline, args.revision);
  const request = ['codepipeline', 'start-pipeline-execution', '--region', pipeline.region, '--name', pipeline.name,
    '--source-revisions', JSON.stringify([{ actionName: pipeline.action, revisionType: revision.type, revisionValue: revision.value }])];
  if (args.variables.length) request.push('--variables', JSON.stringify(args.variables));
  const started = aws(request);
  const id = started.pipelineExecutionId;
  if (!id) fail(1, `start-pipeline-execution returned no execution id: ${JSON.stringify(started)}`);
  const region = pipeline.region;
  process.stdout.write([
    `started ${pipeline.name} execution ${id} with ${revision.type} ${revision.value}`,
    'it queues behind a release that is running, then builds and deploys like any release (approval, window, alarm gate)',
    `follow:  aws codepipeline get-pipeline-execution --region ${region} --pipeline-name ${pipeline.name} --pipeline-execution-id ${id}`,
    `actions: aws codepipeline list-action-executions --region ${region} --pipeline-name ${pipeline.name} --filter pipelineExecutionId=${id}`,
    `console: https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${pipeline.name}/executions/${id}/timeline?region=${region}`,
    ...(pipeline.gated ? [
      'a deployment window or the alarm gate may hold it before Deploy; in an emergency, let this execution pass (docs/runbook.md):',
      `  aws codepipeline override-stage-condition --region ${region} --pipeline-name ${pipeline.name} --stage-name <stage it waits at> --pipeline-execution-id ${id} --condition-type BEFORE_ENTRY`,
    ] : []),
    '',
  ].join('\n'));
}

main();
