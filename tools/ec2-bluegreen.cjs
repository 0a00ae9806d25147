#!/usr/bin/env node
// Operations on the EC2 blue/green services of synthesized stacks, with the AWS CLI (credentials of the environment).
//
//   node tools/ec2-bluegreen.cjs idle <stack dir> [<stack dir> ...]
//       Fails (exit 1, one line per deployment) while a deployment of any EC2 blue/green deployment group of the stacks
//       is running. A Terraform apply that updates such a deployment group re-sends the Auto Scaling group list it
//       read at plan time, so an apply in the middle of a deployment can point the group back at the blue fleet that
//       CodeDeploy is about to delete. The deploy workflow runs this right before `cdktf deploy`; run it yourself too.
//
//   node tools/ec2-bluegreen.cjs remove-copies <stack dir>
//       Deletes every Auto Scaling group CodeDeploy made of the stack's fleet (CodeDeploy_<deployment group>_*), the
//       live one included, and waits until they are gone. Run it before `cdktf destroy` of the stack, and before an
//       apply that replaces its launch template, security group or target group (docs/runbook.md: EC2 blue/green,
//       destroy). It refuses while a deployment of the group is running.
//
// Exit codes: 0 done; 1 refused or failed (the line says why and what to do); 2 usage error.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const RUNNING = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
const WAIT_SECONDS = Number(process.env.BLUEGREEN_COPY_WAIT_SECONDS || 600);
const POLL_SECONDS = Number(process.env.BLUEGREEN_COPY_POLL_SECONDS || 10);

/** The EC2 blue/green deployment groups of a synthesized stack: {region, application, group, stack}. */
function blueGreenGroups(stackDir) {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const resources = config.resource || {};
  const region = (((config.provider || {}).aws || [])[0] || {}).region;
  const out = [];
  for (const group of Object.values(resources.aws_codedeploy_deployment_group || {})) {
    const style = group.deployment_style || {};
    const copies = ((group.blue_green_deployment_config || {}).green_fleet_provisioning_option || {}).action;
    if (style.deployment_type !== 'BLUE_GREEN' || copies !== 'COPY_AUTO_SCALING_GROUP') continue;
    const app = /^\$\{aws_codedeploy_app\.([^.]+)\.name\}$/.exec(group.app_name || '');
    const application = app ? (resources.aws_codedeploy_app || {})[app[1]].name : group.app_name;
    out.push({ region, application, group: group.deployment_group_name, stack: path.basename(stackDir) });
  }
  return out;
}

function aws(args, region) {
  const result = spawnSync('aws', [...args, '--region', region, '--output', 'json'], { encoding: 'utf8' });
  if (result.error) throw new Error(`the AWS CLI is not available (${result.error.message}): install it and set credentials`);
  if (result.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${(result.stderr || '').trim()}`);
  return result.stdout.trim() ? JSON.parse(result.stdout) : {};
}

function running(g) {
  const listed = aws(['deploy', 'list-deployments', '--application-name', g.application, '--deployment-group-name', g.group,
    '--include-only-statuses', ...RUNNING], g.region);
  return listed.deployments || [];
}

function idle(dirs) {
  let busy = 0;
  for (const dir of dirs) {
    for (const g of blueGreenGroups(dir)) {
      const ids = running(g);
      for (const id of ids) {
        busy++;
        console.log(`${g.stack}: deployment ${id} of ${g.application}/${g.group} is running; an apply now could point the `
          + `group back at a fleet CodeDeploy is about to delete. Wait for it to end (aws deploy get-deployment `
          + `--deployment-id ${id}), or stop it (aws deploy stop-deployment --deployment-id ${id} --auto-rollback-enabled), then deploy.`);
      }
      if (ids.length === 0) console.log(`ok: ${g.stack}: no deployment of ${g.application}/${g.group} is running`);
    }
  }
  return busy ? 1 : 0;
}

function copies(g) {
  const prefix = `CodeDeploy_${g.group}_`;
  const described = aws(['autoscaling', 'describe-auto-scaling-groups', '--query',
    `AutoScalingGroups[?starts_with(AutoScalingGroupName, '${prefix}')].AutoScalingGroupName`], g.region);
  return (Array.isArray(described) ? described : []).filter((name) => name.startsWith(prefix));
}

function sleep(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

function removeCopies(dir) {
  const groups = blueGreenGroups(dir);
  if (groups.length === 0) {
    console.log(`${path.basename(dir)} has no EC2 blue/green deployment group: nothing to remove`);
    return 0;
  }
  for (const g of groups) {
    const busy = running(g);
    if (busy.length) {
      console.log(`${g.stack}: deployment ${busy.join(', ')} of ${g.application}/${g.group} is running: let it end or stop `
        + `it (aws deploy stop-deployment --deployment-id ${busy[0]}), then run remove-copies again`);
      return 1;
    }
    const found = copies(g);
    for (const name of found) {
      aws(['autoscaling', 'delete-auto-scaling-group', '--auto-scaling-group-name', name, '--force-delete'], g.region);
      console.log(`${g.stack}: deleting ${name} and its instances`);
    }
    const deadline = Date.now() + WAIT_SECONDS * 1000;
    let left = found.length ? copies(g) : [];
    while (left.length && Date.now() < deadline) {
      sleep(POLL_SECONDS);
      left = copies(g);
    }
    if (left.length) {
      console.log(`${g.stack}: still deleting ${left.join(', ')} after ${WAIT_SECONDS} s; run remove-copies again`);
      return 1;
    }
    console.log(`ok: ${g.stack}: no CodeDeploy copy of ${g.group} is left${found.length ? '' : ' (there was none)'}`);
  }
  return 0;
}

function main(argv) {
  const [command, ...dirs] = argv.slice(2);
  if (!['idle', 'remove-copies'].includes(command) || dirs.length === 0 || (command === 'remove-copies' && dirs.length !== 1)) {
    console.error('usage: node tools/ec2-bluegreen.cjs idle <stack dir>... | remove-copies <stack dir>');
    return 2;
  }
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) {
      console.error(`${dir} holds no cdk.tf.json (run cdktf synth first)`);
      return 2;
    }
  }
  try {
    return command === 'idle' ? idle(dirs) : removeCopies(dirs[0]);
  } catch (e) {
    console.log(`ec2-bluegreen ${command}: ${e.message}`);
    return 1;
  }
}

if (require.main === module) process.exit(main(process.argv));

module.exports = { blueGreenGroups };
