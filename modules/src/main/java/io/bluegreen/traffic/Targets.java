package io.bluegreen.traffic;

/** What the load balancer sends traffic to, as each CodeDeploy platform needs it. */
public enum Targets {
    /**
     * ECS blue/green: two target groups of task IPs ("blue", "green"), a production and a test listener whose
     * forward CodeDeploy swaps (both ignore changes to default_action).
     */
    IP_BLUE_GREEN,
    /**
     * EC2 in-place: one target group of instances ("main") and the production listener; CodeDeploy takes each
     * instance out of the target group while it updates it and never touches the listener.
     */
    INSTANCE_SINGLE
}
