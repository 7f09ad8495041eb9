/**
 * Jobs from submission to result: the {@link io.qubitd.scheduler.Gateway} routes requests to one
 * event-sourced {@link io.qubitd.scheduler.Scheduler} per backend, which validates, journals, orders
 * (priority, then round robin between clients) and hands circuits to one
 * {@link io.qubitd.scheduler.BatchRun} per chip run; {@link io.qubitd.scheduler.Packer} places several
 * circuits on disjoint regions of a chip. The message contract is {@link io.qubitd.scheduler.GatewayProtocol}
 * and {@link io.qubitd.scheduler.Jobs}.
 */
package io.qubitd.scheduler;
